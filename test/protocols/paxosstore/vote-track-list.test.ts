// The vote tracker (protocols/paxosstore/forgotten-votes.ts) keeps each entity track's entry list beside the entity
// state it last saw, instead of finding it again in entry-list.ts's cache of recent records: after every event of fuzz
// runs (restarts, GC, recoveries), every track's list must be its entity's entries record, number by number and object
// by object, as a fresh walk of the record gives it.
import { describe, expect, it } from 'vitest';
import { observeVotes } from '../../../protocols/paxosstore/forgotten-votes.ts';
import { afterEachFuzzEvent } from './run-fixture.ts';

describe('paxosstore: the vote tracker\'s kept entry lists', () => {
  it('hold each tracked entity\'s entries after every event of fuzz runs', () => {
    let tracks = 0;
    let slips = 0;
    afterEachFuzzEvent(1000, 1015, (view) => {
      for (const nt of observeVotes(view).nodes) {
        if (nt === undefined) continue;
        for (const et of nt.entities.values()) {
          tracks++;
          const entries = et.ent.entries;
          const keys = Object.keys(entries).map(Number);
          // Counted, not asserted per track (an expect per call costs more than the run).
          if (keys.length !== et.list.keys.length || keys.some((k, i) => et.list.keys[i] !== k || et.list.infos[i] !== entries[k])) slips++;
        }
      }
    });
    expect(slips).toBe(0);
    expect(tracks).toBeGreaterThan(10_000);
  });
});

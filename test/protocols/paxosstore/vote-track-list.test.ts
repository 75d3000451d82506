// The vote tracker (protocols/paxosstore/forgotten-votes.ts) keeps each entity track's entry list beside the entity
// state it last saw, instead of finding it again in entry-list.ts's cache of recent records: after every event of fuzz
// runs (restarts, GC, recoveries), every track's list must be its entity's entries record, number by number and object
// by object, as a fresh walk of the record gives it.
import { describe, expect, it } from 'vitest';
import type { AnomalyProbe } from '../../../sim/index.ts';
import { runSimulation } from '../../../sim/index.ts';
import { fuzzRunConfig } from '../../../scenarios/fuzz-run.ts';
import { paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';
import { observeVotes } from '../../../protocols/paxosstore/forgotten-votes.ts';

describe('paxosstore: the vote tracker\'s kept entry lists', () => {
  it('hold each tracked entity\'s entries after every event of fuzz runs', () => {
    let tracks = 0;
    let slips = 0;
    const checker: AnomalyProbe<NodeState> = {
      name: 'track-list-agreement',
      description: 'test only',
      present(view) {
        const t = observeVotes(view);
        for (const nt of t.nodes) {
          if (nt === undefined) continue;
          for (const et of nt.entities.values()) {
            tracks++;
            const entries = et.ent.entries;
            const keys = Object.keys(entries).map(Number);
            // Counted, not asserted per track (an expect per call costs more than the run).
            if (keys.length !== et.list.keys.length || keys.some((k, i) => et.list.keys[i] !== k || et.list.infos[i] !== entries[k])) slips++;
          }
        }
        return null;
      },
    };
    for (let seed = 1000; seed < 1015; seed++) {
      const c = fuzzRunConfig({ protocol: paxosstoreProtocol, seed }).config;
      runSimulation({ ...c, protocol: { ...c.protocol, anomalyProbes: [checker] } as typeof c.protocol });
    }
    expect(slips).toBe(0);
    expect(tracks).toBeGreaterThan(10_000);
  });
});

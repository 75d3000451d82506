// entryDiff (entry-diff.ts): the fast path of the per-entry watchers, which judge only the entry objects a node's
// previous record did not hold at the same entry number. Checked against the full path (a keyed lookup per entry) on
// every pair of successive records of every node and entity in fuzz seeds, and on hand-made records.
import { describe, expect, it } from 'vitest';
import { compareAlongSeeds } from '../../support/compare-along.ts';
import { paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';
import type { EntityState, NodeState } from '../../../protocols/paxosstore/state.ts';
import { entryList } from '../../../protocols/paxosstore/entry-list.ts';
import { changedEntries, entryDiff } from '../../../protocols/paxosstore/entry-diff.ts';
import { freshEntry } from '../../../protocols/paxosstore/storage.ts';

type Entries = EntityState['entries'];

/** The full path: per entry of `now`, the position of the same object at the same number in `before`, or -1. */
function fullFrom(before: Entries | undefined, now: Entries): number[] {
  const b = before === undefined ? { keys: [], infos: [] } : entryList(before);
  return entryList(now).keys.map((e, i) => {
    const j = b.keys.indexOf(e);
    return j >= 0 && before![e] === now[e] && b.infos[j] === entryList(now).infos[i] ? j : -1;
  });
}

function agrees(before: Entries | undefined, now: Entries): boolean {
  const from = fullFrom(before, now);
  const d = entryDiff(before, now);
  const changed = from.flatMap((j, i) => (j < 0 ? [i] : []));
  return JSON.stringify(d.from) === JSON.stringify(from) && JSON.stringify(d.changed) === JSON.stringify(changed) &&
    JSON.stringify(changedEntries(before, now)) === JSON.stringify(before === now ? [] : changed);
}

describe('paxosstore entryDiff', () => {
  it('agrees with a keyed lookup per entry for every node record against its previous one (aimed seeds 1-3)', () => {
    let compared = 0;
    const previous = new Map<string, Entries>();
    const verdicts = [1, 2, 3].map((seed) => {
      previous.clear();
      return compareAlongSeeds<NodeState>(paxosstoreProtocol as never, [{ seed }], (n, s) => {
        for (const e in s.entities) {
          const now = s.entities[e]!.entries;
          const k = `${n.id}/${e}`;
          compared++;
          if (!agrees(previous.get(k), now)) return `${k}: entryDiff differs from the full path`;
          previous.set(k, now);
        }
        return null;
      }, { freezeStates: false })[0];
    });
    expect(verdicts).toEqual([null, null, null]);
    expect(compared).toBeGreaterThan(1000);
  });

  it('finds replaced, added and dropped entries, and an object moved to another number', () => {
    const [a, b, c, d] = [freshEntry(3), freshEntry(3), freshEntry(3), freshEntry(3)];
    const before = { 2: a, 3: b, 5: c } as Entries;
    expect(entryDiff(before, { 3: b, 5: d, 6: a } as Entries)).toEqual({ changed: [1, 2], from: [1, -1, -1] });
    expect(entryDiff(before, { 2: a, 3: b, 5: c } as Entries)).toEqual({ changed: [], from: [0, 1, 2] });
    expect(entryDiff(undefined, before)).toEqual({ changed: [0, 1, 2], from: [-1, -1, -1] });
    expect(changedEntries(before, before)).toEqual([]);
  });
});

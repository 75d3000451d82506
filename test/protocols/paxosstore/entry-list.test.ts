// entryList (entry-list.ts): the watchers' shared listing of an entries record is the record's for-in walk (keys in
// order, the entry objects), after every event of fuzz seeds, and a record listed once is read back, not walked again.
import { describe, expect, it } from 'vitest';
import { compareAlongSeeds } from '../../support/compare-along.ts';
import { paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';
import type { EntityState, NodeState } from '../../../protocols/paxosstore/state.ts';
import { entryList } from '../../../protocols/paxosstore/entry-list.ts';
import { freshEntry } from '../../../protocols/paxosstore/storage.ts';

/** The full path: the for-in walk each watcher did before. */
function walk(entries: EntityState['entries']): { keys: number[]; infos: unknown[] } {
  const keys: number[] = [];
  const infos: unknown[] = [];
  for (const k in entries) {
    keys.push(Number(k));
    infos.push(entries[Number(k)]);
  }
  return { keys, infos };
}

describe('paxosstore entryList', () => {
  it('lists every entity record of every node as its for-in walk, after every event (aimed seeds 1-3)', () => {
    let compared = 0;
    const seeds = [1, 2, 3].map((seed) => ({ seed }));
    const verdicts = compareAlongSeeds<NodeState>(paxosstoreProtocol as never, seeds, (n, s) => {
      for (const e in s.entities) {
        const entries = s.entities[e]!.entries;
        const fast = entryList(entries);
        const full = walk(entries);
        compared++;
        if (fast.keys.length !== full.keys.length || fast.keys.some((k, i) => k !== full.keys[i] || fast.infos[i] !== full.infos[i])) {
          return `${n.id} ${e}: listed ${fast.keys.join(',')}, the walk gives ${full.keys.join(',')}`;
        }
      }
      return null;
    }, { freezeStates: false });
    expect(verdicts).toEqual([null, null, null]);
    expect(compared).toBeGreaterThan(1000);
  });

  it('gives the same list for the same record, and each record its own past the cache size', () => {
    const records = Array.from({ length: 100 }, (_, i) => ({ [i + 3]: freshEntry(3), [i + 5]: freshEntry(3) }) as EntityState['entries']);
    const first = records.map((r) => entryList(r));
    expect(entryList(records[99]!)).toBe(first[99]);
    records.forEach((r, i) => {
      expect(entryList(r).keys).toEqual([i + 3, i + 5]);
      expect(entryList(r).infos).toEqual([r[i + 3], r[i + 5]]);
    });
    expect(entryList({}).keys).toEqual([]);
  });

  it('lists odd records as the walk does: key 0, far keys, a named key, an undefined value, one object twice', () => {
    const a = freshEntry(3);
    const b = freshEntry(3);
    const odd: Record<string, unknown>[] = [
      {}, { 0: a }, { 0: a, 1: b }, { 2: a, 9: b, 25: a }, { 5: a, 100000: b }, { 3: a, x: b }, { 3: a, 4: undefined, 5: b },
      { 4: undefined }, { 7: b, 8: b }, { [2 ** 32]: a, 1: b }, Object.fromEntries(Array.from({ length: 40 }, (_, i) => [i * 3, i % 2 === 0 ? a : b])),
    ];
    for (const r of odd) {
      const entries = { ...r } as unknown as EntityState['entries']; // a new object: not in the cache
      const got = entryList(entries);
      const want = walk(entries);
      expect(got.keys, JSON.stringify(Object.keys(r))).toEqual(want.keys);
      expect(got.infos.length).toBe(want.infos.length);
      got.infos.forEach((x, i) => expect(x).toBe(want.infos[i]));
    }
  });
});

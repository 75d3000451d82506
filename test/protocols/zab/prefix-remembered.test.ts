// prefix-consistency makes again only the comparisons with an input changed since its last consistent answer
// (invariants.ts PrefixSeen): a pair of unchanged states, or an unchanged state against the delivered history as that
// check left it, is skipped. After every event of fuzz seeds, clean and with the bug flags that break the invariant,
// its answer equals the one with every comparison made (prefixConsistentNow, asked first: check() then moves the
// delivered history on). The protocol's own invariants are left out, so check() is the only one asking, once per event.
import { describe, expect, it } from 'vitest';
import { agreeAlong } from '../../support/compare-along.ts';
import { zabProtocol } from '../../../protocols/zab/index.ts';
import { prefixConsistency, prefixConsistentNow } from '../../../protocols/zab/invariants.ts';
import type { ZabNode } from '../../../protocols/zab/state.ts';

const alone = { ...zabProtocol, invariants: [] };

/** The remembered answer against every comparison made, after every event of one seed (the full one asked first:
 * check() then moves the delivered history on). */
const compareAlong = (seed: number, bugs: readonly string[] = []) =>
  agreeAlong<ZabNode>(alone, seed, bugs, (view) => {
    const full = prefixConsistentNow(view);
    return [['', prefixConsistency.check(view), full] as const];
  });

describe('zab prefix-consistency, comparisons skipped for unchanged inputs', () => {
  it('answers as the full comparison after every event of clean fuzz seeds', () => {
    for (const seed of [1, 7, 1000, 7000]) {
      const { compared, bad } = compareAlong(seed);
      expect(bad).toEqual([]);
      expect(compared).toBeGreaterThan(300);
    }
  });
  it('answers as the full comparison with the bug flags that break it (violations included)', () => {
    let loud = 0;
    for (const bug of ['zab/zk-1154-diff-instead-of-trunc', 'zab/zk-2355-diff-sets-last-zxid']) {
      for (const seed of [1, 2, 3, 4, 5, 6]) {
        const { loud: l, bad } = compareAlong(seed, [bug]);
        expect(bad).toEqual([]);
        loud += l;
      }
    }
    expect(loud).toBeGreaterThan(0);
  });
});

// disk-bootable gives back its last verdict for a node whose judged files are the same arrays and whose state reads the
// same to it (epochBeingTaken's answer, a refusal or not, currentEpoch and lastZxid's epoch): bootable-invariant.ts Seen.
// After every event of fuzz seeds, clean and with the bug flag that breaks the invariant, the remembered verdict of
// every node equals the one worked out afresh from its files (bootableVerdictNow). The protocol's own invariants are
// left out, so these calls are the only ones feeding the crash-window memory (idempotent for the same inputs).
import { describe, expect, it } from 'vitest';
import { agreeAlong } from '../../support/compare-along.ts';
import { zabProtocol } from '../../../protocols/zab/index.ts';
import { bootableVerdictNow, diskBootable } from '../../../protocols/zab/bootable-invariant.ts';
import type { ZabNode } from '../../../protocols/zab/state.ts';

const alone = { ...zabProtocol, invariants: [] };

/** Each node's remembered verdict against the fresh one, after every event of one seed. */
const compareAlong = (seed: number, bugs: readonly string[] = []) =>
  agreeAlong<ZabNode>(alone, seed, bugs, (view) =>
    view.nodes.map((n) => [` ${n.id}`, diskBootable.checkNode!(view, n), bootableVerdictNow(view, n)] as const));

describe('zab disk-bootable, remembered verdicts', () => {
  it('equal the fresh verdict for every node after every event of clean fuzz seeds', () => {
    for (const seed of [1, 7, 1000, 7000]) {
      const { compared, bad } = compareAlong(seed);
      expect(bad).toEqual([]);
      expect(compared).toBeGreaterThan(1000);
    }
  });
  it('equal the fresh verdict with the crash-window bug flag (violations included)', () => {
    let loud = 0;
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const { loud: l, bad } = compareAlong(seed, ['zab/zk-1653-epoch-crash-window']);
      expect(bad).toEqual([]);
      loud += l;
    }
    expect(loud).toBeGreaterThan(0);
  });
});

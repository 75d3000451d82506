// sync-excuse.ts counts out the established epoch (quorumEpoch) where it sorted the participants' epochs and asked
// isQuorum of each prefix: the two must agree for every ensemble shape and every mix of epochs.
import { describe, expect, it } from 'vitest';
import { quorumEpoch } from '../../../protocols/zab/sync-excuse.ts';
import { DEFAULT_ZAB_OPTIONS, isQuorum, participantIds, quorumSize } from '../../../protocols/zab/options.ts';
import type { ZabOptions } from '../../../protocols/zab/options.ts';
import { Prng } from '../../../sim/index.ts';

/** The rule as it was written before: newest first, the first prefix that is a quorum ends at the answer. */
function bySortedPrefix(o: ZabOptions, epochs: readonly number[]): number {
  const sorted = participantIds(o).map((id, i) => ({ id, epoch: epochs[i]! })).sort((a, b) => b.epoch - a.epoch);
  for (let k = 1; k <= sorted.length; k++) if (isQuorum(o, sorted.slice(0, k).map((x) => x.id))) return sorted[k - 1]!.epoch;
  return -1;
}

describe('zab: the established epoch, counted out', () => {
  it('agrees with the sorted-prefix rule on random epochs for 1 to 9 servers, with and without observers', () => {
    const rng = new Prng(17, 'quorum-epoch');
    let cases = 0;
    for (let n = 1; n <= 9; n++) {
      for (const observers of [0, 1, 2]) {
        if (observers >= n) continue;
        const o: ZabOptions = { ...DEFAULT_ZAB_OPTIONS, serverCount: n, observerIds: Array.from({ length: observers }, (_, i) => `n${n - i}`) };
        for (let t = 0; t < 200; t++) {
          const epochs = participantIds(o).map(() => rng.int(5) - 1);
          expect(quorumEpoch(epochs, quorumSize(o))).toBe(bySortedPrefix(o, epochs));
          cases++;
        }
      }
    }
    expect(cases).toBeGreaterThan(3000);
  });

  it('is -1 without enough epochs', () => {
    expect(quorumEpoch([], 1)).toBe(-1);
    expect(quorumEpoch([3], 2)).toBe(-1);
    expect(quorumEpoch([3, 1, 2], 2)).toBe(2);
  });
});

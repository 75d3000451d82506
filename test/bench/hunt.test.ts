// The hunt benchmark's figures: median seeds to a failure from the failing seeds, and a table with both modes per flag.
import { describe, expect, it } from 'vitest';
import { huntTable, medianSeedsToFailure, type HuntRow } from '../../bench/hunt.ts';

describe('bench/hunt', () => {
  it('takes the median gap between consecutive failing seeds, counted from the first seed', () => {
    expect(medianSeedsToFailure([], 1)).toBeNull();
    expect(medianSeedsToFailure([4], 1)).toBe(4);
    // gaps 3, 2, 7 → median 3
    expect(medianSeedsToFailure([3, 5, 12], 1)).toBe(3);
    // gaps 1, 1, 4, 10 → median (1 + 4) / 2 rounded
    expect(medianSeedsToFailure([101, 102, 106, 116], 101)).toBe(3);
  });

  it('prints one markdown row per flag with timed and aimed side by side', () => {
    const row: HuntRow = {
      protocol: 'zab', bug: 'zab/x',
      cells: { timed: { hits: [], seeds: 100, msPerSeed: 1 }, aimed: { hits: [7, 9], seeds: 100, msPerSeed: 2 } },
    };
    const timed = { hits: [], seeds: 100, msPerSeed: 1 };
    const clean: HuntRow = { ...row, bug: null, cells: { timed, aimed: timed } };
    const aimedOnly: HuntRow = { ...row, cells: { aimed: { hits: [3], seeds: 100, msPerSeed: 2 } } };
    const lines = huntTable([clean, row, aimedOnly], 1);
    expect(lines[0]).toContain('timed: hits / 100');
    expect(lines[2]).toBe('| zab | (clean) | 0 | — | — | 0 | — | — |');
    // gaps 7 and 2: median 4.5, rounded to 5
    expect(lines[3]).toBe('| zab | `zab/x` | 0 | — | — | 2 | 7 | 5 |');
    // --mode aimed: the timed column says it was not run
    expect(lines[4]).toBe('| zab | `zab/x` | not run | — | — | 1 | 3 | 3 |');
  });
});

// The clean tfs protocol passes fuzz seeds 501..1000 (a second file so the two halves run in parallel).
import { describe, expect, it } from 'vitest';
import { runCleanSeeds } from './clean-fuzz.ts';

describe('tfs: clean fuzzing, second half of 1000 seeds', () => {
  it('passes fuzz seeds 501..1000, many of them with failovers', () => {
    const o = runCleanSeeds(501, 1000);
    expect(o.failures).toEqual([]);
    expect(o.seedsWithVipMoves).toBeGreaterThan(25);
  }, 600_000);
});

// The clean tfs protocol passes fuzz seeds 1..500 (swarm fault plans within the fault budget, short timers).
import { describe, expect, it } from 'vitest';
import { runCleanSeeds } from './clean-fuzz.ts';

describe('tfs: clean fuzzing, first half of 1000 seeds', () => {
  it('passes fuzz seeds 1..500, many of them with failovers', () => {
    const o = runCleanSeeds(1, 500);
    expect(o.failures).toEqual([]);
    // The seeds must include failovers, or they prove little about the HA logic.
    expect(o.seedsWithVipMoves).toBeGreaterThan(25);
  }, 600_000);
});

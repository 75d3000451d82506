// The clean tfs protocol passes 1000 fuzz seeds (swarm fault plans within the fault budget, short timers).
import { describe, expect, it } from 'vitest';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { FAST_OPTIONS, tfsProtocol } from '../../../protocols/tfs/index.ts';

const SEEDS = 1000;

describe('tfs: clean fuzzing', () => {
  it(`passes ${SEEDS} fuzz seeds and exercises failovers`, () => {
    const failures: string[] = [];
    let vipMoves = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = runFuzzSeed({ protocol: tfsProtocol, seed, options: FAST_OPTIONS });
      if (r.verdict !== 'pass') failures.push(`seed ${seed}: ${r.verdict} ${r.violation?.name} ${r.violation?.message}`);
      if (((r.finalStates['agent'] as { vipMoves?: number } | null)?.vipMoves ?? 0) > 0) vipMoves++;
    }
    expect(failures).toEqual([]);
    // The seeds must include failovers, or they prove little about the HA logic.
    expect(vipMoves).toBeGreaterThan(SEEDS / 20);
  }, 600_000);
});

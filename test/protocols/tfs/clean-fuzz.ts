// Shared by the clean-fuzz test files: run a range of fuzz seeds of the clean tfs protocol with the short timers.
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { FAST_OPTIONS, tfsProtocol } from '../../../protocols/tfs/index.ts';

export interface CleanFuzzOutcome { readonly failures: readonly string[]; readonly seedsWithVipMoves: number }

export function runCleanSeeds(from: number, to: number): CleanFuzzOutcome {
  const failures: string[] = [];
  let seedsWithVipMoves = 0;
  for (let seed = from; seed <= to; seed++) {
    const r = runFuzzSeed({ protocol: tfsProtocol, seed, options: FAST_OPTIONS });
    if (r.verdict !== 'pass') failures.push(`seed ${seed}: ${r.verdict} ${r.violation?.name} ${r.violation?.message}`);
    if (((r.finalStates['agent'] as { vipMoves?: number } | null)?.vipMoves ?? 0) > 0) seedsWithVipMoves++;
  }
  return { failures, seedsWithVipMoves };
}

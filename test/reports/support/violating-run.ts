// A register run that breaks an invariant: the first fuzz seed the ack-before-fsync bug fails (searched, not hard-coded).
import type { RunConfig } from '../../../sim/index.ts';
import { fuzzRunConfig, runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { registerProtocol } from '../../support/register.ts';

const BUG = 'register/ack-before-fsync';
const SEEDS_MAX = 200;

export interface ViolatingRun { readonly seed: number; readonly config: RunConfig; readonly replayCommand: string }

let found: ViolatingRun | null = null;

export function violatingRegisterRun(): ViolatingRun {
  if (found !== null) return found;
  for (let seed = 1; seed <= SEEDS_MAX; seed++) {
    if (runFuzzSeed({ protocol: registerProtocol, seed, bugs: [BUG] }).verdict !== 'violation') continue;
    const { config } = fuzzRunConfig({ protocol: registerProtocol, seed, bugs: [BUG] });
    found = { seed, config, replayCommand: `npx tsx scenarios/cli.ts replay --protocol register --seed ${seed} --bug ${BUG}` };
    return found;
  }
  throw new Error(`no seed in 1..${SEEDS_MAX} fails with ${BUG}`);
}

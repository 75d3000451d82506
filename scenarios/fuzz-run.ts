// One fuzz seed: draw a swarm fault plan from the seed within the protocol's budget and run it with the default workload.
import { drawFaultPlan, runSimulation } from '../sim/index.ts';
import type { FaultPlan, ProtocolModule, RunConfig, RunResult } from '../sim/index.ts';

export interface FuzzSeedOptions {
  readonly protocol: ProtocolModule;
  readonly seed: number;
  readonly bugs?: readonly string[];
  readonly options?: Readonly<Record<string, unknown>>;
  /** Run this plan instead of the seed's own (a guided campaign's mutant). */
  readonly plan?: FaultPlan;
  /** Extra run settings (trace, event hashes, stop point) for replay and reports. */
  readonly run?: Partial<RunConfig>;
}

export interface FuzzSeedResult extends RunResult {
  readonly plan: FaultPlan;
}

/** The RunConfig a fuzz seed stands for: replay rebuilds exactly this. */
export function fuzzRunConfig(o: FuzzSeedOptions): { config: RunConfig; plan: FaultPlan } {
  const opts = { ...o.protocol.defaultOptions, ...o.protocol.faultBudget.fuzzOptions, ...(o.options ?? {}) };
  const plan = o.plan ?? drawFaultPlan(o.seed, o.protocol.nodes(opts), o.protocol.faultBudget);
  const config: RunConfig = {
    protocol: o.protocol,
    seed: o.seed,
    options: opts,
    bugs: o.bugs ?? [],
    faults: plan.steps,
    faultPhaseUs: o.protocol.faultBudget.fuzzFaultPhaseUs,
    ...o.run,
  };
  return { config, plan };
}

export function runFuzzSeed(o: FuzzSeedOptions): FuzzSeedResult {
  const { config, plan } = fuzzRunConfig(o);
  return { ...runSimulation(config), plan };
}

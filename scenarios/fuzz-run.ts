// One fuzz seed: its options (fuzzOptions, plus BUGGIFY-perturbed ones), a swarm fault plan drawn from the seed within the
// protocol's budget (timed steps, plus triggered ones aimed at the seed's crash-point catalog), run with the default workload.
import { drawAimedSteps, drawFaultPlan, drawPerturbedOptions, recordCatalog, runSimulation } from '../sim/index.ts';
import type { DownBudget, FaultPlan, ProtocolModule, RunConfig, RunResult } from '../sim/index.ts';

/**
 * 'aimed' (the default): timed swarm + triggered faults drawn from the catalog + perturbed options, under a down budget
 * enforced when faults fire. 'timed': the timed swarm alone with the protocol's fuzzOptions (the pre-issue-13 fuzzer).
 */
export type FuzzFaults = 'aimed' | 'timed';
export const FUZZ_FAULTS: readonly FuzzFaults[] = ['aimed', 'timed'];

export interface FuzzSeedOptions {
  readonly protocol: ProtocolModule;
  readonly seed: number;
  readonly bugs?: readonly string[];
  readonly options?: Readonly<Record<string, unknown>>;
  readonly faults?: FuzzFaults;
  /** Run this plan instead of the seed's own (a guided campaign's mutant); options and down budget are still the seed's. */
  readonly plan?: FaultPlan;
  /**
   * With `plan` (aimed faults): also record the catalog under the plan's steps and add aimed steps drawn from it, as a
   * seed's own timed plan gets (a guided mutant re-aimed at its own run). The result's plan holds every step that ran.
   */
  readonly isReaimed?: boolean;
  /**
   * The fault phase (µs) instead of the budget's fuzzFaultPhaseUs: a guided mutant grown past the plain plan space
   * (guided-grow.ts longerPhase). Its failure file's scenario duration records it, so it replays alone.
   */
  readonly faultPhaseUs?: number;
  /** Extra run settings (trace, event hashes, stop point) for replay and reports. */
  readonly run?: Partial<RunConfig>;
}

export interface FuzzSeedResult extends RunResult {
  readonly plan: FaultPlan;
  /** The option overrides this seed ran with (fuzzOptions, perturbed ones, explicit ones): what a failure file records. */
  readonly fuzzOptions: Readonly<Record<string, unknown>>;
  readonly downBudget: DownBudget | null;
  /** The fault phase the seed ran with. */
  readonly faultPhaseUs: number;
}

export interface FuzzSeedConfig {
  readonly config: RunConfig;
  readonly plan: FaultPlan;
  readonly fuzzOptions: Readonly<Record<string, unknown>>;
  readonly downBudget: DownBudget | null;
}

/** The option overrides a fuzz seed runs with: fuzzOptions, the seed's perturbed ones (aimed faults), explicit ones. */
function seedOptions(o: Pick<FuzzSeedOptions, 'protocol' | 'seed' | 'faults' | 'options'>): Readonly<Record<string, unknown>> {
  const budget = o.protocol.faultBudget;
  const isAimed = (o.faults ?? 'aimed') === 'aimed';
  return { ...budget.fuzzOptions, ...(isAimed ? drawPerturbedOptions(o.seed, budget.perturb) : {}), ...(o.options ?? {}) };
}

/** The node ids a fuzz seed runs with (perturbed options may change how many clients or servers there are). */
export function fuzzSeedNodeIds(o: Pick<FuzzSeedOptions, 'protocol' | 'seed' | 'faults'>): string[] {
  return o.protocol.nodes({ ...o.protocol.defaultOptions, ...seedOptions(o) }).map((n) => n.id as string);
}

/** The RunConfig a fuzz seed stands for: replay rebuilds exactly this. */
export function fuzzRunConfig(o: FuzzSeedOptions): FuzzSeedConfig {
  const budget = o.protocol.faultBudget;
  const isAimed = (o.faults ?? 'aimed') === 'aimed';
  const fuzzOptions = seedOptions(o);
  const opts = { ...o.protocol.defaultOptions, ...fuzzOptions };
  const nodes = o.protocol.nodes(opts);
  const faultPhaseUs = o.faultPhaseUs ?? budget.fuzzFaultPhaseUs;
  let plan: FaultPlan = o.plan ?? drawFaultPlan(o.seed, nodes, budget);
  const downBudget: DownBudget | null = isAimed
    // Triggered steps (drawn here or by a guided mutation) are kept within the budget when they fire.
    ? { maxDownNodes: budget.maxDownNodes, ...(budget.crashableKinds !== undefined ? { kinds: budget.crashableKinds } : {}) }
    : null;
  if (isAimed && (o.plan === undefined || o.isReaimed === true)) {
    // Recorded under the seed's timed plan (drawn from its own stream, so known before the recording): the resyncs and
    // elections its crashes and partitions cause become catalog points the aimed steps can count to.
    const catalog = recordCatalog({
      protocol: o.protocol, seed: o.seed, options: opts, bugs: o.bugs ?? [], faultPhaseUs,
      faults: plan.steps, ...(downBudget !== null ? { downBudget } : {}),
    });
    const aimed = drawAimedSteps(o.seed, catalog, nodes, budget);
    plan = { kinds: [...plan.kinds, ...aimed.kinds], steps: [...plan.steps, ...aimed.steps] };
  }
  const config: RunConfig = {
    protocol: o.protocol,
    seed: o.seed,
    options: opts,
    bugs: o.bugs ?? [],
    faults: plan.steps,
    faultPhaseUs,
    ...(downBudget !== null ? { downBudget } : {}),
    ...o.run,
  };
  return { config, plan, fuzzOptions, downBudget };
}

export function runFuzzSeed(o: FuzzSeedOptions): FuzzSeedResult {
  const { config, plan, fuzzOptions, downBudget } = fuzzRunConfig(o);
  // Set on the run's own result rather than spread into a new object: a spread would read its lazy `trace` getter.
  const result = runSimulation(config) as RunResult & { plan?: FaultPlan; fuzzOptions?: Readonly<Record<string, unknown>>; downBudget?: DownBudget | null; faultPhaseUs?: number };
  result.plan = plan;
  result.fuzzOptions = fuzzOptions;
  result.downBudget = downBudget;
  result.faultPhaseUs = config.faultPhaseUs;
  return result as FuzzSeedResult;
}

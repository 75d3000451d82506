// The guided campaign loop (`fuzz --guided`): seeds run in generations of GENERATION_SIZE; each seed runs its own
// plan or a mutant of a corpus plan; after a generation, in seed order, every seed that reached coverage keys no earlier
// seed had joins the corpus. The corpus changes only between generations, so results depend on (protocol, flags,
// --from, --seeds) and never on --jobs or timing; every failure file holds the plan that ran, so it replays alone.
import type { FaultPlan, ProtocolModule } from '../sim/index.ts';
import { drawPerturbedOptions } from '../sim/index.ts';
import type { Divergence } from './determinism.ts';
import type { JobOutcome, RunJob } from './run-job.ts';
import { GENERATION_SIZE, GuidedCorpus, type SeedPlan } from './guided-corpus.ts';
import { guidedTuningFor, type GuidedTuning } from './guided-tuning.ts';
import { fuzzSeedNodeIds, type FuzzFaults } from './fuzz-run.ts';
import { frontierOf } from './guided-frontier.ts';
import { wideOptionsOf } from './guided-wide.ts';
import { lastFreshUs } from './guided-grow.ts';

/** The option space's wide mutants (guided-wide.ts), when the schedule asks for them and the protocol has a wide space. */
function wideOf(protocol: string, t: GuidedTuning): { wide?: { space: NonNullable<ReturnType<typeof wideOptionsOf>>; oneIn: number; extraRedraws: number; fullOneIn: number | null } } {
  if (t.wideOptionsOneIn === null) return {};
  const space = wideOptionsOf(protocol, t.wideSpace);
  if (space === undefined) return {};
  return { wide: { space, oneIn: t.wideOptionsOneIn, extraRedraws: t.wideRedrawsExtra, fullOneIn: t.wideFullOneIn } };
}

export interface RunDone { readonly outcome: JobOutcome; readonly divergence: Divergence | null }

export interface GuidedLoop {
  readonly protocol: ProtocolModule;
  readonly bugs: readonly string[];
  readonly lanes: number;
  /** The campaign's fault mode: a seed's perturbed options (and so its nodes) depend on it. */
  readonly faults?: FuzzFaults;
  /** Knobs over the protocol's schedule (guided-tuning.ts guidedTuningFor: what `fuzz --guided` runs), for a bench variant. */
  readonly tuning?: Partial<GuidedTuning>;
  /** The next seed of the range, or null when done or asked to stop. */
  take(): number | null;
  runOne(job: Extract<RunJob, { kind: 'fuzz' }>): Promise<RunDone>;
  /** Records a finished seed (counts, failure file, coverage tally); returns how many of its keys were new. */
  record(seed: number, outcome: JobOutcome, divergence: Divergence | null, parent?: number): number;
}

export async function runGuided(g: GuidedLoop): Promise<void> {
  const p = g.protocol;
  const isAimed = (g.faults ?? 'aimed') === 'aimed';
  // Only aimed campaigns perturb options (timed is the pre-issue-13 fuzzer, fuzzOptions alone), so only they mutate them.
  const tuning = guidedTuningFor(p.name, g.tuning ?? {});
  const space = isAimed ? { defaults: p.defaultOptions, budget: p.faultBudget, nodesOf: (o: Readonly<Record<string, unknown>>) => p.nodes({ ...p.defaultOptions, ...o }), ...wideOf(p.name, tuning) } : undefined;
  const corpus = new GuidedCorpus(p.nodes({ ...p.defaultOptions, ...p.faultBudget.fuzzOptions }), p.faultBudget, space, tuning);
  /** A seed's own option overrides, as fuzz-run draws them: fuzzOptions, then (aimed) its BUGGIFY draw. */
  const ownOptions = (seed: number): Readonly<Record<string, unknown>> => ({ ...p.faultBudget.fuzzOptions, ...(isAimed ? drawPerturbedOptions(seed, p.faultBudget.perturb) : {}) });
  for (;;) {
    const seeds: number[] = [];
    for (let s = seeds.length < GENERATION_SIZE ? g.take() : null; s !== null; s = seeds.length < GENERATION_SIZE ? g.take() : null) seeds.push(s);
    if (seeds.length === 0) return;
    // Each seed's node ids, once: the mutant is fitted to them and, if the seed joins the corpus, they go with its plan.
    const nodeIds = seeds.map((seed) => fuzzSeedNodeIds({ protocol: p, seed, ...(g.faults !== undefined ? { faults: g.faults } : {}) }));
    const plans: (SeedPlan | null)[] = seeds.map((s, i) => corpus.planFor(s, nodeIds[i]!, ownOptions(s)));
    const done: (RunDone | undefined)[] = new Array(seeds.length);
    let next = 0;
    const lane = async (): Promise<void> => {
      for (let i = next++; i < seeds.length; i = next++) {
        const plan = plans[i];
        // A frontier mutant draws its randomness from its parent's run seed (the seed its failure file names).
        done[i] = await g.runOne({ kind: 'fuzz', protocol: p.name, seed: plan?.runSeed ?? seeds[i]!, bugs: g.bugs, ...(plan?.plan != null ? { plan: plan.plan } : {}), ...(plan?.isReaimed === true ? { isReaimed: true } : {}), ...(plan?.options !== undefined ? { options: plan.options } : {}), ...(plan?.faultPhaseUs !== undefined ? { faultPhaseUs: plan.faultPhaseUs } : {}) });
      }
    };
    await Promise.all(Array.from({ length: Math.min(g.lanes, seeds.length) }, lane));
    // Seed order, whatever order the workers finished in.
    seeds.forEach((seed, i) => {
      const { outcome, divergence } = done[i]!;
      const parent = plans[i]?.parent;
      const fresh = g.record(seed, outcome, divergence, parent);
      corpus.credit(plans[i]?.ops, fresh);
      const keys = outcome.coverage?.keys ?? [];
      // Before its keys are counted: when it reached its last key new to the campaign (a late finder's mutants may run longer).
      const lastUs = fresh > 0 ? lastFreshUs(outcome.coverage, (k) => corpus.hitsOf(k) === 0, outcome.faultPhaseUs) : null;
      corpus.observe(keys);
      if (fresh > 0) {
        corpus.add({
          seed, plan: { kinds: outcome.kinds as FaultPlan['kinds'], steps: outcome.steps }, freshKeys: fresh, messageTypes: outcome.messageTypes, keys,
          nodeIds: plans[i]?.options !== undefined ? p.nodes({ ...p.defaultOptions, ...outcome.fuzzOptions }).map((n) => n.id as string) : nodeIds[i]!,
          options: outcome.fuzzOptions ?? {}, runSeed: outcome.seed, frontier: frontierOf(outcome.coverage, (k) => corpus.hitsOf(k), outcome.faultPhaseUs),
          lastFreshUs: lastUs, ...(outcome.faultPhaseUs !== p.faultBudget.fuzzFaultPhaseUs ? { faultPhaseUs: outcome.faultPhaseUs } : {}),
        });
      }
    });
    corpus.reweigh();
  }
}

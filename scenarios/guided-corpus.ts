// The corpus of a guided campaign: plans that reached coverage keys no earlier seed had, and the plan each seed runs
// (its own drawn plan, or a mutant of a corpus entry's plan and/or options). A pure function of (seed, corpus, number
// of generations done): never of --jobs or timing.
import type { FaultBudget, FaultPlan, FaultStep, NodeSpec } from '../sim/index.ts';
import { Prng, stepTargets } from '../sim/index.ts';
import { OP_COUNT, mutatePlan } from './guided-mutate.ts';
import { GUIDED_TUNING_DEFAULT, type GuidedTuning } from './guided-tuning.ts';
import { mutateOptions, type OptionSpace, type Options } from './guided-options.ts';
import { frontierMutant, type FrontierPoint } from './guided-frontier.ts';
import { growPlan, insertAtFrontier, isLateFinder, longerPhase } from './guided-grow.ts';

/** Seeds per generation: the corpus changes only between generations, so results never depend on --jobs. */
export const GENERATION_SIZE = 16;
/** Plans kept (the oldest go first). */
const CORPUS_MAX = 256;
/**
 * The first generations run every seed's own plan (exactly the plain campaign's first seeds), so a flag the seeds' own
 * aimed plans find early is found by a guided campaign at the same seed; mutants start after them. The default of the
 * per-protocol knob GuidedTuning.plainGenerations (guided-tuning.ts).
 */
export const PLAIN_GENERATIONS = GUIDED_TUNING_DEFAULT.plainGenerations;
/**
 * Energy (AFL/libFuzzer entropic-style): each key an entry reached adds RARITY_SCALE / (seeds that reached it so far),
 * so a key reached once is worth RARITY_SCALE and a key every seed reaches next to nothing; an entry's energy is the sum
 * (capped at ENERGY_MAX), divided by 1 + picks/PICK_DECAY so a parent mutated often without yield makes room for others.
 */
const RARITY_SCALE = 64;
const ENERGY_MAX = 4096;
const PICK_DECAY = 8;
// The schedule's knobs (guided-tuning.ts GUIDED_TUNING_DEFAULT). Their history: options moved by one mutant in 2 (500
// seeds, guided keys: tfs 747, 705 with no option moves, 723 before; running half of the option-moving mutants with
// their seed's own drawn plan instead of the parent's mutated one gave zab 961-1,002 but cost tfs 124 keys). Frontier
// mutants (guided-frontier.ts: the parent's run replayed up to where and when it first reached a rare key, one fault
// there, the rest mutated) are off: one in 2 reached fewer keys than none at 500 seeds (zab 1,017 vs 1,082, tfs 683 vs
// 757) and as many at 2,000 (zab 1,610 vs 1,618); a frontier mutant yields fewer new keys than an ordinary one, which runs
// with its own seed's fresh randomness.
// Re-aimed mutants, mutants on the parent's run seed and other knobs measured since: README "Coverage-guided fuzzing".
/** Adaptive operators: each operator keeps at least this share (of OP_WEIGHT_TOTAL) so none is starved for good. */
const OP_WEIGHT_FLOOR = 4;
const OP_WEIGHT_TOTAL = 256;

export interface CorpusEntry {
  readonly seed: number;
  readonly plan: FaultPlan;
  /** How many keys were new when it ran: its weight when picking a parent. */
  readonly freshKeys: number;
  /** Message types its run sent (triggers for its mutants). */
  readonly messageTypes: readonly string[];
  /** The coverage keys its run reached. */
  readonly keys: readonly string[];
  /** The node ids its seed ran with (perturbed options can add or drop clients and servers). */
  readonly nodeIds: readonly string[];
  /** The option overrides it ran with (its run's fuzzOptions): a mutant may inherit them. */
  readonly options?: Options;
  /** The seed its run drew its randomness from (a frontier mutant runs its parent's): default `seed`. */
  readonly runSeed?: number;
  /** Where and when its run first reached keys few seeds had reached (guided-frontier.ts frontierOf). */
  readonly frontier?: readonly FrontierPoint[];
  /** The fault phase its run had (a longer one than the budget's: guided-grow.ts); default the budget's. */
  readonly faultPhaseUs?: number;
  /** When its run first reached its last key new to the campaign (guided-grow.ts lastFreshUs), or null. */
  readonly lastFreshUs?: number | null;
}

/** Where a campaign's mutants may move their options (aimed campaigns of protocols that declare perturb ranges). */
export interface MutantOptionSpace extends OptionSpace {
  /** The nodes a run with these option overrides has. */
  nodesOf(options: Options): readonly NodeSpec[];
}

/** Every name a step uses for a node: its targets, and its trigger's node, from and to matchers. */
export function namesOf(s: FaultStep): string[] {
  const w = s.when as { node?: string; from?: string; to?: string } | undefined;
  return [...stepTargets(s), ...[w?.node, w?.from, w?.to].filter((x): x is string => x !== undefined)];
}

/**
 * Drop steps that name a node the seed does not have: a mutant keeps its own seed's perturbed options, so a step taken
 * from a plan drawn with two clients must not aim at c2 in a seed with one. `foreign` are node ids of the plans the
 * mutant came from that this seed lacks (role names and any-<role> are never node ids, so they stay).
 */
export function fitToNodes(plan: FaultPlan, foreign: ReadonlySet<string>): FaultPlan {
  if (foreign.size === 0) return plan;
  const steps = plan.steps.filter((s) => !namesOf(s).some((n) => foreign.has(n)));
  return steps.length === plan.steps.length ? plan : { kinds: [...new Set(steps.map((s) => s.kind))].sort(), steps };
}

/** The plan without steps after `phaseUs` (the plan itself when none is). */
export function withinPhase(plan: FaultPlan, phaseUs: number): FaultPlan {
  const steps = plan.steps.filter((s) => s.atUs <= phaseUs);
  return steps.length === plan.steps.length ? plan : { kinds: [...new Set(steps.map((s) => s.kind))].sort(), steps };
}

/**
 * What a seed runs: null = its own plan (exactly a plain fuzz seed); else the mutant and the seed it came from, and
 * (when its options were mutated too) the overrides of every perturbed option it runs with.
 */
export interface SeedPlan {
  readonly plan: FaultPlan;
  readonly parent: number;
  readonly options?: Record<string, unknown>;
  /** A frontier mutant runs on its parent's run seed (its randomness, so the run up to the frontier replays exactly). */
  readonly runSeed?: number;
  /** The plan mutation operators the mutant applied (guided-mutate.ts indices), for adaptive operator weights. */
  readonly ops?: readonly number[];
  /** Run with aimed steps drawn from its own run's catalog added (fuzz-run.ts isReaimed). */
  readonly isReaimed?: boolean;
  /** Its fault phase when not the budget's (a grown mutant's longer phase, or its parent's: guided-grow.ts). */
  readonly faultPhaseUs?: number;
}

export class GuidedCorpus {
  private readonly entries: CorpusEntry[] = [];
  /** How many seeds reached each key so far. */
  private readonly hits = new Map<string, number>();
  /** Each entry's weight, recomputed once per generation. */
  private weights: number[] = [];
  /** How many mutants each entry (by seed) has parented so far. */
  private readonly picks = new Map<number, number>();
  /** Generations finished (reweigh calls). */
  private generations = 0;
  private readonly tuning: GuidedTuning;
  /** Per operator: mutants that used it and the fresh keys they reached (credited in seed order). */
  private readonly opUses = new Array<number>(OP_COUNT).fill(0);
  private readonly opFresh = new Array<number>(OP_COUNT).fill(0);
  /** Operator weights for the next generation (adaptive operators only). */
  private opWeights: number[] | undefined;

  constructor(
    private readonly nodes: readonly NodeSpec[], private readonly budget: FaultBudget, private readonly space?: MutantOptionSpace,
    tuning: Partial<GuidedTuning> = {},
  ) {
    this.tuning = { ...GUIDED_TUNING_DEFAULT, ...tuning };
    // A bench variant's value comes from the environment: a word or a fraction would silently change the prefix.
    const g = this.tuning.plainGenerations;
    if (!Number.isInteger(g) || g < 0) throw new Error(`guided tuning: plainGenerations: expected an integer >= 0, found ${JSON.stringify(g)}`);
  }

  /** A finished mutant's yield (call in seed order, after its generation): each operator it used is credited. */
  credit(ops: readonly number[] | undefined, fresh: number): void {
    for (const op of new Set(ops ?? [])) {
      this.opUses[op]!++;
      this.opFresh[op]! += fresh;
    }
  }

  get size(): number {
    return this.entries.length;
  }

  /** How many seeds reached `key` so far. */
  hitsOf(key: string): number {
    return this.hits.get(key) ?? 0;
  }

  /** Count a finished seed's keys (every seed, in seed order, after its generation). */
  observe(keys: readonly string[]): void {
    for (const k of keys) this.hits.set(k, (this.hits.get(k) ?? 0) + 1);
  }

  /** Keep a plan that reached new keys (call in seed order, after its generation). */
  add(e: CorpusEntry): void {
    this.entries.push(e);
    if (this.entries.length <= CORPUS_MAX) return;
    // Full: the entry with the least energy goes (the oldest of equals), not simply the oldest.
    const energies = this.entries.map((x) => this.energy(x));
    this.entries.splice(energies.indexOf(Math.min(...energies)), 1);
  }

  /** An entry's energy: the rarity of the keys its run reached, decayed by how often it was already mutated. */
  private energy(e: CorpusEntry): number {
    let rarity = 0;
    const isSquare = this.tuning.energy === 'square';
    for (const k of e.keys) {
      const hits = Math.max(1, this.hits.get(k) ?? 1);
      rarity += Math.floor(isSquare ? RARITY_SCALE * RARITY_SCALE / (hits * hits) : RARITY_SCALE / hits);
    }
    // Squared rarities keep the cap's ratio to one key reached once (RARITY_SCALE^2 each, not RARITY_SCALE).
    const cap = isSquare ? ENERGY_MAX * RARITY_SCALE : ENERGY_MAX;
    return 1 + Math.floor(Math.min(cap, rarity) * PICK_DECAY / (PICK_DECAY + (this.picks.get(e.seed) ?? 0)));
  }

  /** After a generation: weigh every entry by the rarity of its keys (rarer keys, more mutants). */
  reweigh(): void {
    this.generations++;
    this.weights = this.entries.map((e) => this.energy(e));
    if (this.tuning.isAdaptiveOps) {
      // Yield per use with one imagined use yielding the mean (so an operator rarely tried is not judged on luck),
      // each operator's share at least OP_WEIGHT_FLOOR.
      const uses = this.opUses.reduce((t, u) => t + u, 0);
      const mean = (this.opFresh.reduce((t, f) => t + f, 0) + 1) / (uses + 1);
      const rates = this.opUses.map((u, i) => (this.opFresh[i]! + mean) / (u + 1));
      const sum = rates.reduce((t, r) => t + r, 0);
      this.opWeights = rates.map((r) => OP_WEIGHT_FLOOR + Math.floor((OP_WEIGHT_TOTAL - OP_WEIGHT_FLOOR * OP_COUNT) * r / sum));
    }
  }

  /**
   * The plan seed `seed` (whose nodes are `nodeIds`, whose own option overrides are `ownOptions`) runs, drawn from its
   * own guided stream. With an option space, one mutant in OPTIONS_ONE_IN also moves its options: its parent's or its
   * own, with one perturbed option redrawn (the options are what decide, say, a SNAP sync or a late-started server).
   */
  planFor(seed: number, nodeIds: readonly string[], ownOptions?: Options): SeedPlan | null {
    const prng = new Prng(seed, 'guided');
    if (this.entries.length === 0 || this.generations < this.tuning.plainGenerations || prng.int(this.tuning.freshOneIn) === 0) return null;
    const parent = this.pickWeighted(prng);
    this.picks.set(parent.seed, (this.picks.get(parent.seed) ?? 0) + 1);
    // The parent's fault phase, or (longPhaseOneIn, a parent still finding keys late) a longer one; no draw when off.
    const parentPhaseUs = parent.faultPhaseUs ?? this.budget.fuzzFaultPhaseUs;
    const longOneIn = this.tuning.longPhaseOneIn;
    const phaseUs = longOneIn !== null && isLateFinder(parent.lastFreshUs ?? null, parentPhaseUs) && prng.int(longOneIn) === 0
      ? longerPhase(parentPhaseUs, this.budget, prng) : parentPhaseUs;
    const budget = phaseUs === this.budget.fuzzFaultPhaseUs ? this.budget : { ...this.budget, fuzzFaultPhaseUs: phaseUs };
    const phase = phaseUs === this.budget.fuzzFaultPhaseUs ? {} : { faultPhaseUs: phaseUs };
    // No draw at all when frontier mutants are off, so the other mutants are exactly those of a corpus without them.
    const frontierOneIn = this.tuning.frontierOneIn;
    if (frontierOneIn !== null && parent.frontier !== undefined && parent.frontier.length > 0 && prng.int(frontierOneIn) === 0) {
      // The parent's run exactly (its run seed, options and plan) up to the frontier, one fault there, the rest mutated.
      const options = { ...(parent.options ?? {}) };
      const nodes = this.space !== undefined ? this.space.nodesOf(options) : this.nodes;
      const other = this.entries.length > 1 ? this.entries[prng.int(this.entries.length)]! : null;
      const mutate = (pl: FaultPlan): FaultPlan => mutatePlan(pl, { nodes, budget, other: other?.plan ?? null, messageTypes: parent.messageTypes }, prng);
      return { plan: withinPhase(frontierMutant(parent.plan, parent.frontier, { nodes, budget }, prng, mutate), phaseUs), parent: parent.seed, options, runSeed: parent.runSeed ?? parent.seed, ...phase };
    }
    const other = this.entries.length > 1 ? this.entries[prng.int(this.entries.length)]! : null;
    const used: number[] = [];
    const how = { roundsMax: this.tuning.roundsMax, used, ...(this.opWeights !== undefined ? { opWeights: this.opWeights } : {}) };
    let nodes = this.nodes;
    let ids = nodeIds;
    let options: Record<string, unknown> | undefined;
    if (this.space !== undefined && ownOptions !== undefined && Object.keys(this.budget.perturb ?? {}).length > 0 && prng.int(this.tuning.optionsOneIn) === 0) {
      // The parent's options (those that reached its rare keys) or the seed's own, one (or more) perturbed option redrawn.
      const redraws = this.tuning.optionRedrawsMax > 1 ? prng.range(1, this.tuning.optionRedrawsMax) : 1;
      options = mutateOptions(prng.int(this.tuning.parentOptionsOneIn) === 0 ? parent.options ?? ownOptions : ownOptions, this.space, prng, redraws);
      nodes = this.space.nodesOf({ ...ownOptions, ...options });
      ids = nodes.map((n) => n.id as string);
    }
    let mutant = mutatePlan(parent.plan, { nodes, budget, other: other?.plan ?? null, messageTypes: parent.messageTypes }, prng, how);
    // Growth past the plain plan space (guided-grow.ts): more faults, one right after the parent's rarest key; no draw when off.
    if (this.tuning.growOneIn !== null && prng.int(this.tuning.growOneIn) === 0) mutant = growPlan(mutant, { nodes, budget }, prng);
    const insertOneIn = this.tuning.frontierInsertOneIn;
    if (insertOneIn !== null && (parent.frontier?.length ?? 0) > 0 && prng.int(insertOneIn) === 0) mutant = insertAtFrontier(mutant, parent.frontier!, { nodes, budget }, prng);
    const own = new Set(ids);
    const foreign = new Set([...this.nodes.map((n) => n.id as string), ...parent.nodeIds, ...(other?.nodeIds ?? [])].filter((id) => !own.has(id)));
    // Steps past the mutant's own fault phase (spliced from a longer-phase entry) go: a fault after the phase end is
    // outside the failure model (never healed) and a scenario refuses a step after its duration.
    const fitted = fitToNodes(withinPhase(mutant, phaseUs), foreign);
    const reaimOneIn = this.tuning.reaimOneIn;
    if (reaimOneIn !== null && prng.int(reaimOneIn) === 0) {
      // Its timed faults (and the parent's triggered ones if asked), aimed steps added from its own run's catalog.
      const steps = this.tuning.isReaimKeepingTriggered ? fitted.steps : fitted.steps.filter((x) => x.when === undefined);
      const plan = { kinds: [...new Set(steps.map((x) => x.kind))].sort(), steps };
      return { plan, parent: parent.seed, ...(options !== undefined ? { options } : {}), ops: used, isReaimed: true, ...phase };
    }
    return { plan: fitted, parent: parent.seed, ...(options !== undefined ? { options } : {}), ops: used, ...phase };
  }

  /** A parent, more likely the more rare keys it reaches (Mallory/AFLFast-style energy), integers only. */
  private pickWeighted(prng: Prng): CorpusEntry {
    const total = this.weights.reduce((t, w) => t + w, 0);
    let x = prng.int(Math.max(1, total));
    for (let i = 0; i < this.weights.length; i++) {
      x -= this.weights[i]!;
      if (x < 0) return this.entries[i]!;
    }
    return this.entries[this.entries.length - 1]!;
  }
}

// Mutants that grow past the plain plan space (thirteenth session, Mallory-style deeper exploration). A plain seed's plan
// has at most fuzzStepsMax fault groups inside a fuzzFaultPhaseUs fault phase, and an ordinary mutant stays near that
// (1-4 stacked edits), so guided mostly reaches plain's keys sooner rather than keys plain cannot reach. Three opt-in
// operators (guided-tuning.ts growOneIn, frontierInsertOneIn, longPhaseOneIn; all off by default):
// - growth: stack more faults than the plain draw, up to GROW_FACTOR x the budget's step count, still within the
//   design's failure model (maxDownNodes for timed downs, the crashable kinds and role targets the budget names);
// - frontier insertion: a fault right after the moment the parent's run first reached its rarest key (its frontier),
//   on the mutant's own seed (no replay of the parent's randomness, which the eighth session's frontier mutants paid for);
// - a longer fault phase (up to LONG_PHASE_FACTOR x fuzzFaultPhaseUs) for mutants of a parent still finding keys late in
//   its fault phase; the phase is part of the failure file (its scenario's duration), so the mutant replays alone.
// Pure: the same (plan, points, prng draws) gives the same result.
import type { FaultBudget, FaultPlan, FaultStep, NodeSpec, Prng, RunCoverage } from '../sim/index.ts';
import { withinBudget } from '../sim/index.ts';
import { donorFault } from './guided-mutate.ts';
import { frontierFault, type FrontierPoint } from './guided-frontier.ts';

/** A grown plan holds at most this many times the budget's fuzzStepsMax faults (heals not counted). */
export const GROW_FACTOR = 2;
/** A longer fault phase is at most this many times the budget's fuzzFaultPhaseUs. */
export const LONG_PHASE_FACTOR = 2;
/** A parent counts as still finding keys when its last new key came in the last 1/LATE_TAIL of its fault phase. */
const LATE_TAIL = 4;

export interface GrowContext {
  readonly nodes: readonly NodeSpec[];
  /** The budget with the mutant's own fault phase (a longer one when the mutant runs one). */
  readonly budget: FaultBudget;
}

const faultCount = (steps: readonly FaultStep[]): number => steps.filter((s) => s.kind !== 'heal').length;

/**
 * Timed steps within the down budget (guided-mutate.ts's rule: triggered steps are kept beside them, the kernel's down
 * budget holds them when they fire), sorted as a plan is. `keep` (a step of `steps`) is never the one dropped: down
 * windows overlapping it go instead.
 */
function fitBudget(steps: readonly FaultStep[], maxDownNodes: number, keep?: FaultStep): FaultStep[] {
  const isDown = (s: FaultStep): boolean => s.when === undefined && (s.kind === 'crash' || s.kind === 'pause' || s.kind === 'kill-during-write');
  let timed = steps.filter((s) => s.when === undefined);
  if (keep !== undefined && isDown(keep) && !withinBudget(timed, maxDownNodes).includes(keep)) {
    const end = keep.atUs + ((keep as { forUs?: number }).forUs ?? Number.MAX_SAFE_INTEGER);
    timed = timed.filter((s) => s === keep || !isDown(s) || s.atUs >= end || s.atUs + ((s as { forUs?: number }).forUs ?? Number.MAX_SAFE_INTEGER) <= keep.atUs);
  }
  const kept = [...withinBudget(timed, maxDownNodes), ...steps.filter((s) => s.when !== undefined)];
  return kept.sort((a, b) => a.atUs - b.atUs || a.kind.localeCompare(b.kind));
}

const planOf = (steps: readonly FaultStep[]): FaultPlan => ({ kinds: [...new Set(steps.map((s) => s.kind))].sort(), steps });

/**
 * Growth: donor faults (drawn as a plain seed's, over the mutant's phase) added until the plan holds a drawn number of
 * faults between its own count + 1 and GROW_FACTOR x fuzzStepsMax; timed downs beyond maxDownNodes at once are dropped.
 */
export function growPlan(plan: FaultPlan, ctx: GrowContext, prng: Prng): FaultPlan {
  const most = GROW_FACTOR * ctx.budget.fuzzStepsMax;
  const have = faultCount(plan.steps);
  if (have >= most) return plan;
  const target = prng.range(have + 1, most);
  const steps = [...plan.steps];
  for (let tries = 0; faultCount(steps) < target && tries < 2 * most; tries++) steps.push(...donorFault(ctx, prng));
  return planOf(fitBudget(steps, ctx.budget.maxDownNodes));
}

/**
 * Frontier insertion: one fault (guided-frontier.ts frontierFault: a crash, pause or restart of the node or a peer, or
 * its isolation) right after the parent's rarest key was first reached (the first point, rarest then earliest, two
 * times in three; else any point); it stays even if a timed down of the plan overlapped it (that one goes).
 */
export function insertAtFrontier(plan: FaultPlan, points: readonly FrontierPoint[], ctx: GrowContext, prng: Prng): FaultPlan {
  if (points.length === 0) return plan;
  const point = prng.int(3) !== 0 ? points[0]! : prng.pick(points);
  const added = frontierFault(point, ctx, prng);
  if (added.length === 0) return plan;
  return planOf(fitBudget([...plan.steps, ...added], ctx.budget.maxDownNodes, added[0]));
}

/**
 * When, inside its fault phase (`phaseUs`), a run first reached its last key new to the campaign (`isNew` tells those
 * keys), or null if none or no reach times. Keys first reached after the phase (recovery once faults stop) do not count:
 * a longer phase is for runs still finding keys while faults run. Call before the run's keys are counted into the campaign.
 */
export function lastFreshUs(cov: RunCoverage | null, isNew: (key: string) => boolean, phaseUs: number): number | null {
  if (cov?.reachedAt === undefined) return null;
  let last: number | null = null;
  cov.keys.forEach((k, i) => {
    const at = cov.reachedAt![i]!.atUs;
    if (at <= phaseUs && isNew(k) && (last === null || at > last)) last = at;
  });
  return last;
}

/** Whether a parent run with fault phase `phaseUs` was still finding keys near its end. */
export const isLateFinder = (lastUs: number | null, phaseUs: number): boolean => lastUs !== null && lastUs >= phaseUs - Math.floor(phaseUs / LATE_TAIL);

/**
 * A longer fault phase for a mutant of a late-finding parent whose phase is `parentUs`: 1/4 to a whole plain phase more,
 * capped at LONG_PHASE_FACTOR x the budget's (a parent already at the cap keeps it).
 */
export function longerPhase(parentUs: number, budget: FaultBudget, prng: Prng): number {
  const p = budget.fuzzFaultPhaseUs;
  return Math.min(LONG_PHASE_FACTOR * p, parentUs + prng.range(Math.floor(p / 4), p));
}

// Frontier mutants (Mallory-style state-directed mutation): a corpus entry remembers where (node) and when (virtual
// time) its run first reached keys few seeds reached; a frontier mutant replays that run (the entry's run seed, options
// and plan) and adds one fault right there: a crash, restart, pause or isolation of that node or of a peer, a short
// delay after the key was reached. Plain seeds rarely reach such a state, so a fault there reaches the states next to
// it. Everything before the fault replays exactly (same seed, options and earlier steps), and the mutant's plan is its
// failure file's plan, so it replays alone. Pure: the same (plan, point, prng draws) gives the same plan.
import type { FaultBudget, FaultPlan, FaultStep, KeyReach, NodeSpec, Prng, RunCoverage } from '../sim/index.ts';

/** A key a corpus entry's run reached that at most RARE_HITS seeds had reached when it joined, and where/when. */
export interface FrontierPoint extends KeyReach { readonly key: string }

/** A key counts as rare (a frontier) while at most this many seeds reached it. */
export const RARE_HITS = 3;
/** Points kept per entry: the rarest, earliest first (a mutant picks one at random). */
const POINTS_MAX = 8;
/** How long after the key was reached the fault strikes (µs): never 0, which would run before the event at that time. */
const DELAYS_US = [1, 200, 1_000, 5_000, 20_000, 50_000] as const;

/**
 * The frontier of a run: its keys that at most RARE_HITS seeds reached (`hits`, counted after this seed), first reached
 * early enough in the fault phase that a fault can still follow, rarest then earliest first, at most POINTS_MAX.
 */
export function frontierOf(cov: RunCoverage | null, hits: (key: string) => number, faultPhaseUs: number): FrontierPoint[] {
  if (cov?.reachedAt === undefined) return [];
  const lastUs = faultPhaseUs - DELAYS_US[DELAYS_US.length - 1]! - 1;
  const points: (FrontierPoint & { hits: number })[] = [];
  cov.keys.forEach((key, i) => {
    const at = cov.reachedAt![i]!;
    const h = hits(key);
    if (h <= RARE_HITS && at.atUs <= lastUs) points.push({ key, node: at.node, atUs: at.atUs, hits: h });
  });
  points.sort((a, b) => a.hits - b.hits || a.atUs - b.atUs || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return points.slice(0, POINTS_MAX).map(({ key, node, atUs }) => ({ key, node, atUs }));
}

export interface FrontierContext {
  /** The nodes the entry's run had. */
  readonly nodes: readonly NodeSpec[];
  readonly budget: FaultBudget;
}

/** The step(s) of one frontier fault at `point`, `delay` after it; exported for tests. */
export function frontierFault(point: FrontierPoint, ctx: FrontierContext, prng: Prng): FaultStep[] {
  const p = ctx.budget.fuzzFaultPhaseUs;
  const atUs = point.atUs + prng.pick(DELAYS_US);
  const crashable = ctx.nodes.filter((n) => ctx.budget.crashableKinds === undefined || ctx.budget.crashableKinds.includes(n.kind)).map((n) => n.id as string);
  const peers = crashable.filter((id) => id !== point.node);
  // The node itself two times in three (when it may be taken down), else a peer: its view of the node's new state.
  const target = crashable.includes(point.node) && (peers.length === 0 || prng.int(3) !== 0) ? point.node : peers.length > 0 ? prng.pick(peers) : null;
  // Short (a restart right there: 1-50 ms) or a window as long as the swarm's (p/20 .. p/3).
  const forUs = prng.int(2) === 0 ? prng.range(1_000, 50_000) : prng.range(Math.floor(p / 20), Math.floor(p / 3));
  const all = ctx.nodes.map((n) => n.id as string);
  const kind = target === null ? 3 : prng.int(4);
  if (kind === 3) {
    // Isolate the node the key was reached on (its peers go on without it), healed after the window.
    const rest = all.filter((id) => id !== point.node);
    if (rest.length === 0) return [];
    return [{ atUs, kind: 'partition', groups: [[point.node], rest] }, { atUs: Math.min(atUs + forUs, p), kind: 'heal' }];
  }
  if (kind === 2) return [{ atUs, kind: 'pause', target: target!, forUs }];
  return [{ atUs, kind: 'crash', target: target!, mode: kind === 0 ? 'process' : 'machine', forUs }];
}

/**
 * A frontier mutant's plan: the parent's steps up to the frontier point exactly as they were (so its run replays the
 * parent's up to there), then the frontier fault and the later steps of an ordinary mutant of the parent's plan
 * (`mutate`: guided-mutate.ts), so what follows the frontier is explored afresh rather than repeated. No budget
 * filtering of the parent's steps: the kernel's down budget skips a crash that would leave too many nodes down, at fire
 * time. The parent's kept steps keep their plan order (the kernel schedules and arms steps in plan order); the frontier
 * fault comes last, after any step of the same time.
 */
export function frontierMutant(plan: FaultPlan, points: readonly FrontierPoint[], ctx: FrontierContext, prng: Prng, mutate: (p: FaultPlan) => FaultPlan): FaultPlan {
  const point = prng.pick(points);
  const added = frontierFault(point, ctx, prng);
  const before = plan.steps.filter((s) => s.atUs <= point.atUs);
  const later = mutate(plan).steps.filter((s) => s.atUs > point.atUs);
  const steps = [...before, ...later, ...added];
  return { kinds: [...new Set(steps.map((s) => s.kind))].sort(), steps };
}

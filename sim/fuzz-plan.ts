// Random fault plans for fuzzing, drawn from a seed with fast-check (swarm testing: each plan enables a random
// subset of fault kinds) and kept within the protocol's fault budget so that liveness stays meaningful.
import fc from 'fast-check';
import type { FaultBudget, FaultKind, FaultStep, NodeSpec, Ratio } from './types.ts';

/** Kinds every protocol tolerates by design; disk-corrupt, corrupt-messages and clock-offset are opt-in. */
export const DEFAULT_FUZZ_KINDS: readonly FaultKind[] = [
  'crash', 'pause', 'partition', 'partition-one-way', 'clog', 'clock-drift', 'datagram-loss', 'disk-slow', 'kill-during-write',
];

export interface FaultPlan {
  /** The fault kinds this plan enabled (swarm testing; aimed plans add the aimed kinds of aimed-plan.ts). */
  readonly kinds: readonly string[];
  readonly steps: readonly FaultStep[];
}

const DRIFT_PPM_MAX = 500;
const OFFSET_US_MAX = 500_000;

/** A link's two ends differ. Module-level, not a closure per arbitrary: V8 holds a closure's optimised code weakly,
 * so a campaign worker recompiled it after every full GC (bench/deopt-census.ts). */
const isDistinctPair = ([a, b]: [string, string]): boolean => a !== b;

/** Plan order: by time, then kind (module-level for the same reason). */
const byTimeThenKind = (a: FaultStep, b: FaultStep): number => a.atUs - b.atUs || a.kind.localeCompare(b.kind);

/** The arbitrary behind fuzz plans; shrinking it gives fewer, shorter, later faults. */
export function faultPlanArbitrary(nodes: readonly NodeSpec[], budget: FaultBudget): fc.Arbitrary<FaultPlan> {
  const phaseUs = budget.fuzzFaultPhaseUs;
  const all = nodes.map((n) => n.id as string);
  const crashable = nodes.filter((n) => budget.crashableKinds === undefined || budget.crashableKinds.includes(n.kind)).map((n) => n.id as string);
  const targets = [...crashable, ...(budget.roleTargets ?? [])];
  const kindsAllowed: FaultKind[] = [];
  for (const k of budget.kinds ?? DEFAULT_FUZZ_KINDS) if (k !== 'restart' && k !== 'resume' && k !== 'heal') kindsAllowed.push(k);
  const at = fc.integer({ min: 0, max: Math.max(0, phaseUs - 1) });
  const window = fc.integer({ min: Math.floor(phaseUs / 20), max: Math.floor(phaseUs / 3) });
  const node = fc.constantFrom(...all);
  const target = targets.length > 0 ? fc.constantFrom(...targets) : node;
  const link = fc.tuple(node, node).filter(isDistinctPair);
  const byKind: Record<FaultKind, fc.Arbitrary<FaultStep[]>> = {
    crash: fc.record({ atUs: at, target, mode: fc.constantFrom('process' as const, 'machine' as const), forUs: window })
      .map((s) => [{ kind: 'crash' as const, ...s }]),
    pause: fc.record({ atUs: at, target, forUs: window }).map((s) => [{ kind: 'pause' as const, ...s }]),
    'kill-during-write': fc.record({ atUs: at, target, forUs: window }).map((s) => [{ kind: 'kill-during-write' as const, ...s }]),
    partition: fc.record({ atUs: at, forUs: window, side: fc.subarray(all, { minLength: 1, maxLength: Math.max(1, all.length - 1) }) })
      .map(({ atUs, forUs, side }) => [
        { kind: 'partition' as const, atUs, groups: [side, all.filter((n) => !side.includes(n))] },
        { kind: 'heal' as const, atUs: Math.min(atUs + forUs, phaseUs) },
      ]),
    'partition-one-way': fc.record({ atUs: at, forUs: window, link }).map(({ atUs, forUs, link: [from, to] }) => [
      { kind: 'partition-one-way' as const, atUs, from, to },
      { kind: 'heal' as const, atUs: Math.min(atUs + forUs, phaseUs) },
    ]),
    clog: fc.record({ atUs: at, durationUs: window, link }).map(({ atUs, durationUs, link: [from, to] }) => [{ kind: 'clog' as const, atUs, from, to, durationUs }]),
    'clock-drift': fc.record({ atUs: at, target: node, driftPpm: fc.integer({ min: -DRIFT_PPM_MAX, max: DRIFT_PPM_MAX }) })
      .map((s) => [{ kind: 'clock-drift' as const, ...s }]),
    'clock-offset': fc.record({ atUs: at, target: node, offsetUs: fc.integer({ min: -OFFSET_US_MAX, max: OFFSET_US_MAX }) })
      .map((s) => [{ kind: 'clock-offset' as const, ...s }]),
    'datagram-loss': fc.record({ atUs: at, forUs: window, numerator: fc.integer({ min: 1, max: 30 }) }).map(({ atUs, forUs, numerator }) => [
      { kind: 'datagram-loss' as const, atUs, loss: { numerator, denominator: 100 } satisfies Ratio },
      { kind: 'heal' as const, atUs: Math.min(atUs + forUs, phaseUs) },
    ]),
    'disk-slow': fc.record({ atUs: at, target: node, factor: fc.integer({ min: 2, max: 50 }), durationUs: window }).map((s) => [{ kind: 'disk-slow' as const, ...s }]),
    'disk-corrupt': fc.record({ atUs: at, target: node }).map((s) => [{ kind: 'disk-corrupt' as const, ...s }]),
    'corrupt-messages': fc.record({ atUs: at, link, count: fc.integer({ min: 1, max: 3 }) })
      .map(({ atUs, link: [from, to], count }) => [{ kind: 'corrupt-messages' as const, atUs, from, to, count }]),
    restart: fc.constant([]), resume: fc.constant([]), heal: fc.constant([]),
  };
  return fc.subarray(kindsAllowed, { minLength: 1 }).chain((kinds) =>
    fc.array(fc.oneof(...kinds.map((k) => byKind[k])), { maxLength: budget.fuzzStepsMax }).map((groups) => ({
      kinds,
      steps: withinBudget(groups.flat(), budget.maxDownNodes),
    })),
  );
}

/** Drop down-windows (crash, pause, kill) that would take more than maxDownNodes out at once; sort by time. */
export function withinBudget(steps: readonly FaultStep[], maxDownNodes: number): FaultStep[] {
  const sorted = [...steps].sort(byTimeThenKind);
  const openUntil: number[] = [];
  const kept: FaultStep[] = [];
  for (const s of sorted) {
    if (s.kind === 'crash' || s.kind === 'pause' || s.kind === 'kill-during-write') {
      const live = openUntil.filter((u) => u > s.atUs);
      if (live.length >= maxDownNodes) continue;
      openUntil.splice(0, openUntil.length, ...live, s.atUs + (s.forUs ?? Number.MAX_SAFE_INTEGER));
    }
    kept.push(s);
  }
  return kept;
}

/** The fault plan of a fuzz seed: a pure function of (seed, nodes, budget). */
export function drawFaultPlan(seed: number, nodes: readonly NodeSpec[], budget: FaultBudget): FaultPlan {
  const [plan] = fc.sample(faultPlanArbitrary(nodes, budget), { seed: seed | 0, numRuns: 1 });
  return plan!;
}

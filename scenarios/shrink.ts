// Shrinking a failing run: the smallest scenario (fewest fault steps, shortest fault phase, fewest client operations,
// shortest fault windows) that still fails with the same verdict, the same invariant and the same subject (node,
// entity: shrink-subject.ts), and whose control run (bug flags off, or safety checks off) still passes
// (shrink-accept.ts). Lists shrink by delta debugging; times shrink with fast-check's integer shrinker. Client
// operations of the liveness phase (at or after the heal) move with the heal when the fault phase shrinks, and are kept
// whole when the verdict is judged in that phase (shrink-accept.ts isJudgedAfterHeal).
import fc from 'fast-check';
import type { FaultStep, ProtocolModule, RunConfig, RunResult, ScheduledOp } from '../sim/index.ts';
import { PrngStreams, formatUs, runSimulation } from '../sim/index.ts';
import { validateScenario } from './load.ts';
import { scenarioRunConfig, toFaultStep } from './to-run-config.ts';
import { opToJson, stepToJson } from './plan-to-scenario.ts';
import { acceptCandidate, controlFor, isControlHeld, isJudgedAfterHeal, isSameFailure, outcomeText, withSubject, type Control, type ShrinkTarget } from './shrink-accept.ts';

export type { ShrinkTarget } from './shrink-accept.ts';

export interface ScenarioSize {
  readonly steps: number;
  readonly durationUs: number;
  readonly clientOps: number;
}

export interface ShrinkReport {
  readonly scenario: Record<string, unknown>;
  readonly before: ScenarioSize;
  readonly after: ScenarioSize;
  readonly log: readonly string[];
  /** Simulations run (a candidate that fails the same way costs two: itself and its control). */
  readonly runs: number;
  readonly isBudgetExhausted: boolean;
  /** False when the input scenario itself no longer fails the same way (then nothing was shrunk). */
  readonly isReproduced: boolean;
  /** The control every kept candidate passed; null when there was none (see controlNote). */
  readonly control: Control | null;
  /** Why no control was applied, or null when one was. */
  readonly controlNote: string | null;
  /** The shrunk scenario's own failing run: `replisim run` of the written file must give this trace hash. */
  readonly final: Pick<RunResult, 'verdict' | 'violation' | 'traceHash' | 'anomalies'>;
  /** The target every kept candidate met, with the input's subject (shrink-subject.ts) once it was reproduced. */
  readonly target: ShrinkTarget;
}

export interface ShrinkOptions {
  readonly runsMax: number;
  readonly timeBudgetMs: number;
}

export interface Candidate {
  readonly steps: readonly FaultStep[];
  readonly durationUs: number;
  readonly ops: readonly ScheduledOp[];
}

/** Time shrinking stops at this resolution. */
const TIME_STEP_US = 1_000;
/** Later rounds only help when an earlier one removed steps or operations; cap them anyway. */
const ROUNDS_MAX = 4;

/**
 * Drops steps whose trigger waits (`after`) for an id no kept step carries: the kernel never arms them, so the run is
 * the same, and the shrunk scenario stays loadable (a scenario file must not name a missing id).
 */
export function withoutDangling(steps: readonly FaultStep[]): readonly FaultStep[] {
  let cur = steps;
  for (;;) {
    const ids = new Set(cur.flatMap((s) => (s.when?.id !== undefined ? [s.when.id] : [])));
    const next = cur.filter((s) => s.when?.after === undefined || (ids.has(s.when.after) && s.when.after !== s.when.id));
    if (next.length === cur.length) return cur;
    cur = next;
  }
}

const sizeOf = (c: Candidate): ScenarioSize => ({ steps: c.steps.length, durationUs: c.durationUs, clientOps: c.ops.length });

/**
 * The candidate with a fault phase of `d`: fault-phase operations from `d` on are dropped; liveness-phase operations (at
 * or after the old heal) move with the heal, keeping their distance to it. Dropping them instead (as the shrinker once
 * did) silently took away the workload's steady traffic after the heal, which liveness is judged on.
 */
export function withFaultPhase(c: Candidate, d: number): Candidate {
  const shift = c.durationUs - d;
  return {
    ...c, durationUs: d,
    ops: c.ops.flatMap((x) => (x.atUs >= c.durationUs ? [{ ...x, atUs: x.atUs - shift }] : x.atUs < d ? [x] : [])),
  };
}

export function shrinkScenario(raw: Record<string, unknown>, protocol: ProtocolModule, asked: ShrinkTarget, o: ShrinkOptions): ShrinkReport {
  const started = Date.now();
  const base = validateScenario('shrink input', raw);
  const opts = { ...protocol.defaultOptions, ...base.options };
  // The default workload is drawn from the seed's workload stream; written out explicitly it runs identically and can shrink.
  const cfg0 = scenarioRunConfig(base, protocol);
  const ops0: readonly ScheduledOp[] = cfg0.workload === 'none' ? [] : cfg0.workload === 'default' || cfg0.workload === undefined
    ? protocol.workload?.generate(new PrngStreams(base.seed).get('workload'), protocol.nodes(opts), opts, base.duration) ?? []
    : cfg0.workload;
  let best: Candidate = { steps: base.steps.map(toFaultStep), durationUs: base.duration, ops: ops0 };
  const before = sizeOf(best);
  const log: string[] = [];
  let runs = 0;
  let isBudgetExhausted = false;

  const toRaw = (c: Candidate): Record<string, unknown> => ({
    ...raw, duration: `${c.durationUs}us`, steps: c.steps.map(stepToJson), workload: c.ops.map(opToJson),
  });
  const run = (c: Candidate, overrides: Partial<RunConfig> = {}): RunResult => {
    runs++;
    return runSimulation({ ...cfg0, faults: c.steps, faultPhaseUs: c.durationUs, workload: c.ops, ...overrides });
  };
  // The input must fail the same way, and its control must pass, before any candidate is held to either.
  const first = run(best);
  const isReproduced = isSameFailure(first, asked);
  // From here on a candidate must also fail about the same subject as the input did.
  const target = isReproduced ? withSubject(asked, first, protocol.nodes(opts).map((n) => n.id)) : asked;
  let control = controlFor(target, base.bugs);
  let controlNote: string | null = control !== null ? null : target.anomaly !== undefined
    ? `no control run: ${target.anomaly} is a permitted anomaly of the real design, kept while the run passes`
    : `no control run: nothing stands in for the fix of a ${target.verdict} of the clean protocol`;
  if (isReproduced && control !== null) {
    const c0 = run(best, control.overrides);
    if (!isControlHeld(c0)) {
      controlNote = `no control run: the original scenario ${control.label} does not pass either (${outcomeText(c0)})`;
      control = null;
    }
  }
  if (!isReproduced) return { scenario: toRaw(best), before, after: before, log, runs, isBudgetExhausted, isReproduced, control, controlNote, final: first, target };
  const fails = (c: Candidate): boolean => {
    if (runs >= o.runsMax || Date.now() - started >= o.timeBudgetMs) { isBudgetExhausted = true; return false; }
    return acceptCandidate((ov) => run(c, ov), target, control);
  };
  const shrinkList = <T>(items: readonly T[], make: (kept: readonly T[]) => Candidate): readonly T[] => {
    let cur = items;
    for (let chunk = Math.max(1, Math.floor(cur.length / 2)); chunk >= 1 && !isBudgetExhausted; chunk = chunk === 1 ? 0 : Math.max(1, Math.floor(chunk / 2))) {
      for (let i = 0; i < cur.length && !isBudgetExhausted;) {
        const kept = [...cur.slice(0, i), ...cur.slice(i + chunk)];
        if (fails(make(kept))) cur = kept; else i += chunk;
      }
    }
    return cur;
  };
  /**
   * Smallest value in [min, value] that still fails, walking fast-check's shrink stream for integers. Candidates closer
   * than TIME_STEP_US (or 1%) to the current value are skipped: shaving microseconds costs runs and helps no reader.
   */
  const shrinkInt = (value: number, min: number, make: (v: number) => Candidate): number => {
    let cur = value;
    for (let isProgress = true; isProgress && !isBudgetExhausted && cur > min;) {
      isProgress = false;
      const stepUs = Math.max(TIME_STEP_US, Math.floor(cur / 100));
      for (const v of fc.integer({ min, max: cur }).shrink(cur, undefined)) {
        if (isBudgetExhausted || cur - v.value_ < stepUs) break;
        if (fails(make(v.value_))) { cur = v.value_; isProgress = true; break; }
      }
    }
    return cur;
  };

  for (let round = 1, isChanged = true; isChanged && !isBudgetExhausted && round <= ROUNDS_MAX; round++) {
    const start = best;
    // Keep steps in time order (moving one earlier may reorder them).
    best = { ...best, steps: [...best.steps].sort((a, b) => a.atUs - b.atUs) };
    const steps = withoutDangling(shrinkList(best.steps, (kept) => ({ ...best, steps: withoutDangling(kept) })));
    if (steps.length < best.steps.length) log.push(`round ${round}: fault steps ${best.steps.length} → ${steps.length}`);
    best = { ...best, steps };
    best.steps.forEach((s, i) => {
      const earlier = shrinkInt(s.atUs, 0, (v) => ({ ...best, steps: best.steps.map((x, j) => (j === i ? { ...x, atUs: v } : x)) }));
      if (earlier < s.atUs) {
        log.push(`round ${round}: step ${i} (${s.kind}) moved ${formatUs(s.atUs)} → ${formatUs(earlier)}`);
        best = { ...best, steps: best.steps.map((x, j) => (j === i ? { ...x, atUs: earlier } : x)) };
      }
    });
    best.steps.forEach((s, i) => {
      const w = windowOf(s);
      if (w === null) return;
      const shorter = shrinkInt(w, 1, (v) => ({ ...best, steps: best.steps.map((x, j) => (j === i ? withWindow(x, v) : x)) }));
      if (shorter < w) {
        log.push(`round ${round}: step ${i} (${s.kind}) window ${formatUs(w)} → ${formatUs(shorter)}`);
        best = { ...best, steps: best.steps.map((x, j) => (j === i ? withWindow(x, shorter) : x)) };
      }
    });
    const lastAt = Math.max(1, ...best.steps.map((s) => s.atUs + 1));
    const duration = shrinkInt(best.durationUs, Math.min(lastAt, best.durationUs), (d) => withFaultPhase(best, d));
    if (duration < best.durationUs) {
      log.push(`round ${round}: fault phase ${formatUs(best.durationUs)} → ${formatUs(duration)}`);
      best = withFaultPhase(best, duration);
    }
    // A verdict judged after the heal keeps that phase's traffic whole; only fault-phase operations are candidates.
    const heal = best.durationUs;
    const fixed = isJudgedAfterHeal(target) ? best.ops.filter((x) => x.atUs >= heal) : [];
    const free = isJudgedAfterHeal(target) ? best.ops.filter((x) => x.atUs < heal) : best.ops;
    const kept = shrinkList(free, (k) => ({ ...best, ops: [...k, ...fixed] }));
    if (kept.length < free.length) log.push(`round ${round}: client operations ${free.length} → ${kept.length}${fixed.length > 0 ? ` (and the ${fixed.length} after the heal, kept: the verdict is judged there)` : ''}`);
    best = { ...best, ops: [...kept, ...fixed] };
    isChanged = JSON.stringify(best) !== JSON.stringify(start);
  }
  return { scenario: toRaw(best), before, after: sizeOf(best), log, runs, isBudgetExhausted, isReproduced, control, controlNote, final: run(best), target };
}

function windowOf(s: FaultStep): number | null {
  if (s.kind === 'clog' || s.kind === 'disk-slow') return s.durationUs;
  if (s.kind === 'crash' || s.kind === 'pause' || s.kind === 'kill-during-write' || s.kind === 'partition' || s.kind === 'partition-one-way') return s.forUs ?? null;
  return null;
}

function withWindow(s: FaultStep, v: number): FaultStep {
  if (s.kind === 'clog' || s.kind === 'disk-slow') return { ...s, durationUs: v };
  if (s.kind === 'crash' || s.kind === 'pause' || s.kind === 'kill-during-write' || s.kind === 'partition' || s.kind === 'partition-one-way') return { ...s, forUs: v };
  return s;
}

// The inverse of to-run-config.ts: a fault plan (kernel FaultSteps, microseconds) written back as scenario-file JSON.
import type { DownBudget, FaultStep, ScheduledOp } from '../sim/index.ts';
import { unreachable } from '../sim/index.ts';

const us = (n: number): string => `${n}us`;

/** One FaultStep as a scenario step in input form (durations as "<n>us"); a triggered step keeps `when` and `delay`. */
export function stepToJson(s: FaultStep): Record<string, unknown> {
  const body = timedStepToJson(s);
  if (s.when === undefined) return body;
  const { at, ...rest } = body;
  return { ...(s.atUs > 0 ? { at } : {}), when: { ...s.when }, ...(s.delayUs !== undefined ? { delay: us(s.delayUs) } : {}), ...rest };
}

function timedStepToJson(s: FaultStep): Record<string, unknown> {
  const at = us(s.atUs);
  switch (s.kind) {
    case 'crash': return { at, kind: s.kind, target: s.target, ...(s.mode ? { mode: s.mode } : {}), ...(s.forUs !== undefined ? { for: us(s.forUs) } : {}), ...(s.unsynced ? { unsynced: s.unsynced } : {}) };
    case 'restart': case 'resume': return { at, kind: s.kind, target: s.target };
    case 'pause': case 'kill-during-write': return { at, kind: s.kind, target: s.target, ...(s.forUs !== undefined ? { for: us(s.forUs) } : {}) };
    case 'partition': return { at, kind: s.kind, groups: s.groups.map((g) => [...g]), ...(s.forUs !== undefined ? { for: us(s.forUs) } : {}) };
    case 'partition-one-way': return { at, kind: s.kind, from: s.from, to: s.to, ...(s.forUs !== undefined ? { for: us(s.forUs) } : {}) };
    case 'heal': return { at, kind: s.kind };
    case 'clog': return { at, kind: s.kind, from: s.from, to: s.to, duration: us(s.durationUs) };
    case 'clock-offset': return { at, kind: s.kind, target: s.target, offset: `${s.offsetUs < 0 ? '-' : ''}${Math.abs(s.offsetUs)}us` };
    case 'clock-drift': return { at, kind: s.kind, target: s.target, driftPpm: s.driftPpm };
    case 'disk-corrupt': return { at, kind: s.kind, target: s.target, ...(s.file !== undefined ? { file: s.file } : {}), ...(s.record ? { record: s.record } : {}) };
    case 'disk-slow': return { at, kind: s.kind, target: s.target, factor: s.factor, duration: us(s.durationUs) };
    case 'corrupt-messages': return { at, kind: s.kind, from: s.from, to: s.to, count: s.count };
    case 'datagram-loss': return { at, kind: s.kind, loss: `${s.loss.numerator}/${s.loss.denominator}` };
    default: return unreachable(s);
  }
}

export function opToJson(o: ScheduledOp): Record<string, unknown> {
  return { at: us(o.atUs), target: o.target, client: o.client, op: o.op };
}

export interface FuzzScenarioInput {
  readonly protocol: string;
  readonly seed: number;
  readonly bugs: readonly string[];
  readonly steps: readonly FaultStep[];
  readonly kinds: readonly string[];
  readonly faultPhaseUs: number;
  /** The protocol's fuzz option overrides (faultBudget.fuzzOptions), written so the scenario runs the same. */
  readonly options?: Readonly<Record<string, unknown>> | undefined;
  /** Aimed fuzz plans run under a down budget enforced when faults fire. */
  readonly downBudget?: DownBudget | null | undefined;
}

/** A fuzz seed as a scenario that runs exactly the same simulation (same RunConfig, hence the same trace hash). */
export function fuzzSeedScenario(f: FuzzScenarioInput): Record<string, unknown> {
  return {
    protocol: f.protocol,
    description: `fuzz seed ${f.seed} (fault kinds: ${f.kinds.join(', ') || 'none'})`,
    seed: f.seed,
    duration: us(f.faultPhaseUs),
    ...(f.options !== undefined && Object.keys(f.options).length > 0 ? { options: { ...f.options } } : {}),
    bugs: [...f.bugs],
    ...(f.downBudget ? { downBudget: { ...f.downBudget, ...(f.downBudget.kinds ? { kinds: [...f.downBudget.kinds] } : {}) } } : {}),
    steps: f.steps.map(stepToJson),
    workload: 'default',
    expect: [{ verdict: 'pass' }],
  };
}

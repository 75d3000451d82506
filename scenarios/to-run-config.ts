// Turning a validated scenario into the kernel's RunConfig (durations are already microseconds).
import type { FaultStep, NetworkOptions, DiskOptions, RunConfig, ScheduledOp, ProtocolModule } from '../sim/index.ts';
import { unreachable } from '../sim/index.ts';
import type { ScenarioFile, ScenarioStep } from './schema.ts';

/** A scenario step as the kernel's FaultStep (a triggered step keeps its trigger and delay). */
export function toFaultStep(s: ScenarioStep): FaultStep {
  const base = timedStep(s);
  if (s.when === undefined) return base;
  return { ...base, when: s.when, ...(s.delay !== undefined ? { delayUs: s.delay } : {}) };
}

function timedStep(s: ScenarioStep): FaultStep {
  const atUs = s.at;
  switch (s.kind) {
    case 'crash': return { atUs, kind: 'crash', target: s.target, ...(s.mode ? { mode: s.mode } : {}), ...(s.for !== undefined ? { forUs: s.for } : {}), ...(s.unsynced ? { unsynced: s.unsynced } : {}) };
    case 'restart': return { atUs, kind: 'restart', target: s.target };
    case 'pause': return { atUs, kind: 'pause', target: s.target, ...(s.for !== undefined ? { forUs: s.for } : {}) };
    case 'resume': return { atUs, kind: 'resume', target: s.target };
    case 'partition': return { atUs, kind: 'partition', groups: s.groups, ...(s.for !== undefined ? { forUs: s.for } : {}) };
    case 'partition-one-way': return { atUs, kind: 'partition-one-way', from: s.from, to: s.to, ...(s.for !== undefined ? { forUs: s.for } : {}) };
    case 'heal': return { atUs, kind: 'heal' };
    case 'clog': return { atUs, kind: 'clog', from: s.from, to: s.to, durationUs: s.duration };
    case 'clock-offset': return { atUs, kind: 'clock-offset', target: s.target, offsetUs: s.offset };
    case 'clock-drift': return { atUs, kind: 'clock-drift', target: s.target, driftPpm: s.driftPpm };
    case 'disk-corrupt': return { atUs, kind: 'disk-corrupt', target: s.target, ...(s.file !== undefined ? { file: s.file } : {}), ...(s.record ? { record: s.record } : {}) };
    case 'disk-slow': return { atUs, kind: 'disk-slow', target: s.target, factor: s.factor, durationUs: s.duration };
    case 'kill-during-write': return { atUs, kind: 'kill-during-write', target: s.target, ...(s.for !== undefined ? { forUs: s.for } : {}) };
    case 'corrupt-messages': return { atUs, kind: 'corrupt-messages', from: s.from, to: s.to, count: s.count };
    case 'datagram-loss': return { atUs, kind: 'datagram-loss', loss: s.loss };
    default: return unreachable(s);
  }
}

function networkOf(n: ScenarioFile['network']): Partial<NetworkOptions> {
  if (n === undefined) return {};
  const lat = (l: { min: number; max: number }) => ({ minUs: l.min, maxUs: l.max });
  return {
    ...(n.latency ? { latency: lat(n.latency) } : {}),
    ...(n.linkLatency ? { linkLatency: Object.fromEntries(Object.entries(n.linkLatency).map(([k, v]) => [k, lat(v)])) } : {}),
    ...(n.datagramLoss ? { datagramLoss: n.datagramLoss } : {}),
    ...(n.datagramDuplication ? { datagramDuplication: n.datagramDuplication } : {}),
    ...(n.connectionDetectionDelay !== undefined ? { connectionDetectionDelayUs: n.connectionDetectionDelay } : {}),
    ...(n.connectTimeout !== undefined ? { connectTimeoutUs: n.connectTimeout } : {}),
  };
}

function diskOf(d: ScenarioFile['disk']): Partial<DiskOptions> {
  if (d === undefined) return {};
  return {
    ...(d.latency ? { latency: { minUs: d.latency.min, maxUs: d.latency.max } } : {}),
    ...(d.fsyncLatency ? { fsyncLatency: { minUs: d.fsyncLatency.min, maxUs: d.fsyncLatency.max } } : {}),
  };
}

export function scenarioRunConfig(s: ScenarioFile, protocol: ProtocolModule, overrides: Partial<RunConfig> = {}): RunConfig {
  const workload: RunConfig['workload'] = typeof s.workload === 'string'
    ? s.workload
    : s.workload.map((o): ScheduledOp => ({ atUs: o.at, target: o.target, client: o.client, op: o.op as ScheduledOp['op'] }));
  return {
    protocol, seed: s.seed, options: s.options, bugs: s.bugs, faults: s.steps.map(toFaultStep), faultPhaseUs: s.duration,
    network: networkOf(s.network), disk: diskOf(s.disk), workload, initiallyDown: s.initiallyDown, skipLiveness: !s.liveness,
    ...(s.downBudget !== undefined ? { downBudget: { maxDownNodes: s.downBudget.maxDownNodes, ...(s.downBudget.kinds !== undefined ? { kinds: s.downBudget.kinds } : {}) } } : {}),
    ...overrides,
  };
}

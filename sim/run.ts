// One run: boot, fault phase, heal, liveness phase; invariants after every event; a verdict, never a hang.
import type { RunConfig } from './config.ts';
import { DEFAULT_DISK, DEFAULT_LIMITS, DEFAULT_NETWORK, DEFAULT_TRACE_RING } from './config.ts';
import type { RunResult } from './result.ts';
import { World } from './world.ts';
import { PrngStreams } from './prng.ts';
import { Trace } from './trace.ts';
import { dispatch } from './dispatch.ts';
import { startNode, resumeNode } from './lifecycle.ts';
import { checkRunHistory } from './checker/index.ts';
import type { LinearizabilityVerdict } from './checker-hook.ts';
import { TargetError } from './targets.ts';
import { armTriggers, matchAfterEvent } from './triggers.ts';
import { formatUs } from './units.ts';
import { applyStateFreezing } from './freeze.ts';
import { InvariantChecks, invariantCheckMode } from './invariant-checks.ts';
import { CoverageTracker } from './coverage.ts';
import { watchAnomalies } from './anomaly-probes.ts';
import { NodeChangeTracker } from './node-change.ts';
import type { NodeId, ScheduledOp, Verdict, Violation } from './types.ts';
import type { TraceRecord } from './trace.ts';

const NO_RECORDS: readonly TraceRecord[] = Object.freeze([]);

let isSharingChangeScans = true;

/**
 * Tests only: false gives the invariant checks, the anomaly watcher and coverage a change tracker each (three scans of
 * the nodes per changed event), the plain reading the shared tracker (one scan) must agree with.
 */
export function setChangeScanSharing(isSharing: boolean): void {
  isSharingChangeScans = isSharing;
}

export function runSimulation(cfg: RunConfig): RunResult {
  const p = cfg.protocol;
  applyStateFreezing(cfg.freezeStates);
  const opts = { ...p.defaultOptions, ...(cfg.options ?? {}) } as object;
  const bugs = new Set(cfg.bugs ?? []);
  const streams = new PrngStreams(cfg.seed);
  const net = { ...DEFAULT_NETWORK, ...p.network, ...cfg.network };
  const disk = { ...DEFAULT_DISK, ...p.disk, ...cfg.disk };
  const limits = { ...DEFAULT_LIMITS, ...cfg.limits };
  const trace = new Trace(cfg.traceRingSize ?? DEFAULT_TRACE_RING, cfg.traceFull ?? false, cfg.recordEventHashes ?? false, cfg.hashTrace ?? true);
  const w = new World(p, opts, bugs, streams, net, disk, limits, trace, p.nodes(opts));
  w.downBudget = cfg.downBudget ?? null;
  const isChecking = cfg.checkInvariants ?? true;
  // One tracker of which nodes changed, looked into once per changed event by whichever of the three consumers below
  // asks first: they look after the same events (every changed one, until the run ends; coverage's until it stops for
  // good), so each would see what the others see (sim/node-change.ts lookAt). Made per consumer when not shared.
  const shared = isSharingChangeScans ? new NodeChangeTracker(w.nodes) : null;
  // Not built for a run that never checks (the catalog's recording run): planning binds every invariant and sizes a
  // change tracker per node, once per run.
  const checks = isChecking ? new InvariantChecks(w, invariantCheckMode(cfg.invariantChecks), shared ?? undefined) : null;
  // Checker-side anomalies run with the invariants (sim/anomaly-probes.ts); null when the protocol declares none.
  const anomalyWatcher = isChecking ? watchAnomalies(w, shared ?? undefined) : null;
  const down = new Set(cfg.initiallyDown ?? []);
  const coverage = new CoverageTracker(p, false, shared);
  const isCovering = coverage.isActive && (cfg.recordCoverage ?? true);

  for (const n of w.nodes) if (!down.has(n.id)) startNode(w, n);
  // Triggered steps wait for their event (armed from their atUs); timed ones are events of their own.
  w.triggers = armTriggers(w, cfg.faults ?? []);
  for (const step of cfg.faults ?? []) if (step.when === undefined) w.schedule(step.atUs, null, { kind: 'fault', step });
  w.clientPlan = scheduledOps(cfg, opts, w);
  w.scheduleClientPlan(w.clientPlan);
  w.schedule(cfg.faultPhaseUs, null, { kind: 'phase-end' });

  let livenessReachedAtUs: number | null = null;
  let isDone = false;
  // Read once: the loop below runs per event.
  const onEvent = cfg.onEvent ?? null;
  // A tap sees the records instead of a list built per event (from here on: records of the boots above are not an event's).
  trace.tap = cfg.traceTap ?? null;
  const isListing = onEvent !== null && trace.tap === null;
  const stopAfterEvent = cfg.stopAfterEvent ?? Number.POSITIVE_INFINITY;
  const fail = (kind: Verdict, name: string, message: string, node: string | null): void => {
    w.violation = { kind, name, message, eventIndex: w.eventIndex, atUs: w.nowUs, node: node as NodeId | null };
    isDone = true;
  };

  while (!isDone) {
    const ev = w.heap.pop();
    if (ev === undefined) {
      // Nothing left to happen: the liveness phase cannot make progress.
      if (w.phase === 'liveness') fail('liveness', unmetLiveness(w) ?? 'quiescent', 'no events left before liveness held', null);
      break;
    }
    if (w.eventIndex + 1 >= limits.eventsMax) {
      fail('liveness', 'limit:eventsMax', `run reached eventsMax=${limits.eventsMax} events`, null);
      break;
    }
    // Read before dispatch, which may hand the event's object on to a new event (World.spareEvent).
    const kind = ev.kind;
    const node = ev.node;
    w.nowUs = ev.atUs;
    w.eventIndex++;
    if (isListing) trace.listener = [];
    let isChanged = false;
    try {
      if (kind === 'phase-end') {
        isChanged = startLivenessPhase(w, cfg);
        if (!isChanged) isDone = true;
      } else if (kind === 'deadline') {
        fail('liveness', unmetLiveness(w) ?? 'deadline', `liveness not reached within ${formatUs(w.livenessWindowUs)} after heal: ${unmetMessage(w)}`, null);
      } else {
        isChanged = dispatch(w, ev);
        if (isChanged && w.triggers !== null && w.triggers.afterEvent.length > 0 && w.phase === 'faults') matchAfterEvent(w, w.triggers);
      }
      if (isChanged && anomalyWatcher !== null) anomalyWatcher.afterEvent();
    } catch (e) {
      if (e instanceof TargetError) throw e; // bad input (a scenario naming no such node or role), not a protocol crash
      const err = e as Error;
      fail('crash', 'exception', `${err.name}: ${err.message}\n${(err.stack ?? '').split('\n').slice(1, 6).join('\n')}`, node?.id ?? null);
    }
    trace.checkpoint();
    if (!isDone && isChanged && checks !== null) {
      const f = checks.run(kind === 'fault' || kind === 'phase-end');
      if (f !== null) fail('violation', f.name, f.message, f.node);
    }
    if (isChanged && isCovering) coverage.observe(w.view, node, w.eventIndex);
    if (!isDone && w.phase === 'liveness' && isChanged && unmetLiveness(w) === null) {
      livenessReachedAtUs = w.nowUs;
      w.record('phase', null, 'liveness reached');
      isDone = true;
    }
    if (onEvent !== null) {
      onEvent(w.eventIndex, trace.listener ?? NO_RECORDS, w.view, node === null ? -1 : node.index);
      trace.listener = null;
    }
    if (w.eventIndex >= stopAfterEvent) break;
  }

  const linearizability = checkHistory(w, cfg);
  if (w.violation === null && linearizability?.verdict === 'illegal') {
    w.violation = { kind: 'violation', name: 'linearizability', message: linearizability.explanation, eventIndex: -1, atUs: w.nowUs, node: null };
  } else if (w.violation === null && linearizability?.isModelError === true) {
    // The protocol's own sequential model threw: without this a broken model would pass every run as 'unknown'.
    w.violation = { kind: 'crash', name: 'sequential-model', message: linearizability.explanation, eventIndex: -1, atUs: w.nowUs, node: null };
  }
  // Added to the object buildResult made, not spread into a new one: a spread would read its lazy `trace` getter.
  const result = buildResult(w, cfg, opts, livenessReachedAtUs, linearizability) as RunResult & { coverage: RunResult['coverage'] };
  result.coverage = isCovering ? coverage.result() : null;
  return result;
}

function scheduledOps(cfg: RunConfig, opts: object, w: World): readonly ScheduledOp[] {
  const wl = cfg.workload ?? 'default';
  if (wl === 'none') return [];
  if (wl !== 'default') return wl;
  const gen = cfg.protocol.workload;
  return gen === undefined ? [] : gen.generate(w.streams.get('workload'), cfg.protocol.nodes(opts), opts, cfg.faultPhaseUs);
}

/** Heal everything, restart crashed nodes, resume paused ones; returns false when liveness is skipped. */
function startLivenessPhase(w: World, cfg: RunConfig): boolean {
  if (cfg.skipLiveness || w.protocol.liveness.length === 0) {
    w.record('phase', null, 'fault phase over (liveness skipped)');
    return false;
  }
  w.phase = 'liveness';
  w.healUs = w.nowUs;
  w.net.heal();
  w.record('phase', null, 'heal: network healed, paused nodes resumed, crashed nodes restarted');
  for (const n of w.nodes) {
    if (n.isPaused) resumeNode(w, n);
    if (n.clock.drift !== 0) n.clock.setDrift(0, w.nowUs);
    n.storage.slowUntilUs = 0;
  }
  for (const n of w.nodes) if (!n.isUp) { w.stats.restarts++; startNode(w, n); }
  // The bound, plus what the protocol asks for the work left at the heal (ProtocolModule.livenessExtraUs).
  const extraUs = w.protocol.livenessExtraUs?.(w.view, w.opts) ?? 0;
  w.livenessWindowUs = w.protocol.livenessBoundUs(w.opts) + extraUs;
  w.schedule(w.nowUs + w.livenessWindowUs, null, { kind: 'deadline' });
  return true;
}

function unmetLiveness(w: World): string | null {
  for (const l of w.protocol.liveness) if (l.check(w.view) !== null) return l.name;
  return null;
}

function unmetMessage(w: World): string {
  return w.protocol.liveness.map((l) => [l.name, l.check(w.view)] as const).filter(([, m]) => m !== null).map(([n, m]) => `${n}: ${m}`).join('; ');
}

function checkHistory(w: World, cfg: RunConfig): LinearizabilityVerdict | null {
  const model = cfg.protocol.workload?.model;
  if (model === undefined || w.history.length === 0 || cfg.checkLinearizability === false) return null;
  if (w.violation?.kind === 'crash') return null;
  return checkRunHistory(model, w.history);
}

function buildResult(w: World, cfg: RunConfig, opts: object, livenessReachedAtUs: number | null, lin: LinearizabilityVerdict | null): Omit<RunResult, 'coverage'> {
  const finalStates: Record<string, unknown> = {};
  for (const n of w.nodes) finalStates[n.id] = n.isUp ? n.state : null;
  let finalRoles: Record<string, readonly string[]> = {};
  try { finalRoles = { ...w.protocol.roles(w.view, opts) }; } catch { finalRoles = {}; }
  const v = w.violation;
  let records: readonly TraceRecord[] | undefined;
  return {
    protocol: cfg.protocol.name, seed: cfg.seed, bugs: [...(cfg.bugs ?? [])], options: opts as Record<string, unknown>,
    verdict: v === null ? 'pass' : v.kind, violation: v,
    events: w.eventIndex + 1, virtualDurationUs: w.nowUs, faultPhaseEndUs: cfg.faultPhaseUs, livenessReachedAtUs,
    traceHash: w.trace.hash(),
    // Built on first read (an own enumerable getter, so spreads, JSON and equality still see the array): a fuzz seed's
    // result is mostly read for its verdict and hash, and building up to a ring's 5,000 records, each message's JSON
    // text included, was ~1 % of a seed and ~200 bytes of garbage per event. The ring is not written after the run.
    get trace(): readonly TraceRecord[] { return (records ??= w.trace.records()); },
    isTraceTruncated: w.trace.isTruncated, traceRecordCount: w.trace.recordCount,
    eventHashes: w.trace.eventHashes, history: w.history, linearizability: lin, anomalies: w.anomalies, stats: w.stats,
    finalStates, finalRoles, untriggered: w.triggers?.untriggered() ?? [],
  };
}

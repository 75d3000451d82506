// Recording a run for the reports: the full trace, and per event the changed node states (as diffs), roles and counters.
import { runSimulation } from '../sim/index.ts';
import type { ProtocolModule, RunConfig, RunResult, TraceRecord, View } from '../sim/index.ts';
import { diffState, toJsonSafe, LEADER_ROLES, RECORDING_VERSION } from '../reports/index.ts';
import type { FirstLeader, NodeCounters, RoleChange, RunRecording, StateChunk, StateGap } from '../reports/index.ts';

export interface RecorderOptions {
  /** Budget for the recorded node states, in bytes of JSON (default 64 MB: every state of a 300k-event run). Over it, middle chunks are dropped with a note. */
  readonly stateBytesMax?: number;
  /** Role changes kept; later ones are dropped with a note (default 20,000). */
  readonly roleChangesMax?: number;
}

const DEFAULTS: Required<RecorderOptions> = { stateBytesMax: 64_000_000, roleChangesMax: 20_000 };
/** A chunk restarts from a full snapshot once its diffs outweigh this many times its base (keyframe amortisation). */
const CHUNK_DIFFS_PER_BASE = 2;

export interface Recorder {
  /** Settings to merge into a RunConfig (or into runScenario's / runFuzzSeed's `run` overrides). */
  readonly runOverrides: Pick<RunConfig, 'traceFull' | 'onEvent'>;
  /** The recording of the finished run. */
  finish(result: RunResult): RunRecording;
}

const emptyCounters = (): NodeCounters => ({ messagesSent: 0, messagesReceived: 0, dropsTo: 0, crashes: 0, boots: 0, pauses: 0 });
const jsonBytes = (x: unknown): number => JSON.stringify(x).length;

/** A recorder for one run of `protocol` with these option overrides. */
export function createRecorder(protocol: ProtocolModule, options: Readonly<Record<string, unknown>> = {}, o: RecorderOptions = {}): Recorder {
  const cfg = { ...DEFAULTS, ...o };
  const opts = { ...protocol.defaultOptions, ...options };
  const nodes = protocol.nodes(opts).map((n) => ({ id: n.id as string, kind: n.kind }));
  const chunkBytesMin = Math.max(1, Math.floor(cfg.stateBytesMax / 16));
  const prev: unknown[] = nodes.map(() => undefined);
  const chunks: StateChunk[] = [{ firstEvent: 0, lastEvent: -1, base: nodes.map(() => null), diffs: [], bytes: 0 }];
  let baseBytes = jsonBytes(chunks[0]!.base);
  let totalBytes = baseBytes;
  const gaps: StateGap[] = [];
  const roles: RoleChange[] = [];
  let rolesKey = '';
  let isRolesCapped = false;
  let firstLeader: FirstLeader | null = null;
  const counters: Record<string, NodeCounters> = Object.fromEntries(nodes.map((n) => [n.id, emptyCounters()]));
  const count = (node: string | null | undefined, f: (c: NodeCounters) => void): void => {
    if (node === null || node === undefined) return;
    f(counters[node] ??= emptyCounters());
  };

  const startChunk = (event: number): void => {
    const base = prev.map((s) => toJsonSafe(s));
    baseBytes = jsonBytes(base);
    chunks.push({ firstEvent: event, lastEvent: event - 1, base, diffs: [], bytes: baseBytes });
    totalBytes += baseBytes;
    // Over budget: drop the oldest chunk after the first (boot states stay, the run's end stays).
    while (totalBytes > cfg.stateBytesMax && chunks.length > 2) {
      const [gone] = chunks.splice(1, 1);
      totalBytes -= gone!.bytes;
      const last = gaps[gaps.length - 1];
      const toEvent = chunks[1]!.firstEvent - 1;
      if (last !== undefined && last.toEvent + 1 >= gone!.firstEvent) gaps[gaps.length - 1] = { fromEvent: last.fromEvent, toEvent };
      else gaps.push({ fromEvent: gone!.firstEvent, toEvent });
    }
  };

  const countRecords = (records: readonly TraceRecord[]): void => {
    for (const r of records) {
      switch (r.kind) {
        case 'message': count(r.to, (c) => c.messagesReceived++); count(r.from, (c) => c.messagesSent++); break;
        case 'drop': count(r.to, (c) => c.dropsTo++); count(r.from, (c) => c.messagesSent++); break;
        case 'boot': count(r.node, (c) => c.boots++); break;
        case 'fault':
          if (/^(crash \(|kill-during-write )/.test(r.detail)) count(r.node, (c) => c.crashes++);
          else if (r.detail.startsWith('pause ')) count(r.node, (c) => c.pauses++);
          break;
        default: break;
      }
    }
  };

  const recordRoles = (event: number, view: View<unknown>): void => {
    let now: Readonly<Record<string, readonly string[]>>;
    // roles() is written for the kernel's targets; a throw here must not turn a recording into a crash verdict.
    try { now = protocol.roles(view, opts); } catch { return; }
    const key = JSON.stringify(now);
    if (key === rolesKey) return;
    rolesKey = key;
    if (roles.length >= cfg.roleChangesMax) { isRolesCapped = true; return; }
    roles.push({ event, atUs: view.nowUs, roles: JSON.parse(key) as Record<string, string[]> });
    if (firstLeader !== null) return;
    for (const role of LEADER_ROLES) {
      const holder = now[role]?.[0];
      if (holder !== undefined) { firstLeader = { role, node: holder, event, atUs: view.nowUs }; return; }
    }
  };

  const onEvent = (event: number, records: readonly TraceRecord[], view: View<unknown>): void => {
    countRecords(records);
    let isChanged = false;
    view.nodes.forEach((n, i) => {
      const cur = n.isUp ? n.state : undefined;
      if (cur === prev[i]) return;
      if (!isChanged) {
        isChanged = true;
        const chunk = chunks[chunks.length - 1]!;
        if (chunk.bytes - baseBytes > Math.max(chunkBytesMin, CHUNK_DIFFS_PER_BASE * baseBytes)) startChunk(event);
      }
      const ops = diffState(prev[i], cur);
      prev[i] = cur;
      if (ops.length === 0) return;
      const chunk = chunks[chunks.length - 1]!;
      const bytes = jsonBytes(ops) + 12;
      chunk.diffs.push([event, i, ops]);
      chunk.lastEvent = event;
      chunk.bytes += bytes;
      totalBytes += bytes;
    });
    if (isChanged || event === 0) recordRoles(event, view);
  };

  const finish = (result: RunResult): RunRecording => {
    const notes: string[] = [];
    for (const g of gaps) notes.push(`node states of events ${g.fromEvent}–${g.toEvent} were dropped to keep the state log under ${cfg.stateBytesMax} bytes`);
    if (isRolesCapped) notes.push(`only the first ${cfg.roleChangesMax} role changes were kept`);
    if (result.isTraceTruncated) notes.push(`the trace kept ${result.trace.length} of ${result.traceRecordCount} records (run without traceFull)`);
    return {
      recordingVersion: RECORDING_VERSION, result, nodes, roles, firstLeader, counters, notes,
      states: { chunks, gaps, bytes: totalBytes },
    };
  };

  return { runOverrides: { traceFull: true, onEvent }, finish };
}

/** Run `cfg` with a recorder attached (any onEvent of cfg still runs). */
export function recordRun(cfg: RunConfig, o: RecorderOptions = {}): RunRecording {
  const rec = createRecorder(cfg.protocol, cfg.options ?? {}, o);
  const outer = cfg.onEvent;
  const result = runSimulation({
    ...cfg,
    traceFull: true,
    onEvent: (i, records, view, node) => { rec.runOverrides.onEvent!(i, records, view, node); outer?.(i, records, view, node); },
  });
  return rec.finish(result);
}

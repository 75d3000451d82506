// Facts every report shares, derived once from a RunResult or a RunRecording: counts, per-node summaries, first leader.
import type { RunResult } from '../sim/index.ts';
import type { FirstLeader, NodeCounters, RunRecording } from './recording.ts';
import { isRecording, resultOf } from './recording.ts';

export interface NodeSummary {
  readonly id: string;
  readonly kind: string | null;
  readonly isUpAtEnd: boolean;
  /** Roles this node holds at the end of the run. */
  readonly roles: readonly string[];
  /** Counts from the trace (null when only a truncated trace was available). */
  readonly counters: NodeCounters | null;
}

export interface RunFacts {
  readonly result: RunResult;
  readonly nodes: readonly NodeSummary[];
  readonly firstLeader: FirstLeader | null;
  /** False for a bare RunResult: roles over time were not recorded, so no first-leader time. */
  readonly hasRoleHistory: boolean;
  readonly notes: readonly string[];
}

/** Counters rebuilt from a full trace, for a RunResult that was not recorded with record-run. */
function countersFromTrace(r: RunResult): Record<string, NodeCounters> | null {
  if (r.isTraceTruncated) return null;
  const out: Record<string, NodeCounters> = {};
  const c = (id: string | null | undefined): NodeCounters | null => (id ? (out[id] ??= { messagesSent: 0, messagesReceived: 0, dropsTo: 0, crashes: 0, boots: 0, pauses: 0 }) : null);
  for (const t of r.trace) {
    if (t.kind === 'message') { c(t.to)!.messagesReceived++; c(t.from)!.messagesSent++; }
    if (t.kind === 'drop') { c(t.to)!.dropsTo++; c(t.from)!.messagesSent++; }
    if (t.kind === 'boot') c(t.node)!.boots++;
    if (t.kind === 'fault' && /^(crash \(|kill-during-write )/.test(t.detail)) { const x = c(t.node); if (x) x.crashes++; }
    if (t.kind === 'fault' && t.detail.startsWith('pause ')) { const x = c(t.node); if (x) x.pauses++; }
  }
  return out;
}

export function runFacts(x: RunResult | RunRecording): RunFacts {
  const r = resultOf(x);
  const rec = isRecording(x) ? x : null;
  const rolesOf = new Map<string, string[]>();
  for (const role of Object.keys(r.finalRoles).sort()) {
    for (const id of r.finalRoles[role] ?? []) rolesOf.set(id, [...(rolesOf.get(id) ?? []), role]);
  }
  const counters = rec?.counters ?? countersFromTrace(r);
  const ids = rec ? rec.nodes.map((n) => n.id) : Object.keys(r.finalStates);
  const nodes = ids.map((id): NodeSummary => ({
    id,
    kind: rec?.nodes.find((n) => n.id === id)?.kind ?? null,
    isUpAtEnd: r.finalStates[id] !== null && r.finalStates[id] !== undefined,
    roles: rolesOf.get(id) ?? [],
    counters: counters === null ? null : counters[id] ?? { messagesSent: 0, messagesReceived: 0, dropsTo: 0, crashes: 0, boots: 0, pauses: 0 },
  }));
  return { result: r, nodes, firstLeader: rec?.firstLeader ?? null, hasRoleHistory: rec !== null, notes: rec?.notes ?? [] };
}

/** "1.5s", "200ms", "35us" (sim's formatUs, restated: reports import only types from sim). */
export function formatUs(us: number): string {
  const abs = Math.abs(us);
  const trim = (n: number): string => n.toFixed(3).replace(/\.?0+$/, '');
  if (abs >= 1_000_000) return `${trim(us / 1_000_000)}s`;
  if (abs >= 1_000) return `${trim(us / 1_000)}ms`;
  return `${us}us`;
}

/** The trace record of the violating event that best says what happened (its first record). */
export function violationCause(r: RunResult): string | null {
  const v = r.violation;
  if (v === null || v.eventIndex < 0) return null;
  const rec = r.trace.find((t) => t.event === v.eventIndex);
  if (rec === undefined) return null;
  const from = rec.from !== undefined ? ` from ${rec.from}` : '';
  return `${rec.kind} at ${rec.node ?? 'world'}${from}: ${rec.detail.length > 160 ? `${rec.detail.slice(0, 157)}...` : rec.detail}`;
}

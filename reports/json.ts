// The JSON report: a documented, versioned snapshot of a run (schema in reports/README.md).
import type { HistoryOp, RunCoverage, RunResult, TraceRecord } from '../sim/index.ts';
import type { RunRecording, FirstLeader, NodeCounters } from './recording.ts';
import { runFacts, violationCause } from './facts.ts';
import { toJsonSafe } from './state-diff.ts';

export const JSON_REPORT_SCHEMA = 'replisim/run-report';
/** Bump on any change that is not a pure addition of an optional field; README.md lists the history. */
export const JSON_REPORT_VERSION = 1;

export interface JsonReportOptions {
  readonly replayCommand?: string;
  /** Include every kept trace record (large); default false. */
  readonly isTraceIncluded?: boolean;
  /** Indentation (default 2; 0 for one line). */
  readonly indent?: number;
}

export interface JsonReport {
  readonly schema: typeof JSON_REPORT_SCHEMA;
  readonly schemaVersion: typeof JSON_REPORT_VERSION;
  readonly protocol: string;
  readonly seed: number;
  readonly bugs: readonly string[];
  readonly options: Readonly<Record<string, unknown>>;
  readonly verdict: RunResult['verdict'];
  readonly violation: (NonNullable<RunResult['violation']> & { readonly cause: string | null }) | null;
  readonly replayCommand: string | null;
  readonly events: number;
  readonly virtualDurationUs: number;
  readonly faultPhaseEndUs: number;
  readonly livenessReachedAtUs: number | null;
  readonly traceHash: string;
  readonly traceRecordCount: number;
  readonly isTraceTruncated: boolean;
  readonly stats: RunResult['stats'];
  readonly anomalies: Readonly<Record<string, number>>;
  readonly linearizability: RunResult['linearizability'];
  readonly firstLeader: FirstLeader | null;
  readonly nodes: readonly {
    readonly id: string;
    readonly kind: string | null;
    readonly isUpAtEnd: boolean;
    readonly roles: readonly string[];
    readonly counters: NodeCounters | null;
    readonly finalState: unknown;
  }[];
  readonly finalRoles: Readonly<Record<string, readonly string[]>>;
  readonly history: readonly HistoryOp[];
  readonly notes: readonly string[];
  /** Distinct coverage keys and each "sometimes" mark's first event (null when never reached); null without coverage. */
  readonly coverage: (RunCoverage & { readonly keyCount: number }) | null;
  readonly trace?: readonly TraceRecord[];
}

export function buildJsonReport(x: RunResult | RunRecording, o: JsonReportOptions = {}): JsonReport {
  const f = runFacts(x);
  const r = f.result;
  return {
    schema: JSON_REPORT_SCHEMA, schemaVersion: JSON_REPORT_VERSION,
    protocol: r.protocol, seed: r.seed, bugs: r.bugs, options: toJsonSafe(r.options) as Record<string, unknown>,
    verdict: r.verdict,
    violation: r.violation === null ? null : { ...r.violation, cause: violationCause(r) },
    replayCommand: o.replayCommand ?? null,
    events: r.events, virtualDurationUs: r.virtualDurationUs, faultPhaseEndUs: r.faultPhaseEndUs, livenessReachedAtUs: r.livenessReachedAtUs,
    traceHash: r.traceHash, traceRecordCount: r.traceRecordCount, isTraceTruncated: r.isTraceTruncated,
    stats: r.stats, anomalies: r.anomalies, linearizability: r.linearizability, firstLeader: f.firstLeader,
    nodes: f.nodes.map((n) => ({ ...n, finalState: toJsonSafe(r.finalStates[n.id]) })),
    finalRoles: r.finalRoles,
    history: toJsonSafe(r.history) as HistoryOp[],
    notes: f.notes,
    coverage: r.coverage == null ? null : { keyCount: r.coverage.keys.length, ...r.coverage },
    ...(o.isTraceIncluded === true ? { trace: r.trace } : {}),
  };
}

export function renderJson(x: RunResult | RunRecording, o: JsonReportOptions = {}): string {
  return `${JSON.stringify(buildJsonReport(x, o), null, o.indent ?? 2)}\n`;
}

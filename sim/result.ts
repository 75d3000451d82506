// What a run returns: verdict, seed, counts, trace hash, history and the violation if any.
import type { FaultStep, Verdict, Violation } from './types.ts';
import type { TraceRecord } from './trace.ts';
import type { HistoryOp } from './history.ts';
import type { RunStats } from './world.ts';
import type { LinearizabilityVerdict } from './checker-hook.ts';
import type { RunCoverage } from './coverage.ts';

export interface RunResult {
  readonly protocol: string;
  readonly seed: number;
  readonly bugs: readonly string[];
  /** Resolved protocol options. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly verdict: Verdict;
  readonly violation: Violation | null;
  /** Kernel events processed. */
  readonly events: number;
  readonly virtualDurationUs: number;
  readonly faultPhaseEndUs: number;
  /** When every liveness predicate first held (null if never, or skipped). */
  readonly livenessReachedAtUs: number | null;
  /** 64-bit FNV-1a over every trace record, 16 hex digits. */
  readonly traceHash: string;
  readonly trace: readonly TraceRecord[];
  readonly isTraceTruncated: boolean;
  readonly traceRecordCount: number;
  readonly eventHashes: readonly number[] | null;
  readonly history: readonly HistoryOp[];
  readonly linearizability: LinearizabilityVerdict | null;
  /** Design-permitted anomalies seen, by name. */
  readonly anomalies: Readonly<Record<string, number>>;
  readonly stats: RunStats;
  /** Memory state of every node at the end (null for nodes that are down). */
  readonly finalStates: Readonly<Record<string, unknown>>;
  /** Roles at the end of the run. */
  readonly finalRoles: Readonly<Record<string, readonly string[]>>;
  /** Triggered fault steps whose trigger never fired (a scenario can say so; a fuzz plan's missed shot). */
  readonly untriggered: readonly FaultStep[];
  /** Coverage keys reached and when each "sometimes" mark first held (null when the protocol declares neither). */
  readonly coverage: RunCoverage | null;
}

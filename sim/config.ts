// What a run is made of (RunConfig) and the defaults every run starts from, resolved in one place.
import type { DiskOptions, FaultStep, NetworkOptions, ProtocolModule, ScheduledOp } from './types.ts';
import type { Limits } from './world.ts';
import type { TraceRecord, TraceTap } from './trace.ts';
import type { View } from './types.ts';
import type { InvariantCheckMode } from './invariant-checks.ts';

export interface RunConfig {
  readonly protocol: ProtocolModule;
  /** Protocol option overrides (validated by the caller against defaultOptions). */
  readonly options?: Readonly<Record<string, unknown>>;
  readonly seed: number;
  readonly bugs?: readonly string[];
  readonly faults?: readonly FaultStep[];
  /** How long the fault phase lasts; then everything heals and the liveness phase starts. */
  readonly faultPhaseUs: number;
  readonly network?: Partial<NetworkOptions>;
  readonly disk?: Partial<DiskOptions>;
  /** 'default' draws the protocol's workload from the seed; 'none' runs no clients; or an explicit list. */
  readonly workload?: 'default' | 'none' | readonly ScheduledOp[];
  /** Nodes that stay down until a restart step starts them. */
  readonly initiallyDown?: readonly string[];
  readonly limits?: Partial<Limits>;
  readonly checkInvariants?: boolean;
  /** Check the client history for linearizability at the end (default true; a catalog's recording run skips it). */
  readonly checkLinearizability?: boolean;
  /**
   * Fuzz plans: a crash / pause / kill-during-write step that would take more than `maxDownNodes` nodes (of `kinds`,
   * default all) down at once is skipped, and a triggered one does not count the match. Scripted scenarios leave it unset.
   */
  readonly downBudget?: DownBudget;
  /** 'scoped' skips invariant checks an event cannot have changed (Invariant.scope); 'full' runs all after every event. Default: sim/invariant-checks.ts. */
  readonly invariantChecks?: InvariantCheckMode;
  /** Deep-freeze every state a handler produces (immer autoFreeze): catches a handler mutating what it must not. Default: see sim/freeze.ts. */
  readonly freezeStates?: boolean;
  /** Compute coverage keys and sometimes-marks (default true; a catalog's recording run, whose result is discarded, skips them). */
  readonly recordCoverage?: boolean;
  /** Skip the heal + liveness phase (a scripted scenario that only checks safety). */
  readonly skipLiveness?: boolean;
  /** Keep every trace record (for reports and --trace) instead of a bounded ring. */
  readonly traceFull?: boolean;
  readonly traceRingSize?: number;
  /**
   * Fold the trace into its hash (default true). False only for a run whose result is discarded and whose records
   * are read through onEvent (the crash-point catalog's recording run): the result's traceHash is then meaningless.
   */
  readonly hashTrace?: boolean;
  /** Keep one hash per event (the determinism check uses it to find the first difference). */
  readonly recordEventHashes?: boolean;
  /** Stop after this event index (replay --until-event). */
  readonly stopAfterEvent?: number;
  /**
   * Called after every event with its records; for recorders (reports), never for decisions. `nodeIndex`: the index in
   * view.nodes of the node the event was for (-1: a world event, a fault or a client op). Only that node's state can
   * have changed in an event without fault or phase records: handlers run for the event's node alone, and every other
   * change of a node (crash, restart, pause, resume, exit, alias) is traced as a fault or phase record.
   */
  readonly onEvent?: (eventIndex: number, records: readonly TraceRecord[], view: View<unknown>, nodeIndex: number) => void;
  /**
   * Handed every record of every event, as the trace keeps it (sim/trace.ts TraceTap), before that event's onEvent,
   * which then gets no records: for a recorder that reads a few fields of most records (the crash-point catalog).
   */
  readonly traceTap?: TraceTap;
}

export interface DownBudget {
  readonly maxDownNodes: number;
  readonly kinds?: readonly string[];
}

export const DEFAULT_NETWORK: NetworkOptions = {
  latency: { minUs: 500, maxUs: 3_000 },
  linkLatency: {},
  datagramLoss: { numerator: 0, denominator: 1 },
  datagramDuplication: { numerator: 0, denominator: 1 },
  connectionDetectionDelayUs: 200_000,
  connectTimeoutUs: 1_000_000,
};

export const DEFAULT_DISK: DiskOptions = {
  latency: { minUs: 50, maxUs: 500 },
  fsyncLatency: { minUs: 500, maxUs: 5_000 },
};

export const DEFAULT_LIMITS: Limits = {
  eventsMax: 5_000_000,
  eventQueueMax: 1_000_000,
};

export const DEFAULT_TRACE_RING = 5_000;

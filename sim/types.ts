// The kernel's public types: ids, messages, disk records, inputs, the actor context, views, network and disk options, faults, verdicts.
import type { Prng } from './prng.ts';
import type { TriggeredFields } from './trigger-types.ts';
import type { HistoryOp } from './history.ts';
import type { ScheduledOp } from './protocol-module.ts';

export type { Trigger, NodeMatcher, TriggerKind, TriggerEdge, DiskTriggerOp, TriggeredFields } from './trigger-types.ts';

/** Branded node id ("n1", "cs0", "agent"). */
export type NodeId = string & { readonly __brand: 'NodeId' };
export const nodeId = (s: string): NodeId => s as NodeId;
/** Connection id, unique within a run. */
export type ConnId = number & { readonly __brand: 'ConnId' };
/** Timer handle, unique within a run. */
export type TimerId = number & { readonly __brand: 'TimerId' };
/** Disk operation handle, unique within a run. */
export type DiskOpId = number & { readonly __brand: 'DiskOpId' };
/** Client request id, unique within a run. */
export type ReqId = number & { readonly __brand: 'ReqId' };

/** An address: a node id or an alias (a VIP) bound to at most one node. */
export type Address = string;

/** Probability as an integer ratio; floats never decide anything in a run. */
export interface Ratio { readonly numerator: number; readonly denominator: number }
export const ratio = (numerator: number, denominator: number): Ratio => ({ numerator, denominator });

/** Every message is a JSON-safe object discriminated on `type`. */
export interface Message { readonly type: string }

/** A record as stored on a simulated disk: data plus the CRC32 of its canonical JSON at write time. */
export interface DiskRecord {
  readonly data: unknown;
  readonly crc: number;
}

/** What a node finds on its disk at boot: file name → records, in order. */
export type DiskContents = ReadonlyMap<string, readonly DiskRecord[]>;

export type DiskOpKind = 'append' | 'replace' | 'truncate' | 'delete' | 'fsync' | 'read';

/** Why a connection closed, as the endpoint learns it. */
export type CloseReason = 'refused' | 'broken' | 'closed-by-peer' | 'alias-moved';

/** Inputs an actor handles. `boot` is separate (Actor.boot). */
export type Input<M extends Message> =
  | { readonly type: 'message'; readonly from: NodeId; readonly msg: M; readonly connId: ConnId | null }
  | { readonly type: 'conn-opened'; readonly connId: ConnId; readonly peer: NodeId; readonly isInitiator: boolean; readonly address: Address }
  | { readonly type: 'conn-closed'; readonly connId: ConnId; readonly peer: NodeId; readonly reason: CloseReason }
  | { readonly type: 'timer'; readonly timerId: TimerId; readonly name: string; readonly data: unknown }
  | { readonly type: 'disk-done'; readonly opId: DiskOpId; readonly op: DiskOpKind; readonly file: string; readonly records: readonly DiskRecord[] | null; readonly tag: unknown }
  | { readonly type: 'client'; readonly reqId: ReqId; readonly op: ClientOp };


/** A client operation: JSON-safe, discriminated on `type` by the protocol's workload. */
export interface ClientOp { readonly type: string; readonly [k: string]: unknown }

/**
 * Effects and queries available to a handler. Effects are recorded and carried out by the kernel
 * after the handler returns; queries read the kernel's state at the time of the event.
 */
export interface Ctx<M extends Message> {
  readonly self: NodeId;
  /** This node's local clock (offset, drift, pause jumps included), in microseconds. */
  readonly nowUs: number;
  /** This node's own random stream. */
  readonly prng: Prng;
  /** Open a connection; the result arrives as conn-opened or conn-closed('refused'). */
  connect(to: Address): ConnId;
  /** Send on an open connection (FIFO, reliable while it lives; silently lost once broken). */
  send(connId: ConnId, msg: M): void;
  close(connId: ConnId): void;
  /** Fire-and-forget datagram: subject to loss, duplication and reordering. */
  sendDatagram(to: Address, msg: M): void;
  /** Set a timer `delayUs` from now on this node's local clock. */
  setTimer(name: string, delayUs: number, data?: unknown): TimerId;
  cancelTimer(id: TimerId): void;
  /** Disk operations; each completes with a disk-done input after the disk's latency. */
  append(file: string, data: unknown, tag?: unknown): DiskOpId;
  /** Atomically replace the whole file (write temp + rename). A machine crash before fsync may lose it. */
  replace(file: string, data: readonly unknown[], tag?: unknown): DiskOpId;
  truncate(file: string, keepCount: number, tag?: unknown): DiskOpId;
  deleteFile(file: string, tag?: unknown): DiskOpId;
  fsync(file: string, tag?: unknown): DiskOpId;
  read(file: string, tag?: unknown): DiskOpId;
  /** Answer a client request delivered as a `client` input. */
  reply(reqId: ReqId, result: unknown): void;
  /** Bind an alias (VIP) to a node, or unbind it with null; connections made through it break. */
  bindAlias(alias: Address, node: NodeId | null): void;
  /** The node an alias is bound to now, or null. */
  aliasHolder(alias: Address): NodeId | null;
  /** Would a connection attempt to `to` succeed now? (crashes and partitions; not datagram loss) */
  canConnect(to: Address): boolean;
  /** A line in the trace, for people reading it. */
  log(text: string): void;
  /** Report a design-permitted anomaly (counted in the result, never a failure). */
  anomaly(name: string, detail: string): void;
  /**
   * End this node's process (System.exit), after the effects recorded before it; later ones never happen. Like a
   * process crash: memory lost, page cache kept. A supervisor restarts it `restartAfterUs` later; omitted = stays down.
   */
  exit(reason: string, restartAfterUs?: number): void;
}

/** A protocol's node actor: pure transitions over immutable state. */
export interface Actor<S, M extends Message, O> {
  /** Called at first start and at every restart, with what survived on disk. */
  boot(node: NodeSpec, disk: DiskContents, ctx: Ctx<M>, opts: O, bugs: BugSet): S;
  handle(state: S, input: Input<M>, ctx: Ctx<M>, opts: O, bugs: BugSet): S;
}

export interface NodeSpec {
  readonly id: NodeId;
  /** Protocol-defined kind ("server", "observer", "configserver", "agent", "client", ...). */
  readonly kind: string;
}

/** Enabled bug flags, by full name (`<protocol>/<name>`). */
export type BugSet = ReadonlySet<string>;

/** Read-only view of one node for invariants, roles and liveness. */
export interface NodeView<S> {
  readonly id: NodeId;
  readonly kind: string;
  readonly isUp: boolean;
  readonly isPaused: boolean;
  /** Memory state; undefined while the node is down. */
  readonly state: S | undefined;
  /** What the node's disk holds now (page cache view; what a process crash keeps). */
  readonly disk: DiskContents;
  readonly incarnation: number;
  /**
   * The node's own clock reading now (sim/clock.ts: global time plus its offset and drift, clock steps included): what
   * `ctx.nowUs` reads in its handlers at this instant, so a check can compare it with local times the node recorded
   * (a deadline it armed). A getter in the kernel (read on demand, nothing stored per event). Absent in hand-built views
   * (tests): read it through nodeClockUs(view, n), which gives view.nowUs then (a clock without drift or steps).
   */
  readonly localClockUs?: number;
}

/** Read-only view of the whole world after an event. */
export interface View<S> {
  readonly nowUs: number;
  readonly phase: Phase;
  readonly nodes: readonly NodeView<S>[];
  node(id: NodeId): NodeView<S>;
  /** Is there any partition or clog active now? */
  readonly isNetworkHealed: boolean;
  /**
   * When the fault phase ended (the heal: network healed, nodes restarted and resumed, the liveness phase begun); null
   * before it. Lets a check about what happened after the heal tell it from its own plan (a liveness predicate that
   * counts client ops must not take one called before the heal for progress). Absent in hand-built views: read it
   * through healedAtUs(view), which gives null then.
   */
  readonly healUs?: number | null;
  aliasHolder(alias: Address): NodeId | null;
  /** Could `a` connect to `b` now? */
  canConnect(a: NodeId, b: NodeId): boolean;
  /**
   * The run's client history so far (sim/history.ts): every issued operation in call order, its return time, outcome
   * and result as they stand after this event. It is the kernel's own array, not a copy (read it, do not keep it or
   * its entries across events). For checks about what clients saw (did a request issued after the heal succeed?),
   * instead of nodes noting client facts in their state. Absent in hand-built views (tests): read it through
   * clientHistory(view), which gives [] then.
   */
  readonly history?: readonly Readonly<HistoryOp>[];
  /**
   * Every client operation this run will issue or skip, fixed before the first event (the workload's draw or the
   * scenario's list), in the order the workload returned them. Lets a check know at the heal that ops are still to
   * come (a progress check is vacuous in a run that schedules none). Read it through clientPlan(view).
   */
  readonly clientPlan?: readonly ScheduledOp[];
  /**
   * The protocol options this run uses (the defaults merged with the run's options, perturbed ones included), the
   * kernel's own object: read it, never change it. Lets a check use the limits the nodes run with (a timeout, a retry
   * bound) instead of copying them into node state. Absent in hand-built views: read it through runOptions(view).
   */
  readonly options?: Readonly<object>;
}

export type Phase = 'faults' | 'liveness';

export type {
  Invariant, LivenessPredicate, BugFlag, OptionDoc, ScheduledOp, SequentialModel, Workload, FaultBudget, Probe, ProtocolModule, Mark, PerturbRange,
} from './protocol-module.ts';

export interface LatencyUs { readonly minUs: number; readonly maxUs: number }

export interface NetworkOptions {
  /** Default one-way latency, uniform in [minUs, maxUs]. */
  readonly latency: LatencyUs;
  /** Per-link overrides, keyed "from->to". */
  readonly linkLatency: Readonly<Record<string, LatencyUs>>;
  readonly datagramLoss: Ratio;
  readonly datagramDuplication: Ratio;
  /** How long after a connection breaks its ends are told. */
  readonly connectionDetectionDelayUs: number;
  /** How long a refused connect takes to be reported. */
  readonly connectTimeoutUs: number;
}

export interface DiskOptions {
  readonly latency: LatencyUs;
  readonly fsyncLatency: LatencyUs;
}

export type FaultKind =
  | 'crash' | 'restart' | 'pause' | 'resume' | 'partition' | 'partition-one-way' | 'heal'
  | 'clog' | 'clock-offset' | 'clock-drift' | 'disk-corrupt' | 'disk-slow' | 'kill-during-write'
  | 'corrupt-messages' | 'datagram-loss';

/**
 * A fault at a time, or on an event (`when`, see trigger-types.ts). Targets are node ids or role names resolved when the
 * step fires. `forUs` on crash / pause / kill-during-write restarts or resumes that same node after the given time; on
 * partition / partition-one-way it lifts the links that step blocked (others' partitions, clogs and loss stay).
 */
export type FaultStep = TriggeredFields & (
  | { readonly atUs: number; readonly kind: 'crash'; readonly target: string; readonly mode?: CrashMode; readonly forUs?: number; readonly unsynced?: UnsyncedFate }
  | { readonly atUs: number; readonly kind: 'restart'; readonly target: string }
  | { readonly atUs: number; readonly kind: 'pause'; readonly target: string; readonly forUs?: number }
  | { readonly atUs: number; readonly kind: 'resume'; readonly target: string }
  | { readonly atUs: number; readonly kind: 'partition'; readonly groups: readonly (readonly string[])[]; readonly forUs?: number }
  | { readonly atUs: number; readonly kind: 'partition-one-way'; readonly from: string; readonly to: string; readonly forUs?: number }
  | { readonly atUs: number; readonly kind: 'heal' }
  | { readonly atUs: number; readonly kind: 'clog'; readonly from: string; readonly to: string; readonly durationUs: number }
  | { readonly atUs: number; readonly kind: 'clock-offset'; readonly target: string; readonly offsetUs: number }
  | { readonly atUs: number; readonly kind: 'clock-drift'; readonly target: string; readonly driftPpm: number }
  | { readonly atUs: number; readonly kind: 'disk-corrupt'; readonly target: string; readonly file?: string; readonly record?: CorruptRecordPick }
  | { readonly atUs: number; readonly kind: 'disk-slow'; readonly target: string; readonly factor: number; readonly durationUs: number }
  | { readonly atUs: number; readonly kind: 'kill-during-write'; readonly target: string; readonly forUs?: number }
  | { readonly atUs: number; readonly kind: 'corrupt-messages'; readonly from: string; readonly to: string; readonly count: number }
  | { readonly atUs: number; readonly kind: 'datagram-loss'; readonly loss: Ratio });

/** Process crash keeps the page cache; machine crash drops unsynced writes (a prefix may survive, the last may tear). */
export type CrashMode = 'process' | 'machine';

/**
 * What a machine crash does with each file's writes not yet fsync'd: 'random' (default) keeps a random prefix and may
 * tear the next append; 'lost' drops them all, nothing torn (a power loss with the disk cache empty: for a scenario
 * whose point is that an acknowledged write was not durable).
 */
export type UnsyncedFate = 'random' | 'lost';

/** Which record a disk-corrupt step damages: 'random' (default) any record of the file; 'last' the file's last one. */
export type CorruptRecordPick = 'random' | 'last';

export type Verdict = 'pass' | 'violation' | 'liveness' | 'crash';

export interface Violation {
  readonly kind: Verdict;
  /** Invariant or liveness predicate name, 'linearizability', 'exception', or a limit name. */
  readonly name: string;
  readonly message: string;
  /** Index of the event after which it was detected (-1 when detected at the end). */
  readonly eventIndex: number;
  readonly atUs: number;
  readonly node: NodeId | null;
}

// Node states: nameserver (NsRuntimeGlobalInformation + oplog + id factory), heart agent, dataserver, client.
import type { ConnId, NodeId, ReqId, TimerId, View } from '../../sim/index.ts';
import type { KeepaliveKind, NsRole } from './messages.ts';
import type { KeepaliveRefusal } from './keepalive-refusal.ts';
import type { OplogRecord } from './oplog.ts';
import type { BlockMap } from './block-map.ts';

export const VIP = 'vip';
export const NAMESERVERS = ['ns1', 'ns2'] as const;

/** The master's oplog for the current slave lease: generated records, flush and ship positions. */
export interface MasterOplog {
  readonly leaseKey: string;
  /** Records generated under this lease; records[i] has seqno i+1. */
  readonly records: readonly OplogRecord[];
  /** hashes[i]: chained content CRC of the first i records. */
  readonly hashes: readonly number[];
  /** Records handed to the file queue (flush issued) and landed there (disk-done): only these ship. */
  readonly flushIssuedCount: number;
  readonly queuedCount: number;
  /** Records the master has moved past: acknowledged complete by the slave, or given up after send_log_'s tries. */
  readonly ackedCount: number;
  /** Of those, records given up (no complete answer within oplogSendTriesMax tries): the design's loss window. */
  readonly givenUpCount: number;
  readonly inflight: { readonly batchId: number; readonly endSeqno: number; readonly tries: number; readonly timerId: TimerId } | null;
  readonly batchSeq: number;
  /** Which try of send_log_'s retry loop the next send is (1 after a complete response). */
  readonly nextTries: number;
}

/** What the slave has replayed under its current lease (observations for the oplog invariants, besides the lease key). */
export interface SlaveApplied {
  readonly leaseKey: string;
  /** Highest seqno replayed or reported dropped under this lease. */
  readonly count: number;
  /** Seqnos below `count` that never arrived (the master gave their batch up). */
  readonly gapCount: number;
  /** Records the slave answered complete for without replaying them (the tail after a damaged record). */
  readonly droppedCount: number;
  /** hash: chained content CRC of records 1..count, meaningful while isContiguous (no gap, no drop yet). */
  readonly hash: number;
  readonly isContiguous: boolean;
  /** The records the latest batch replayed (seqno, content CRC): each must be the master's record. */
  readonly lastReplayed: readonly (readonly [number, number])[];
  /** The master's logged count from its last keepalive reply under this lease: kept after the lease lapses, to measure the loss window. */
  readonly masterLoggedCount: number;
}

export interface PendingRpc {
  readonly id: number; readonly tries: number; readonly timerId: TimerId; readonly kind: KeepaliveKind | 'get-role' | 'startup-role'; readonly sentAtUs: number;
  /** Observation (role asks only): keepaliveTriesMax when this try was sent, for role-ask-tries-bounded. */
  readonly triesMax?: number;
}

/**
 * owner_status of a nameserver (see NsState.status). No 'stopped': since the seventh session a role-conflict stop is a
 * real process exit (ctx.exit), so a stopped nameserver has no state (the event is the counted anomaly role-conflict-exit).
 */
export type NsStatus = 'uninitialized' | 'initialized';

export interface NsState {
  readonly kind: 'ns';
  readonly self: NodeId;
  readonly peer: NodeId;
  readonly role: NsRole;
  /**
   * owner_status: uninitialized = a VIP holder still in initialize() (establish_peer_role_ asks the peer, up to
   * keepaliveTriesMax x keepaliveTimeoutUs; only heart, keepalive, DS heartbeat and block report are served);
   * stopped: never set any more. A role conflict ends the process (ctx.exit; the node is down until the agent's
   * monitor starts it again), as NameServer::stop() does; the value stays only while coverage.ts still names it.
   */
  readonly status: NsStatus;
  readonly startupUs: number;
  /** is_local_addr(vip): this machine's heart agent has the VIP configured here (told by ha-ping / ha-switch). */
  readonly isVipLocal: boolean;
  /** The newest heart-agent news applied (epochUs, n): older, reordered pings are ignored. */
  readonly lastVipNews: readonly [number, number];
  /** When (local clock) isVipLocal last turned false; observation for master-steps-down-in-time. */
  readonly vipLostAtUs: number | null;
  /** check_ passes run since isVipLocal turned false: observation for master-only-with-vip. */
  readonly checksSinceVipLost: number;
  /**
   * Times a master got the VIP back before any check_ pass saw it gone (anomaly vip-returned-unseen): it stayed master
   * without a switch, so without the apply_block safe window, while its peer may have been master and granted leases.
   * Observation for block-lease-exclusive, which excuses a grant over the peer's lease by exactly this cause.
   */
  readonly vipReturnsUnseen: number;
  /** switch_time_: safe mode (no replicate/compact tasks) until this local time. */
  readonly switchTimeUs: number;
  /** discard_newblk_safe_mode_time_: no create-block-by-id until this local time. */
  readonly discardNewblkSafeModeTimeUs: number;
  readonly switchCount: number;
  /** A random id for each master term (tags block allocations, names leases). */
  readonly termNonce: string;
  readonly peerConn: ConnId | null;
  readonly isPeerConnOpen: boolean;
  readonly rpcSeq: number;
  // Block id factory and block manager
  readonly globalBlockId: number;
  readonly flushedBlockId: number;
  /** Master only: allocation allowed once the Tair mirror confirmed this term's base id. */
  readonly isAllocGateOpen: boolean;
  readonly tairRpc: { readonly id: number; readonly timerId: TimerId } | null;
  /** Periodic Tair saves (tairMirrorSaveIntervalUs > 0): the Tair value this term's base came from, else null. */
  readonly mirrorSeen: number | null;
  /** The pending periodic save timer of this master term. */
  readonly tairSaveTimer: TimerId | null;
  /** blockId -> the servers listed for it (block-map.ts: sparse ids made a record slow to copy and walk). */
  readonly blocks: BlockMap<readonly string[]>;
  readonly dsConns: Readonly<Record<string, ConnId>>;
  /** Dataservers whose block report this master has received (reports are rescheduled on every switch). */
  readonly dsReported: Readonly<Record<string, boolean>>;
  /** The blocks listed on each DS when this master asked it for its report (ns-report-relieve.ts), until the report. */
  readonly dsReportAsks?: Readonly<Record<string, { readonly connId: ConnId; readonly blocks: readonly number[] }>> | undefined;
  /** When each DS is asked for its next periodic full report (ns-report-periodic.ts), set as its report is applied. */
  readonly dsNextReportUs?: Readonly<Record<string, number>> | undefined;
  /** Block write leases this master granted (memory only), and the apply_block safe window after a switch / start-up. */
  readonly blockLeases: Readonly<Record<string, { readonly ds: string; readonly expiresAtUs: number }>>;
  /** apply_block_safe_mode_time_: no new block write lease until this local time (r2791). */
  readonly applyBlockSafeModeTimeUs: number;
  /** Master memory: replicate tasks in flight by block (TaskManager; memory only), expired after replicateTaskExpiredTimeUs. */
  readonly replicateTasks?: Readonly<Record<string, { readonly seqno: number; readonly source: string; readonly dest: string; readonly expiresAtUs: number }>> | undefined;
  /** The plan pass's scan start (replicate-plan.ts): the block id after the last one it planned; master memory. */
  readonly replicateScanFrom?: number | undefined;
  /** BlockManager's delete queue (redundant.ts): copies beyond max_replication_ to relieve and delete; master memory. */
  readonly deleteQueue?: readonly { readonly blockId: number; readonly server: string }[] | undefined;
  /** SYSPARAM_NAMESERVER.max_replication_ (configuration, kept here so the liveness check can read it from the view). */
  readonly maxReplication?: number;
  /** Block versions as far as the model has them: only VERSION_INC_STEP_REPLICATE steps, on the master and on replay. */
  readonly blockVersions?: Readonly<Record<string, number>> | undefined;
  // Master side of the NS-NS lease and the oplog
  readonly slaveLease: { readonly key: string; readonly expiresAtUs: number } | null;
  readonly leaseSeq: number;
  readonly oplog: MasterOplog | null;
  readonly taskSeq: number;
  // Slave side
  readonly lease: { readonly key: string; readonly expiresAtUs: number } | null;
  readonly keepalive: PendingRpc | null;
  readonly roleAsk: PendingRpc | null;
  readonly applied: SlaveApplied | null;
  /**
   * Observation: what the slave replayed of a lease it does not hold yet (recv_log_ replays any batch; the master's
   * first batch can overtake the LOGIN reply, which travels on the other connection). Adopted as `applied` when the
   * reply names that lease, so the slave's count starts from what it really replayed.
   */
  readonly preLeaseApplied: SlaveApplied | null;
  /** Oplog batches staged in the slave's file queue (index in the file) waiting for their read-back. */
  readonly stagedCount: number;
  // Observations (read by invariants, probes and reports; never by decisions)
  /**
   * The last master action, recorded where it is performed: the node's role and status then, whether the VIP was local,
   * and if not, how long (local clock) and how many check_ passes after it stopped being local.
   */
  readonly lastMasterAct: { readonly what: string; readonly role: NsRole; readonly status: NsStatus; readonly isVipLocal: boolean; readonly lateUs: number; readonly checksSinceVipLost: number } | null;
  /** The last replicate/compact task issued, with the safe-mode deadline in force then (F5). */
  readonly lastTask: { readonly atUs: number; readonly switchTimeUs: number } | null;
  /** The last copy the redundant thread removed: its block's listed servers then, MIN_REPLICATE and max_replication_ (redundant-check.ts). */
  readonly lastRedundant?: { readonly atUs: number; readonly blockId: number; readonly server: string; readonly listed: readonly string[]; readonly min: number; readonly cap: number } | undefined;
  /**
   * The last periodic full block report applied (ns-report-periodic.ts; not a DS's first on its connection): when it
   * was due and applied, and the blocks it listed the DS on that the master had not (update_relation's right_less).
   */
  readonly lastPeriodicReport?: { readonly ds: string; readonly dueUs: number; readonly atUs: number; readonly built: readonly number[] } | undefined;
  /**
   * Observation (report-relations-applied): the last full report this nameserver applied, whatever its role: the DS,
   * the blocks it listed, the blocks listed on the DS at the ask that it lacked, and the block map right after (while
   * `blocks` is still that object, the report is fresh: nothing changed the relations since).
   */
  readonly lastReport?: { readonly ds: string; readonly reported: readonly number[]; readonly unreported: readonly number[]; readonly blocks: object } | undefined;
  /** Observation (slave-replays-replication): full reports applied per DS, so a check can tell a report since a replay. */
  readonly dsReportCount?: Readonly<Record<string, number>> | undefined;
  readonly badCrcApplied: number;
  readonly crcErrors: number;
  readonly playLogErrors: number;
  readonly rerequests: number;
  readonly loginCount: number;
  readonly renewCount: number;
  readonly renewsSinceLogin: number;
  readonly replayedTasks: number;
  readonly failoverLosses: readonly { readonly atUs: number; readonly lostRecordsMin: number }[];
  readonly corruptDropped: number;
  /** OpLogSyncMessages that reached this NS while it was master and were dropped (transfer_log_msg_ never sends; P9). */
  readonly oplogSyncDroppedAsMaster: number;
  /** Observation (keepalive-refusal.ts): keepalives this NS refused because it may not act as master, and the last one's context. */
  readonly keepaliveRefusal?: KeepaliveRefusal | undefined;
  /** Observation: the last establish_peer_role_ given up unanswered (tries made, keepaliveTriesMax), for role-ask-tries-bounded. */
  readonly roleAskGivenUp?: { readonly tries: number; readonly triesMax: number; readonly kind: string } | null | undefined;
  /** Observation: at the last slave->master switch, the local global_block_id and the skip, for term-base-past-skip. */
  readonly switchedFrom?: { readonly blockId: number; readonly skip: number } | null | undefined;
}

export interface AgentState {
  readonly kind: 'agent';
  readonly bootUs: number;
  readonly lastHeardUs: Readonly<Record<string, number>>;
  /** When each NS last answered a ping as MASTER (-1: its last answer was SLAVE). */
  readonly lastMasterUs: Readonly<Record<string, number>>;
  readonly isDualMasterSeen: boolean;
  readonly pingSeq: number;
  /** The Tair-like mirror of the global block id (fsync'd before it is acknowledged). */
  readonly tairMaxBlockId: number;
  readonly vipMoves: number;
}

/** One NS lease of a dataserver: its connection to that nameserver's real address, and a report that NS asked for. */
export interface DsLease { readonly conn: ConnId | null; readonly isOpen: boolean; readonly isReportDue: boolean }

export interface DsState {
  readonly kind: 'ds';
  readonly conn: ConnId | null;
  readonly isConnOpen: boolean;
  /** blockId -> the allocation tag it was created with. */
  readonly blocks: BlockMap<string>;
  /** Observation: new-block requests for an id this DS already holds under another allocation. */
  readonly collisions: readonly string[];
  /** Some nameserver asked for a block report (any lease's isReportDue: kept for the coverage key). */
  readonly isReportDue: boolean;
  /**
   * The DS's lease with each nameserver, over that nameserver's real (heart) address, whatever its role (trunk
   * lease_managerv2.cpp: one lease thread per NS): heartbeats and block reports go there; `conn` above is the VIP
   * connection, which carries only what goes to the master (apply_block, the replicate END).
   */
  readonly leases: Readonly<Record<string, DsLease>>;
  /** The block write lease this DS holds (local expiry), and the apply_block request in flight. */
  readonly lease: { readonly blockId: number; readonly expiresAtUs: number } | null;
  readonly applying: { readonly id: number; readonly sentAtUs: number } | null;
  readonly applySeq: number;
  /** Observation for block-lease-exclusive: the last grant and how long it had left when it arrived (local time). */
  readonly lastGrant: { readonly seq: number; readonly blockId: number; readonly remainingUs: number; readonly from: string } | null;
  readonly filesWritten: number;
  /** Observation for writes-under-lease: the last write this DS took. */
  readonly lastWrite: { readonly seq: number; readonly blockId: number } | null;
}

export interface ClientState {
  readonly kind: 'client';
  readonly conn: ConnId | null;
  readonly isConnOpen: boolean;
  readonly reqSeq: number;
  /**
   * Request id -> the kernel request, for requests sent and not answered. A BlockMap (an id-keyed record that prints as
   * one), not a record keyed by String(id): ids climb past a few hundred, so such a record kept sparse holey elements
   * sized by the id, and every copy allocated and walked them (client withKey/withoutKeys: 1.4 % of a tfs seed).
   */
  readonly pending: BlockMap<ReqId>;
  /** Which pending requests are write-file (their answer names a DS to send the data to). */
  readonly writes: BlockMap<boolean>;
  /** The last block id this client was told about (create-block-by-id picks ids just past it). */
  readonly lastBlockId: number | null;
  /** Writes whose block the master assigned, waiting for the dataserver: request id -> the kernel request. */
  readonly writing: BlockMap<ReqId>;
}

export type TfsState = NsState | AgentState | DsState | ClientState;

export const asNs = (s: TfsState | undefined): NsState | undefined => (s?.kind === 'ns' ? s : undefined);

/** A nameserver's state when it is up (checks and probes read only up nodes' memory). */
export const upNsById = (view: View<TfsState>, id: string): NsState | undefined => {
  const n = view.nodes.find((x) => x.id === id);
  return n?.isUp === true ? asNs(n.state) : undefined;
};

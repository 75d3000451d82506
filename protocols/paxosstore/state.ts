// Node state: per-entity progress counters, the in-memory PLog (EntryInfo per entry), the DB, client commands,
// the catch-up worker's queue and budget, GetAllAndSet progress and snapshots served to recovering peers.
import type { EntryRecord, Value } from './record.ts';
import type { PaxosMsg, PsMsg } from './messages.ts';
import type { ReqId, TimerId } from '../../sim/index.ts';
import type { RateCtrl } from './catchup-ctrl.ts';
import type { PlogWriter } from './plog-writer.ts';
import type { GetAllRspQueue } from './getall-rsp.ts';

/** EntryInfo: this node's view of every acceptor's record for one entry, plus IO and read bookkeeping. */
export interface EntryInfo {
  /** records[i] is acceptor i's record as we know it; records[self] is our own (mirrors the PLog). */
  readonly records: readonly EntryRecord[];
  /** bUncertain: a PLog write of our record is in flight; messages wait in `waiting`. */
  readonly isUncertain: boolean;
  /** Who hears of our record once the PLog write is durable: every peer (our own proposal steps) or the sender we answer. */
  readonly syncTo: readonly number[];
  /** Sequence number of the newest PLog write for this entry. */
  readonly writeSeq: number;
  /** WaitingMsg: the newest message per peer that arrived while uncertain. */
  readonly waiting: readonly (PaxosMsg | null)[];
  /** SetCheckedEmpty marks for the read probe in flight. */
  readonly checkedEmpty: readonly boolean[];
  /** The uuid of the read probe the marks belong to (set when the read starts its probe; 0 = none yet). */
  readonly checkedEmptyUuid: number;
  /** Per acceptor, the uuid of the probe whose empty answer set its mark (0 = no answer, or our own mark): a check can
   *  see an answer to an earlier probe counted toward a later read's majority. */
  readonly checkedEmptyBy: readonly number[];
  /** The value our proposal carries if no accepted value must be re-proposed (memory only). */
  readonly proposal: Value | null;
  /** Local time before which this entry is not synced again for catch-up. */
  readonly catchupAtUs: number;
}

/**
 * Is this entry still uncertain (bUncertain: a PLog write of our record in flight)? An entry we hold no info for is not.
 * Its chosen mark may rest on our own vote that is not durable yet, so it is no answer, no catch-up source, no GC victim.
 */
/** The DB may not be used: a recovery is pending or the DB's recover flag is set (after an abort or a crash inside one). */
export const isDbOutOfService = (e: Pick<EntityState, 'isGetAllPending' | 'isRecoverFlag'>): boolean => e.isGetAllPending || e.isRecoverFlag;
/** The entity's DB can serve no GetAllAndSet: it failed its CRC, or a GetAllAndSet flagged (and cleared) it. */
export const isDbGone = (e: EntityState): boolean => e.amnesia?.isDbLost === true || isDbOutOfService(e);
/** The entity holds an amnesia fence every peer has answered (a fence still being probed is null). */
export const hasSettledFence = (e: EntityState): boolean => (e.amnesia?.fence ?? null) !== null;
export const isUncertain = (ent: Pick<EntityState, 'entries'>, entry: number): boolean => ent.entries[entry]?.isUncertain === true;

/**
 * The entity's DB KVs. An immutable value object, replaced whole when it changes: the handlers' copy-on-write
 * (env.ts `own`) never copies or writes into it.
 */
export class Db {
  constructor(
    readonly kv: Readonly<Record<string, number>>,
    /** Checker bookkeeping: the chosen values applied, entry i+1 at index i (stored with the DB, never read by the protocol). */
    readonly applied: readonly Value[],
  ) {}

  withApplied(v: Value): Db {
    return new Db(v.key === null ? this.kv : { ...this.kv, [v.key]: v.val }, [...this.applied, v]);
  }

  withKvs(kvs: readonly (readonly [string, number])[]): Db {
    const kv = { ...this.kv };
    for (const [k, val] of kvs) kv[k] = val;
    return new Db(kv, this.applied);
  }
}

export const EMPTY_DB = new Db({}, []);

export interface Amnesia {
  /** Entries up to this one may hold votes we lost; null until every peer answered the fence probe. */
  readonly fence: number | null;
  readonly answered: readonly number[];
  readonly maxSeen: number;
  /** The DB failed its CRC and started empty (not only the PLog): it has no snapshot to serve a GetAllAndSet. */
  readonly isDbLost: boolean;
}

export interface EntityState {
  /** CommittedEntry: applied to the DB. */
  readonly committed: number;
  /** MaxContChosenEntry: chosen without gaps. */
  readonly maxCont: number;
  /** MaxChosenEntry: highest entry known chosen (ours or piggy-backed). */
  readonly maxChosen: number;
  /** MaxPLogEntry: highest entry with a PLog record. */
  readonly maxPlog: number;
  /** Highest values of the three counters this incarnation assigned (they must never be lower). */
  readonly highWater: { readonly committed: number; readonly maxCont: number; readonly maxChosen: number };
  readonly activePeer: number;
  readonly entries: Readonly<Record<number, EntryInfo>>;
  readonly db: Db;
  /** Committed entry of the last DB write that completed its fsync. */
  readonly dbDurable: number;
  readonly isDbWriting: boolean;
  /** bGetAllPending / recover_pending: a GetAllAndSet is queued or running; the entity serves no reads or writes. */
  readonly isGetAllPending: boolean;
  /**
   * The DB meta's recover flag (kDBFlagCheckGetAll / Db::kRecover), durable: set by GetAllAndSet's step 1, cleared by
   * step 7, and loaded at boot. While set the DB is partial: no client command is served (Wrapper::Replay answers
   * RecoverPending and triggers a recovery), nothing is committed to it (DbWorker), and it is no recovery source.
   */
  readonly isRecoverFlag: boolean;
  readonly lastRecoverEndUs: number | null;
  /** HandleLoadFromPlog: at boot the PLog and DB are fsync'd before the entity serves anything. */
  readonly isLoading: boolean;
  /** dbDurable at the previous GC tick: what the next tick may delete. */
  readonly gcCandidate: number;
  readonly amnesia: Amnesia | null;
  /** iLocalPreAuthEntry (P7, isPreAuthEnabled): the entry after the last one chosen with our own value; 0 = none. */
  readonly preAuthEntry: number;
  /** P8 (writeRejectLeaseUs): client writes are answered lease-reject until this local time; 0 = no lease. */
  readonly leaseUntilUs: number;
}

export type ClientCmd =
  | { readonly kind: 'write'; readonly reqId: ReqId; readonly entry: number; readonly valueId: string; readonly timerId: TimerId }
  | {
    readonly kind: 'read'; readonly reqId: ReqId; readonly entry: number; readonly key: string; readonly uuid: number; readonly timerId: TimerId;
    /** Set when the local record was not empty and the read runs Paxos with an empty batch (ReportWriteForRead): its no-op's id. */
    readonly valueId: string | null;
    /**
     * Checker bookkeeping (probe-uuid.ts): the peers whose check-empty mark so far rests only on an answer to a probe of
     * a previous incarnation with the same uuid (Certain cannot tell; the model knows from PaxosMsg.probeBootUs).
     */
    readonly staleMarks?: readonly number[];
  };

export interface QueuedSend { readonly to: number; readonly msg: PsMsg; readonly bytes: number }

/** CatchUpWorker: a FIFO of diverted commands and clsCatchUpCtrl's budget state. */
export interface CatchupWorker {
  readonly queue: readonly QueuedSend[];
  readonly ctrl: RateCtrl;
  /** The head already passed the byte budget and waits only for the count budget. */
  readonly isHeadPaid: boolean;
  /** Sleeping until the budget allows the head (one timer armed). */
  readonly isTicking: boolean;
  /** When the queue last ran empty: the idle worker's SmartSleep polling (200 µs doubling to 1 ms) counts from here. */
  readonly idleSinceUs: number;
  /** Commands that arrived at an idle worker and waited for its next poll (S11; for probes and tests). */
  readonly idlePollWaits: number;
  readonly droppedCount: number;
  readonly sentCount: number;
  /** Times the byte budget / the count budget held the head back (for probes and tests). */
  readonly byteThrottledCount: number;
  readonly countThrottledCount: number;
  /** Sends of the last second (time, EstimateSize bytes), for the budget invariant. */
  readonly recent: readonly { readonly atUs: number; readonly bytes: number }[];
  /** The budget this worker was configured with (so the invariant can check it). */
  readonly maxBytesPerSecond: number;
  readonly maxCountPerSecond: number;
  readonly sliceUs: number;
}

export type RecoverStep = 'set-flag' | 'clear' | 'meta' | 'set-meta' | 'pages' | 'reclear' | 'finish';

export interface Recovery {
  readonly entity: string;
  readonly step: RecoverStep;
  /** The entry some peer answered NotFound for: the source must have committed at least this. */
  readonly needEntry: number;
  readonly peerPos: number;
  readonly tries: number;
  readonly rpcId: number;
  readonly timerId: TimerId | null;
  /** The DB meta's committed entry as written so far: ours until a source's meta answers (SetEntityMeta, step 4). */
  readonly committed: number;
  readonly snapshotId: number;
  readonly nextKey: string | null;
  readonly applied: readonly Value[];
  readonly isAborting: boolean;
}

export interface Snapshot { readonly id: number; readonly entity: string; readonly committed: number; readonly kv: Readonly<Record<string, number>>; readonly applied: readonly Value[] }

export interface NodeState {
  readonly idx: number;
  readonly n: number;
  readonly entities: Readonly<Record<string, EntityState>>;
  readonly cmds: Readonly<Record<string, ClientCmd>>;
  readonly catchup: CatchupWorker;
  /** PlogWorker: the group-commit queue and the batch in flight (P6). */
  readonly plogWriter: PlogWriter;
  readonly recoveries: Readonly<Record<string, Recovery>>;
  readonly snapshots: readonly Snapshot[];
  readonly nextSeq: number;
  /** When this incarnation booted: value ids carry it, so a restarted node (its counter back at 0) never reuses one. */
  readonly bootUs: number;
  /** The next client-command uuid (clsCmdFactory's m_iUUIDGenerator, probe-uuid.ts): set once per boot, +1 per read. */
  readonly uuidNext: number;
  /**
   * Checker bookkeeping (probe-uuid.ts): the last check-empty read answered OK on a majority that needed a stale
   * answer (probe-uuid-reused-after-fast-restart); the workload's excuse matches the reply to it. Null until then.
   */
  readonly reusedProbeRead: { readonly entity: string; readonly key: string; readonly atUs: number } | null;
  /** The worker-loop timer is armed. */
  readonly isTickArmed: boolean;
  readonly recoveriesDone: number;
  readonly recoveriesAborted: number;
  /** Commands parked in WaitingMsg so far (for probes and tests). */
  readonly waitedCount: number;
  /** GetAllWorker request queue (entity, the entry some peer answered NotFound for) and its per-second limiter. */
  readonly recoverQueue: readonly { readonly entity: string; readonly needEntry: number }[];
  readonly recoverCtrl: RateCtrl;
  readonly isRecoverSleeping: boolean;
  /** Times the limiter held a recovery back / a request found the queue full (for probes and tests). */
  readonly recoveriesThrottled: number;
  readonly recoverQueueFailed: number;
  /** Reads that ran Paxos because the local record was not empty, and how many of them succeeded. */
  readonly readsViaPaxos: number;
  readonly readsViaPaxosOk: number;
  /** S27: the entity worker's GetAllRsp queue (getAllRspQueueMax, getAllRspServiceUs). */
  readonly getAllRsp: GetAllRspQueue;
  /** P7: proposals that took the pre-auth number and accepted at once; P8: client commands answered lease-reject. */
  readonly preAuthProposals: number;
  readonly leaseRejects: number;
}

export const entityName = (i: number): string => `e${i}`;
export const acceptorId = (i: number): string => `a${i + 1}`;
export const acceptorIdx = (id: string): number => Number(id.slice(1)) - 1;

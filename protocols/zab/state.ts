// A server's in-memory state: durable mirrors (epochs, history), FLE state, connections, and the role it plays now.
import type { ConnId, NodeId, TimerId } from '../../sim/index.ts';
import type { PeerState } from './messages.ts';
import type { Entry, WireEntry } from './zxid.ts';
import type { Tree } from './tree.ts';

export type ZabPhase = 'ELECTION' | 'DISCOVERY' | 'SYNCHRONIZATION' | 'BROADCAST';

export interface Vote {
  readonly leader: number;
  readonly zxid: number;
  readonly electionEpoch: number;
  readonly peerEpoch: number;
  readonly state: PeerState;
}

/** lookForLeader's locals (recvset, outofelection, the poll back-off, finalizeWait). */
export interface Election {
  readonly proposal: Vote;
  readonly recvset: Readonly<Record<string, Vote>>;
  readonly outofelection: Readonly<Record<string, Vote>>;
  readonly notTimeoutUs: number;
  readonly lastPollUs: number;
  readonly isFinalizing: boolean;
  readonly finalizeSeq: number;
}

/** QuorumCnxManager: one election connection per peer; per-peer send queue of capacity 1 (latest wins). */
export interface Cnx {
  readonly conns: Readonly<Record<string, ConnId>>;
  readonly dialing: Readonly<Record<string, ConnId>>;
  readonly queued: Readonly<Record<string, ZabNotification>>;
  readonly lastSent: Readonly<Record<string, ZabNotification>>;
  /** Peers whose SendWorker sent within the last electionSendGapUs. */
  readonly busy: Readonly<Record<string, true>>;
  /** Accepted connections whose first packet has not arrived yet. */
  readonly unknown: Readonly<Record<number, NodeId>>;
  /** Accepted connections whose first packet named a sid of no server, larger than ours (workers started for it). */
  readonly foreign: Readonly<Record<number, number>>;
  /** Frames whose length RecvWorker rejected (connection closed), since this process started. */
  readonly badFrames: number;
  /** The port scanner on this machine (port-scanner.ts): its open dials, to which server. */
  readonly scans: Readonly<Record<number, NodeId>>;
}

export interface ZabNotification {
  readonly type: 'notification'; readonly state: PeerState; readonly leader: number; readonly zxid: number;
  readonly electionEpoch: number; readonly peerEpoch: number;
  /** 3.8 wire fields (frames.ts): Notification version, the sender's config version and byte length, the frame length. */
  readonly version: number; readonly configVersion: number; readonly configLength: number; readonly len: number;
}

export interface LearnerHandle {
  readonly peer: NodeId;
  readonly isObserver: boolean;
  readonly acceptedEpoch: number;
  readonly hasInfo: boolean;
  readonly hasLeaderInfo: boolean;
  /** ACKEPOCH received: (currentEpoch, lastZxid). */
  readonly ackEpoch: { readonly currentEpoch: number; readonly lastZxid: number } | null;
  readonly isSynced: boolean;
  readonly hasAckedNewLeader: boolean;
  readonly lastAckUs: number;
  readonly pingRound: number;
}

export interface PendingSync { readonly learner: ConnId | null; readonly reqId: number; readonly path: string; readonly round: number; readonly waitIndex: number }

export interface LeaderRole {
  readonly type: 'leader';
  readonly epoch: number;
  readonly isEpochDecided: boolean;
  readonly isEpochAccepted: boolean;
  readonly isCurrentEpochSet: boolean;
  readonly isEstablished: boolean;
  readonly learners: Readonly<Record<number, LearnerHandle>>;
  readonly epochAckers: readonly string[];
  readonly newLeaderAckers: readonly string[];
  /** zxid → participants that acked it (self included after its own fsync). */
  readonly acks: Readonly<Record<number, readonly string[]>>;
  readonly pingRound: number;
  readonly pendingSyncs: readonly PendingSync[];
  /** The last counter used in this epoch (zxid = epoch:counter). */
  readonly counter: number;
  /** The tree as it will be after every outstanding proposal (ZK's outstandingChanges). */
  readonly preparedTree: Tree;
  readonly phaseStartUs: number;
}

export interface LearnerRole {
  readonly type: 'learner';
  readonly leader: NodeId;
  readonly connId: ConnId | null;
  readonly attempts: number;
  readonly newEpoch: number;
  /** 'connecting' → 'info' (FOLLOWERINFO sent) → 'sync' (ACKEPOCH sent) → 'newleader' (persisting) → 'acked' → 'uptodate'. */
  readonly step: 'connecting' | 'info' | 'sync' | 'newleader' | 'acked' | 'uptodate';
  readonly syncMode: 'none' | 'diff' | 'trunc' | 'snap';
  /** packetsNotLogged: proposals received during sync (DIFF txns and forwarded proposals). */
  readonly buffered: readonly WireEntry[];
  /** zxids committed during sync. */
  readonly committedZxids: readonly number[];
  /** The last packet from the leader, or the moment the read restarted with a new socket timeout (NEWLEADER ACK). */
  readonly lastHeardUs: number;
  /** The pending `learner-timeout` timer: none while connecting; restarted at connect and at the NEWLEADER ACK. */
  readonly timeoutTimer: TimerId | null;
  /** When the first connect attempt to this leader started (connectToLeader retries only within tickTime·initLimit). */
  readonly connectStartUs: number;
  /** This sync has made the new epoch our currentEpoch (written and fsynced). */
  readonly isEpochTaken: boolean;
  /** sync-get requests waiting for the leader's SYNC answer: reqId → path. */
  readonly pendingSyncs: Readonly<Record<number, string>>;
}

export type Role = { readonly type: 'none' } | LeaderRole | LearnerRole;

export interface ZabNode {
  readonly id: NodeId;
  readonly sid: number;
  readonly isObserver: boolean;
  /** The server refused to start (epoch files older than the log); it does nothing. */
  readonly bootError: string | null;
  /**
   * Not started yet: a server the operator starts after the others (options lateStartIds/lateStartUs, late-start.ts).
   * Until this local time it has loaded its data directory and does nothing else. null = running.
   */
  readonly startAtUs: number | null;
  /**
   * This process was started late by the operator (startAtUs came): a server joining a running ensemble. Observation
   * for coverage keys (never read by decisions); a restart boots a process started on time.
   */
  readonly isStartedLate: boolean;
  readonly acceptedEpoch: number;
  readonly currentEpoch: number;
  /** Snapshot + log as replayed, plus what this process appended since (the in-memory DB is kept across elections). */
  readonly history: readonly Entry[];
  /** How many history entries the snapshot file holds (log file records mirror history[snapCount..]). */
  readonly snapCount: number;
  /** ZKDatabase.committedLog starts at this history index (log txns replayed at boot, or committed since a SNAP/TRUNC). */
  readonly committedLogStart: number;
  /** The syncFollower branches this server has taken as leader (sync-plan.ts SyncBranch), for probes. */
  readonly syncBranches: readonly string[];
  /** lastProcessedZxid: the last history zxid, or a snapshot stamp when that is newer. */
  readonly lastZxid: number;
  /** History prefix known fsynced to the txn log / snapshot (from disk completions, never from ACKs). */
  readonly durableCount: number;
  /** Delivered (committed and applied) prefix of history. */
  readonly committedCount: number;
  readonly tree: Tree;
  readonly state: PeerState;
  readonly phase: ZabPhase;
  readonly logicalclock: number;
  readonly currentVote: Vote;
  readonly election: Election | null;
  readonly cnx: Cnx;
  readonly role: Role;
  /** Bumped at every role change; timers of an older generation are ignored. */
  readonly gen: number;
  /** How this server was last synced by a leader (for scenarios that expect a TRUNC or SNAP). */
  readonly lastSyncMode: 'none' | 'diff' | 'trunc' | 'snap';
  /** The last leader (and its epoch) that this server had to refuse because its acceptedEpoch is newer (seed 1784). */
  readonly refusedLeader: { readonly leader: NodeId; readonly epoch: number } | null;
  /** Client requests this server answers when their txn commits here or a sync returns. */
  readonly pendingClients: Readonly<Record<number, true>>;
}

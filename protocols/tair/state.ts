// Node states: configserver, dataserver, client (a union on `kind`), each immutable and copied on write (sim/copy-on-write.ts).
import type { ConnId, ReqId } from '../../sim/index.ts';
import type { GroupConf, GroupFile } from './group-conf.ts';
import type { Links } from './links.ts';
import type { Table, TableView } from './table.ts';

/** server_info::status of a dataserver as one configserver sees it. */
export type DsStatus = 'alive' | 'down' | 'standby' | 'force-down';

export interface DsInfo {
  readonly status: DsStatus;
  /** heartbeat_curr_time when its last heartbeat arrived. */
  readonly lastTimeUs: number;
  readonly standbyVersion: number;
  readonly standbySinceUs: number;
}

export interface PeerInfo {
  readonly status: 'alive' | 'down';
  readonly lastTimeUs: number;
}

/** starting: waiting for the peer's set-master answer; syncing: pulling group.conf and the table; ready: looping. */
export type CsPhase = 'starting' | 'syncing' | 'ready';

export interface CsState {
  readonly kind: 'configserver';
  readonly phase: CsPhase;
  /** master_config_server_id; null is Tair's 0 (stepped down on a peer's set-master). */
  readonly masterId: string | null;
  readonly peer: PeerInfo;
  readonly loopCount: number;
  /** heartbeat_curr_time: the clock reading taken at the top of each loop. */
  readonly curTimeUs: number;
  /** What group.conf on disk holds (kept in memory; every change is written through). */
  readonly groupFile: GroupFile;
  readonly configVersionFromFile: number;
  /** The loaded group settings. */
  readonly conf: GroupConf;
  readonly table: Table;
  readonly ds: Readonly<Record<string, DsInfo>>;
  readonly downSlaveConfigServer: string | null;
  readonly isForceRebuild: boolean;
  /** When a change that needs a debounced rebuild was noted (is_need_rebuild), or null. */
  readonly changedAtUs: number | null;
  readonly isBuildQueued: boolean;
  readonly isSendTablePending: boolean;
  /** should_syn_mig_info: a bucket switched since the last loop; the loop's check_migrate_complete force-sends the table. */
  readonly shouldSynMigInfo: boolean;
  /** Peer asked for a set-master answer at start-up; then what is still to be pulled from it. */
  readonly syncFrom: string | null;
  readonly syncWaiting: readonly ('conf' | 'data')[];
  readonly links: Links;
  /**
   * The connection a group.conf push went out (or was queued) on, until the next loop finds it open (delivered). A
   * break before that makes a resend due when the link reopens (the tbnet stand-in); nothing else resends the file.
   */
  readonly confPushConn: ConnId | null;
  readonly isConfResendDue: boolean;
  // Bookkeeping for invariants and probes (never read by the protocol's decisions).
  readonly maxVersionAsMaster: number;
  readonly hasPeerHbSinceLoop: boolean;
  /** Loops in a row, each at most two loop intervals after the one before (no pause or clock jump between), that had a conf heartbeat arrive since the previous loop. */
  readonly peerHbStreak: number;
  /** Local clock at the previous loop (for peerHbStreak: a streak does not survive a stalled loop). */
  readonly lastLoopAtUs: number;
  readonly peerUpBumps: number;
  readonly isStartupDualMaster: boolean;
  readonly masterConflicts: number;
  readonly reloads: number;
  /** hard_check_migrate_complete runs and forced table sends (pre_load_flag) so far, for probes. */
  readonly hardChecks: number;
  readonly forcedTableSends: number;
  /** do_heartbeat_packet's DOWN branch (accept strategy 0) bumped versions by server_up_inc_step and set send_server_table. */
  readonly solitaryBumps: number;
  /** The run of those bumps the table is in: versions from (before the first) to (after the last); null before any. */
  readonly solitaryClimb: { readonly from: number; readonly to: number } | null;
  /** Times dataserver statuses were set wholesale (correct_server_info, a reload), not by the loop's probe. */
  readonly statusResets: number;
  /** cs1 took a table push from cs0 while master (a dual master's heal window); reset when mastership changes. */
  readonly tookDefaultMasterPush: boolean;
  /**
   * The version of a table this configserver built as master after taking cs0's push (0: none). Tair's hazard
   * `dual-master-heal-build` (seed 704025): cs1 keeps it as slave and cs0 never resends, so slave-follows-master and
   * slave-synced excuse exactly this table.
   */
  readonly healBuildVersion: number;
  /**
   * The version of a table this configserver built while it was the kept start-up dual master (0: none). Tair's
   * hazard `dual-master-at-startup-own-build` (guided seeds 262, 633, 1678): cs0 discards its pushes and pushes its
   * own table only when that changes, so slave-synced and clients-converged excuse exactly this table.
   */
  readonly startupDualBuildVersion: number;
}

export interface Migration {
  readonly version: number;
  readonly waiting: readonly string[];
}

export interface DsState {
  readonly kind: 'dataserver';
  readonly table: TableView | null;
  readonly isSolitary: boolean;
  /** if_all_configuration_inited: false after boot until the admin configurations arrive (supportedAdminConfigWaitUs). */
  readonly isConfigInited: boolean;
  /** The configserver flagged TAIR_FLAG_CFG_DOWN by down_slave_config_server, if any. */
  readonly cfgDown: string | null;
  /** key → value (mdb: memory only, lost on a crash). */
  readonly data: Readonly<Record<string, string>>;
  /** bucket → migration this dataserver sources for the current table. */
  readonly migrations: Readonly<Record<number, Migration>>;
  /** Buckets whose migration this dataserver finished for its current version (reported in mig-finish). */
  readonly finished: readonly number[];
  readonly links: Links;
  readonly versionRegressions: number;
  /**
   * Server version and destination table of the table this dataserver last computed its migrations from (a server
   * version change: update_server_table); a transition-version update (direct_update_table) keeps it. Bookkeeping
   * for migrations-complete (anomaly migration-lost-to-collided-adopt); null before any table.
   */
  readonly adopted: { readonly version: number; readonly dest: TableView['dest'] } | null;
  /**
   * The highest transition version this dataserver held at its current server version (reset at each adoption). Above
   * the master's own transition version it proves the master's table went back within one server version (a power
   * loss rolled back the unfsynced table: clean seeds 1402512, 1402993), for migration-lost-to-rolled-back-transition.
   */
  readonly maxTransitionSeen: number;
  /**
   * heartbeat_thread's client_version and transition_version: taken from every configserver answer that counts
   * (heartbeat_thread.cpp@5cce166 L185-188, L253-256), with or without a table (clean seed 1401588: a dataserver on a
   * collided table still answers clients with the master's client version). kv replies carry clientVersion.
   */
  readonly clientVersion: number;
  readonly transitionVersion: number;
}

/** A kv request in flight: the client's request number (`req` in its messages), the history op it answers, the dataserver. */
export interface PendingKv { readonly req: number; readonly reqId: ReqId; readonly ds: string }

export interface ClientState {
  readonly kind: 'client';
  readonly table: TableView | null;
  /** config_version: the version the client believes it holds. */
  readonly configVersion: number;
  /** new_config_version: the newest version a dataserver told it about. */
  readonly newConfigVersion: number;
  readonly csIndex: number;
  /**
   * Requests in flight, by ascending `req` (numbers only grow, so appending keeps the order). A list, not a record keyed
   * by `req`: integer keys are V8 elements, so every copy of such a record copied a holey backing store as long as the
   * highest request number (hundreds of slots per put, get and reply).
   */
  readonly pending: readonly PendingKv[];
  readonly nextReq: number;
  readonly lastRefreshUs: number;
  readonly links: Links;
}

export type TairState = CsState | DsState | ClientState;

export const isCs = (s: TairState | undefined): s is CsState => s?.kind === 'configserver';
export const isDs = (s: TairState | undefined): s is DsState => s?.kind === 'dataserver';
export const isClient = (s: TairState | undefined): s is ClientState => s?.kind === 'client';

/** A ready configserver that believes it is the master. */
export const isMaster = (s: CsState, self: string): boolean => s.phase === 'ready' && s.masterId === self;

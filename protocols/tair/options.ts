// Tair options: cluster shape, the configserver/dataserver timers of sources-and-bugs.md §1.4, and simulation knobs.
import type { OptionDoc } from '../../sim/index.ts';
import { seconds } from '../../sim/index.ts';

export interface TairOptions {
  readonly dataserverCount: number;
  readonly clientCount: number;
  readonly bucketCount: number;
  readonly copyCount: number;
  /** Racks the dataservers are spread over (dsN is in rack (N-1) % rackCount). */
  readonly rackCount: number;
  /** 1: plain builder; 2: rack-aware builder (copies of a bucket in distinct racks when possible). */
  readonly buildStrategy: number;
  /** 0: a DOWN dataserver that heartbeats again is told version 1 (solitary); 1: it goes STANDBY, then ALIVE. */
  readonly acceptStrategy: number;
  /** 1: a dataserver going DOWN is added to the group's down servers and the table force-sent to the slave. */
  readonly preLoadFlag: number;
  readonly loopIntervalUs: number;
  readonly serverDowntimeUs: number;
  readonly serverStandbyTimeUs: number;
  readonly downPeerHeartbeatEveryLoops: number;
  readonly serverUpIncStep: number;
  readonly hardCheckMigCompleteLoops: number;
  readonly builderIntervalUs: number;
  readonly dsHeartbeatIntervalUs: number;
  /** supported_admin=1: a (re)started dataserver reports not ready until its admin configurations arrive, this long after boot; 0 = supported_admin=0. */
  readonly supportedAdminConfigWaitUs: number;
  readonly clientPollIntervalUs: number;
  readonly clientIdleRefreshUs: number;
  readonly minConfigVersion: number;
  readonly isTableFsynced: boolean;
  readonly isStartupProbeStatusKept: boolean;
  readonly keyCount: number;
  readonly isOperatorInWorkload: boolean;
  readonly initialLoopCount: number;
  readonly isDsDownAfterTwiceDowntime: boolean;
  /** How long a starting configserver waits for each answer (set-master, each table pull); 0 = for ever. */
  readonly setMasterTimeoutUs: number;
}

export const defaultTairOptions: TairOptions = {
  dataserverCount: 3,
  clientCount: 3,
  bucketCount: 6,
  copyCount: 2,
  rackCount: 2,
  buildStrategy: 1,
  acceptStrategy: 0,
  preLoadFlag: 0,
  loopIntervalUs: seconds(1),
  serverDowntimeUs: seconds(4),
  serverStandbyTimeUs: seconds(4),
  downPeerHeartbeatEveryLoops: 30,
  serverUpIncStep: 10,
  hardCheckMigCompleteLoops: 300,
  builderIntervalUs: seconds(1),
  dsHeartbeatIntervalUs: seconds(1),
  supportedAdminConfigWaitUs: 0,
  clientPollIntervalUs: seconds(1),
  clientIdleRefreshUs: seconds(5),
  minConfigVersion: 10,
  isTableFsynced: false,
  isStartupProbeStatusKept: true,
  keyCount: 3,
  isOperatorInWorkload: false,
  initialLoopCount: 0,
  isDsDownAfterTwiceDowntime: false,
  setMasterTimeoutUs: seconds(1),
};

export const tairOptionDocs: { readonly [K in keyof TairOptions]: OptionDoc } = {
  dataserverCount: { doc: 'dataservers ds1..dsN (default 3)', min: 1, max: 20, unit: 'count' },
  clientCount: { doc: 'clients c1..cN that fetch the table and put/get, racing on the same keys (default 3)', min: 0, max: 20, unit: 'count' },
  bucketCount: { doc: 'buckets in the group table (default 6; real groups use 1023)', min: 1, max: 1023, unit: 'count' },
  copyCount: { doc: 'copies of every bucket, the first is the primary (default 2)', min: 1, max: 3, unit: 'count' },
  rackCount: { doc: 'racks the dataservers are spread over, for buildStrategy 2 (default 2)', min: 1, max: 20, unit: 'count' },
  buildStrategy: { doc: '_build_strategy: 1 plain, 2 rack-aware (default 1)', min: 1, max: 2, unit: 'enum' },
  acceptStrategy: { doc: '_accept_strategy: 0 = a returning DOWN dataserver stays DOWN and is told version 1 (solitary) until an operator touches group.conf (default, as GROUP_DEFAULT_ACCEPT_STRATEGY); 1 = it goes STANDBY, then ALIVE after TAIR_SERVER_STANDBYTIME (fixes the lost dataserver without an operator)', min: 0, max: 1, unit: 'enum' },
  preLoadFlag: { doc: '_pre_load_flag: 1 adds a DOWN dataserver to the down servers and force-sends the table (default 0)', min: 0, max: 1, unit: 'flag' },
  loopIntervalUs: { doc: 'configserver main loop and conf heartbeat period (default 1s)', min: 1000, max: 600_000_000, unit: 'us' },
  serverDowntimeUs: { doc: 'TAIR_SERVER_DOWNTIME = the group server_down_time: a dataserver is DOWN after this without heartbeats and a failed probe; the peer configserver after twice this (default 4s)', min: 1000, max: 3_600_000_000, unit: 'us' },
  serverStandbyTimeUs: { doc: 'TAIR_SERVER_STANDBYTIME: STANDBY -> ALIVE after this and an acked table (default 4s)', min: 0, max: 3_600_000_000, unit: 'us' },
  downPeerHeartbeatEveryLoops: { doc: 'conf heartbeat to a DOWN peer only every this many loops (default 30)', min: 1, max: 100_000, unit: 'count' },
  serverUpIncStep: { doc: 'server_up_inc_step: versions bumped when the peer comes up and mastership did not change (default 10 as in the seed; later Tair uses 100)', min: 1, max: 1_000_000, unit: 'count' },
  hardCheckMigCompleteLoops: { doc: 'HARD_CHECK_MIG_COMPLETE: hard migrate-complete check every this many loops (default 300)', min: 1, max: 1_000_000, unit: 'count' },
  builderIntervalUs: { doc: 'table builder thread period (default 1s)', min: 1000, max: 600_000_000, unit: 'us' },
  dsHeartbeatIntervalUs: { doc: 'dataserver heartbeat period, to both configservers (default 1s)', min: 1000, max: 600_000_000, unit: 'us' },
  supportedAdminConfigWaitUs: { doc: 'a dataserver with supported_admin=1 (HEAD 5cce166 heartbeat_thread.cpp L111-114) reports is_server_ready = false after every (re)start until each admin configuration (namespace, flow control) has been given a version by the admin server (configuration_manager::process; once set it stays set), modelled as arriving this long after boot. A dataserver that restarts before server_down_time is still ALIVE at the configservers, so its not-ready heartbeat turns it STANDBY with a forced rebuild; it is ALIVE again TAIR_SERVER_STANDBYTIME later once ready with the current table. 0 (default) = supported_admin=0, dataserver.conf.default\'s setting: always ready', min: 0, max: 3_600_000_000, unit: 'us' },
  clientPollIntervalUs: { doc: 'client polls a configserver this often while its version differs (default 1s)', min: 1000, max: 600_000_000, unit: 'us' },
  clientIdleRefreshUs: { doc: 'simulation addition: a client also refreshes its table this often when idle, so convergence is observable without traffic (default 5s)', min: 1000, max: 3_600_000_000, unit: 'us' },
  minConfigVersion: { doc: 'TAIR_CONFIG_MIN_VERSION: a dataserver ignores table versions below this, a configserver hands out none below it (default 10; at least 1: version 0 is the never-built table, which held-tables-built says nobody holds)', min: 1, max: 1_000_000_000, unit: 'count' },
  isTableFsynced: { doc: 'fsync the server table and group.conf after writing, which fixes the power-loss rollback of a configserver (default false: real Tair msyncs MS_ASYNC and never fsyncs group.conf)' },
  isStartupProbeStatusKept: { doc: 'a cs1 that promotes itself at start-up because its set-master exchange failed or timed out keeps the peer status its boot probe gave (default true, as the seed L160-166: if that said ALIVE no UP transition of cs0 ever demotes cs1, a dual master that lasts until cs0 restarts or sends set-master{1}: the permitted anomaly dual-master-at-startup, probe startup-dual-master-kept); false fixes that permanent start-up dual master: cs1 marks the peer DOWN, so cs0\'s next conf heartbeat is an UP transition of list[0] and demotes it' },
  keyCount: { doc: 'keys k0..kN-1 the workload puts and gets (default 3)', min: 1, max: 10_000, unit: 'count' },
  isDsDownAfterTwiceDowntime: { doc: 'later Tair (HEAD 5cce166): a dataserver silent for twice server_down_time is DOWN even if the connect probe succeeds, and STANDBY ones too (fixes a hung but connectable dataserver kept ALIVE for ever); default false as the seed, where a connectable dataserver is never DOWN' },
  setMasterTimeoutUs: { doc: 'start-up wait for each answer of the peer (set-master{1}, then the group.conf and table pulls one after the other): wait_done(1, 1000) in the seed-era tbnet code, so default 1s (5cce166 easy_sync_send: 2s). On expiry the set-master counts as "no master" (cs1 promotes itself: the start-up dual master when cs0 is merely paused or slow) and a pull as failed (the local file is kept). 0 waits until the answer or a broken connection (the safer variant: a paused cs0 only delays cs1)', min: 0, max: 600_000_000, unit: 'us' },
  initialLoopCount: { doc: 'loop_count a configserver starts its loop with (default 0 as Tair); a simulation knob so a run reaches the uint32 wrap to TAIR_SERVER_DOWNTIME + 1 (e.g. 4294967290)', min: 0, max: 4_294_967_295, unit: 'count' },
  isOperatorInWorkload: { doc: 'the generated workload also sends operator ops to cs0: sometimes a group.conf touch, an edit dropping a dataserver or a force-down during the faults, and always a touch restoring the full list after heal (so dataservers left DOWN by accept strategy 0 rejoin). Scenarios script their operator; fuzzing turns this on (default false)' },
};

/** Names of the nodes of a cluster. */
export const CS_IDS = ['cs0', 'cs1'] as const;
export const dsIds = (o: TairOptions): string[] => Array.from({ length: o.dataserverCount }, (_, i) => `ds${i + 1}`);
const dsIdLists = new Map<number, readonly string[]>();
/**
 * dsIds as one shared, read-only array per count: a client dials every dataserver at each tick, and fresh id strings
 * cost a new array, new strings and their hashing in every links[id] look-up.
 */
export function dsIdList(o: TairOptions): readonly string[] {
  let ids = dsIdLists.get(o.dataserverCount);
  if (ids === undefined) dsIdLists.set(o.dataserverCount, (ids = Object.freeze(dsIds(o))));
  return ids;
}
/** Liveness bound: peers marked DOWN hear each other only every N loops; then +10, push, STANDBY 4 s, debounce 4 s, build, migrate. */
export const tairLivenessBoundUs = (o: TairOptions): number => o.downPeerHeartbeatEveryLoops * o.loopIntervalUs + 15 * o.serverDowntimeUs;

export const clientIds = (o: TairOptions): string[] => Array.from({ length: o.clientCount }, (_, i) => `c${i + 1}`);
export const rackOf = (ds: string, o: TairOptions): number => (Number(ds.slice(2)) - 1) % Math.max(1, o.rackCount);

/** Conf heartbeat staleness after which the peer configserver may be declared DOWN (2·TAIR_SERVER_DOWNTIME). */
export const peerDownAfterUs = (o: TairOptions): number => 2 * o.serverDowntimeUs;

// TFS options: the real defaults (sources-and-bugs.md §2.4) with units in the names; scenarios shorten the long ones.
import type { OptionDoc } from '../../sim/index.ts';
import { ms, seconds } from '../../sim/index.ts';

export interface TfsOptions {
  readonly dataserverCount: number;
  readonly clientCount: number;
  readonly heartIntervalUs: number;
  readonly keepaliveTimeoutUs: number;
  readonly keepaliveTriesMax: number;
  readonly safeModeTimeUs: number;
  readonly dsLeaseExpireTimeUs: number;
  readonly dsLeaseSafeTimeUs: number;
  readonly agentKeepaliveUs: number;
  readonly agentDeadtimeUs: number;
  readonly agentMonitorUs: number;
  readonly dsHeartbeatIntervalUs: number;
  readonly oplogSlotsMax: number;
  readonly oplogFlushIntervalUs: number;
  readonly oplogBatchMax: number;
  readonly oplogAckTimeoutUs: number;
  readonly blockIdSkip: number;
  readonly tairMirrorSaveIntervalUs: number;
  readonly blockIdFlushEvery: number;
  readonly reconnectDelayUs: number;
  readonly clientOpIntervalUs: number;
  readonly oplogSendTriesMax: number;
  readonly agentInitdeadUs: number;
  readonly isVipCheckedBeforeEachAct: boolean;
  readonly isVipReturnTreatedAsSwitch: boolean;
  readonly isIncompleteBatchRerequested: boolean;
  readonly isApplyBlockSafeModeAtStartup: boolean;
  readonly isDsLeaseVipOnly: boolean;
  readonly maxReplication: number;
  readonly replicateTaskExpiredTimeUs: number;
  readonly reportBlockDayUs: number;
  readonly reportBlockIntervalDays: number;
  readonly reportBlockHourLower: number;
  readonly reportBlockHourUpper: number;
  readonly reportBlockTimeUs: number;
  readonly isCompactStandInLogged: boolean;
}

export const DEFAULT_OPTIONS: TfsOptions = {
  dataserverCount: 2,
  clientCount: 3,
  heartIntervalUs: seconds(2),
  keepaliveTimeoutUs: ms(500),
  keepaliveTriesMax: 2,
  safeModeTimeUs: seconds(300),
  dsLeaseExpireTimeUs: seconds(60),
  dsLeaseSafeTimeUs: seconds(2),
  agentKeepaliveUs: seconds(2),
  agentDeadtimeUs: seconds(10),
  agentMonitorUs: seconds(2),
  dsHeartbeatIntervalUs: seconds(5),
  oplogSlotsMax: 1024,
  oplogFlushIntervalUs: 0,
  oplogBatchMax: 64,
  oplogAckTimeoutUs: seconds(1),
  blockIdSkip: 100_000,
  tairMirrorSaveIntervalUs: seconds(1),
  blockIdFlushEvery: 100,
  reconnectDelayUs: ms(500),
  clientOpIntervalUs: ms(100),
  oplogSendTriesMax: 3,
  agentInitdeadUs: seconds(30),
  isVipCheckedBeforeEachAct: false,
  isVipReturnTreatedAsSwitch: false,
  isIncompleteBatchRerequested: false,
  isApplyBlockSafeModeAtStartup: true,
  isDsLeaseVipOnly: false,
  maxReplication: 2,
  replicateTaskExpiredTimeUs: seconds(120),
  reportBlockDayUs: seconds(86_400),
  reportBlockIntervalDays: 1,
  reportBlockHourLower: 2,
  reportBlockHourUpper: 4,
  reportBlockTimeUs: seconds(2 * 3600),
  isCompactStandInLogged: true,
};

export const OPTION_DOCS: { readonly [K in keyof TfsOptions]: OptionDoc } = {
  dataserverCount: { doc: 'dataservers ds1..dsN (a new block goes to maxReplication of the connected ones); default 2', min: 1, max: 20, unit: 'count' },
  clientCount: { doc: 'clients c1..cN that talk to the VIP; default 3', min: 0, max: 20, unit: 'count' },
  heartIntervalUs: { doc: 'heart_interval: NS-NS lease length; the check_ loop and keepalive run every half of it; default 2 s', min: 10_000, max: 600_000_000, unit: 'us' },
  keepaliveTimeoutUs: { doc: 'keepalive / get-peer-role RPC timeout; default 500 ms', min: 1000, max: 600_000_000, unit: 'us' },
  keepaliveTriesMax: { doc: 'keepalive / get-peer-role RPC tries; default 2', min: 1, max: 100, unit: 'count' },
  safeModeTimeUs: { doc: 'safe_mode_time: no replicate/compact tasks; full at start-up, half after a switch; default 300 s', min: 0, max: 86_400_000_000, unit: 'us' },
  dsLeaseExpireTimeUs: { doc: 'between_ns_and_ds_lease_expire_time: a DS block write lease, and the apply_block safe window after a switch or start-up; default 60 s', min: 1000, max: 86_400_000_000, unit: 'us' },
  dsLeaseSafeTimeUs: { doc: 'between_ns_and_ds_lease_safe_time: a DS gives its lease up this long before the master would expire it; default 2 s', min: 0, max: 86_400_000_000, unit: 'us' },
  agentKeepaliveUs: { doc: 'heart agent (Linux-HA) keepalive: ping period to both NS; default 2 s', min: 1000, max: 600_000_000, unit: 'us' },
  agentDeadtimeUs: { doc: 'heart agent deadtime: the VIP holder silent this long is declared dead and the VIP moves; default 10 s', min: 1000, max: 3_600_000_000, unit: 'us' },
  agentMonitorUs: { doc: 'heart agent resource monitor: a NS that exited on a role conflict (ctx.exit) is started again after this and runs initialize() from its disk; default 2 s', min: 1000, max: 3_600_000_000, unit: 'us' },
  dsHeartbeatIntervalUs: { doc: 'dataserver heartbeat + block report period to the VIP; default 5 s', min: 1000, max: 3_600_000_000, unit: 'us' },
  oplogSlotsMax: { doc: 'oplog RAM slot buffer: flushed to the file queue when this many records wait; default 1024', min: 1, max: 1_000_000, unit: 'count' },
  oplogFlushIntervalUs: { doc: 'stable-2.0 FlushOpLogTimerTask period; 0 = none, as in trunk, where nothing ships until 1024 records wait; default 0', min: 0, max: 3_600_000_000, unit: 'us' },
  oplogBatchMax: { doc: 'most oplog records in one OpLogSyncMessage; default 64', min: 1, max: 1_000_000, unit: 'count' },
  oplogAckTimeoutUs: { doc: 'master waits this long for an OpLogSyncResponse before re-sending; default 1 s', min: 1000, max: 600_000_000, unit: 'us' },
  tairMirrorSaveIntervalUs: { doc: 'stable-2.5.5 SyncBlockIdThreadHelper: the master saves its max block id to Tair this often, and a new term takes max(local, Tair) + skip without saving it; ids handed out after the last save can be re-issued by the next master (permitted anomaly `block-id-reissued`, reachable when a term allocates more than blockIdSkip ids in one save interval). 0 = the atomic fix: Tair = max(Tair, local) + skip, fsynced before a term allocates, which closes that window; default 1 s', min: 0, max: 600_000_000, unit: 'us' },
  blockIdSkip: { doc: 'block ids skipped on start-up and role switch (stable-2.5.5 fix: 100 000); default 100000', min: 0, max: 1_000_000_000, unit: 'count' },
  blockIdFlushEvery: { doc: 'ns.meta is written and fsynced every this many ids; default 100', min: 1, max: 1_000_000, unit: 'count' },
  reconnectDelayUs: { doc: 'a node redials a lost connection after this; default 500 ms', min: 1000, max: 600_000_000, unit: 'us' },
  clientOpIntervalUs: { doc: 'mean gap between client operations of the default workload; default 100 ms', min: 1000, max: 600_000_000, unit: 'us' },
  oplogSendTriesMax: { doc: 'send_log_ tries per OpLogSyncMessage before the batch is given up (anomaly oplog-batch-given-up); default 3', min: 1, max: 100, unit: 'count' },
  agentInitdeadUs: { doc: 'heart agent initdead: after the agent starts, nobody is declared dead before this; default 30 s', min: 0, max: 3_600_000_000, unit: 'us' },
  isVipReturnTreatedAsSwitch: {
    doc: 'a master that gets the VIP back before a check_ pass saw it gone (anomaly vip-returned-unseen) refuses apply_block for dsLeaseExpireTimeUs and forgets its block leases, as after a switch, so it cannot grant over a lease its peer granted meanwhile. false = trunk: it goes on as master with no safe window; default false',
  },
  isVipCheckedBeforeEachAct: {
    doc: 'fixes the stale-master window: a master re-reads is_local_addr(vip) before every master action instead of only in its 1 s check_; default false (the real NS checks only in check_)',
  },
  isIncompleteBatchRerequested: {
    doc: 'fixes the silent tail loss: recv_log_ answers incomplete (with its position) when replay stopped, and the master re-sends from there; default false (the real recv_log_ always sets the complete flag)',
  },
  maxReplication: { doc: 'max_replication_: a new block is placed on this many connected dataservers, and the master plans a replicate task for a block on fewer (parameter.cpp default 2); default 2', min: 1, max: 20, unit: 'count' },
  replicateTaskExpiredTimeUs: { doc: 'move_task_expired_time_: a replicate task not completed within this is dropped and the block planned again; default 120 s', min: 1000, max: 86_400_000_000, unit: 'us' },
  reportBlockDayUs: { doc: 'the day the periodic full block report counts in (ns-report-periodic.ts; virtual time 0 is local midnight, an hour is a 24th of it); real 24 h, shortened only so short runs reach the report; default 86400 s', min: 24_000, max: 864_000_000_000, unit: 'us' },
  reportBlockIntervalDays: { doc: 'report_block_time_interval_: the master asks each dataserver for a full block report again this many days after its last one (trunk interval 0 means every report_block_time_interval_min_ minutes: not modelled); default 1', min: 1, max: 365, unit: 'count' },
  reportBlockHourLower: { doc: 'report_block_hour_range lower hour ("2~4"): the periodic report falls at a random time from this hour; default 2', min: 0, max: 24, unit: 'count' },
  reportBlockHourUpper: { doc: 'report_block_hour_range upper hour ("2~4"): the periodic report falls before this hour (upper <= lower: always at the lower hour, as the hour <= 0 branch of trunk); default 4', min: 0, max: 24, unit: 'count' },
  reportBlockTimeUs: { doc: 'in_report_block_time after switch_time_: (report_block_time_upper_ - lower_) hours (ns.conf report_block_hour_range 2~4: 2 h); the redundant thread deletes no copy beyond maxReplication meanwhile (the daily 2-4 o\'clock window is not modelled); default 7200 s', min: 0, max: 86_400_000_000, unit: 'us' },
  isCompactStandInLogged: {
    doc: 'the model\'s COMPACT stand-in: every other background pass outside safe mode logs a COMPACT_MSG record for a round-robin block, without DS work, so the COMPACT replay path is exercised. false = trunk\'s check_compact (block_collect.cpp L288-314 @0365c90) on the model\'s blocks, which are never full and have no deleted files, so no compaction is ever planned; default true',
  },
  isDsLeaseVipOnly: {
    doc: 'the seed\'s picture before row P25: a dataserver heartbeats and reports to the VIP only, so only the master registers DSs and applies their reports, the slave learns relations only from replayed records, and a new master starts with no DS and asks each at once on its new connection. false = trunk: a lease (heartbeat, full reports) with each nameserver\'s real address, applied whatever the role; kept for plans found under the old picture (regress-1523039); default false',
  },
  isApplyBlockSafeModeAtStartup: {
    doc: 'no block write lease for dsLeaseExpireTimeUs after start-up either (the real start-up sets apply_block_safe_mode_time_ = now; it stands in for the DS lease renewal against a restarted NS, which the sim does not model); default true',
  },
};

/** Shortened timers for fuzzing and scenarios: failovers within seconds, safe mode over quickly. */
export const FAST_OPTIONS: Partial<TfsOptions> = {
  heartIntervalUs: ms(1000),
  keepaliveTimeoutUs: ms(200),
  safeModeTimeUs: seconds(4),
  agentKeepaliveUs: ms(250),
  agentDeadtimeUs: seconds(1),
  // monitor:deadtime as in ns.xml/ha.cf (2 s : 10 s). The model's agent hears the NS process, not a heartbeat daemon, so a
  // monitor delay near deadtime makes a NS that exited on a role conflict look like a dead machine (VIP ping-pong).
  agentMonitorUs: ms(200),
  dsHeartbeatIntervalUs: ms(1000),
  dsLeaseExpireTimeUs: seconds(6),
  dsLeaseSafeTimeUs: ms(300),
  oplogFlushIntervalUs: ms(500),
  oplogAckTimeoutUs: ms(400),
  clientOpIntervalUs: ms(100),
  agentInitdeadUs: seconds(1),
  replicateTaskExpiredTimeUs: seconds(3),
  // The periodic full report (ns-report-periodic.ts) in a 6 s day (an "hour" is 250 ms): after its first report a DS is
  // asked again in the next day's 0.5-1 s window, then about every 6 s, so a fuzz run (12 s of faults, then the
  // liveness phase) sees it; with the real day it would come a day later, after every fuzz run has ended.
  reportBlockDayUs: seconds(6),
  // The 2 h report window would keep every fuzz run's redundant thread idle: 2 s past safe mode.
  reportBlockTimeUs: seconds(2),
};

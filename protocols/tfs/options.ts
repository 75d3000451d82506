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
  readonly blockIdFlushEvery: number;
  readonly reconnectDelayUs: number;
  readonly clientOpIntervalUs: number;
}

export const DEFAULT_OPTIONS: TfsOptions = {
  dataserverCount: 2,
  clientCount: 2,
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
  oplogFlushIntervalUs: seconds(2),
  oplogBatchMax: 64,
  oplogAckTimeoutUs: seconds(1),
  blockIdSkip: 100_000,
  blockIdFlushEvery: 100,
  reconnectDelayUs: ms(500),
  clientOpIntervalUs: ms(100),
};

export const OPTION_DOCS: { readonly [K in keyof TfsOptions]: OptionDoc } = {
  dataserverCount: { doc: 'dataservers ds1..dsN (every block is placed on every connected DS); default 2', min: 1, max: 20, unit: 'count' },
  clientCount: { doc: 'clients c1..cN that talk to the VIP; default 2', min: 0, max: 20, unit: 'count' },
  heartIntervalUs: { doc: 'heart_interval: NS-NS lease length; the check_ loop and keepalive run every half of it; default 2 s', min: 10_000, max: 600_000_000, unit: 'us' },
  keepaliveTimeoutUs: { doc: 'keepalive / get-peer-role RPC timeout; default 500 ms', min: 1000, max: 600_000_000, unit: 'us' },
  keepaliveTriesMax: { doc: 'keepalive / get-peer-role RPC tries; default 2', min: 1, max: 100, unit: 'count' },
  safeModeTimeUs: { doc: 'safe_mode_time: no replicate/compact tasks; full at start-up, half after a switch; default 300 s', min: 0, max: 86_400_000_000, unit: 'us' },
  dsLeaseExpireTimeUs: { doc: 'between_ns_and_ds_lease_expire_time: a DS block write lease, and the apply_block safe window after a switch or start-up; default 60 s', min: 1000, max: 86_400_000_000, unit: 'us' },
  dsLeaseSafeTimeUs: { doc: 'between_ns_and_ds_lease_safe_time: a DS gives its lease up this long before the master would expire it; default 2 s', min: 0, max: 86_400_000_000, unit: 'us' },
  agentKeepaliveUs: { doc: 'heart agent (Linux-HA) keepalive: ping period to both NS; default 2 s', min: 1000, max: 600_000_000, unit: 'us' },
  agentDeadtimeUs: { doc: 'heart agent deadtime: the VIP holder silent this long is declared dead and the VIP moves; default 10 s', min: 1000, max: 3_600_000_000, unit: 'us' },
  agentMonitorUs: { doc: 'heart agent resource monitor: a NS that stopped itself (role conflict) is restarted after this; default 2 s', min: 1000, max: 3_600_000_000, unit: 'us' },
  dsHeartbeatIntervalUs: { doc: 'dataserver heartbeat + block report period to the VIP; default 5 s', min: 1000, max: 3_600_000_000, unit: 'us' },
  oplogSlotsMax: { doc: 'oplog RAM slot buffer: flushed to the file queue when this many records wait; default 1024', min: 1, max: 1_000_000, unit: 'count' },
  oplogFlushIntervalUs: { doc: 'stable-2.0 FlushOpLogTimerTask period (trunk has none; without it nothing ships below 1024 records); default 2 s', min: 1000, max: 3_600_000_000, unit: 'us' },
  oplogBatchMax: { doc: 'most oplog records in one OpLogSyncMessage; default 64', min: 1, max: 1_000_000, unit: 'count' },
  oplogAckTimeoutUs: { doc: 'master waits this long for an OpLogSyncResponse before re-sending; default 1 s', min: 1000, max: 600_000_000, unit: 'us' },
  blockIdSkip: { doc: 'block ids skipped on start-up and role switch (stable-2.5.5 fix: 100 000); default 100000', min: 0, max: 1_000_000_000, unit: 'count' },
  blockIdFlushEvery: { doc: 'ns.meta is written and fsynced every this many ids; default 100', min: 1, max: 1_000_000, unit: 'count' },
  reconnectDelayUs: { doc: 'a node redials a lost connection after this; default 500 ms', min: 1000, max: 600_000_000, unit: 'us' },
  clientOpIntervalUs: { doc: 'mean gap between client operations of the default workload; default 100 ms', min: 1000, max: 600_000_000, unit: 'us' },
};

/** Shortened timers for fuzzing and scenarios: failovers within seconds, safe mode over quickly. */
export const FAST_OPTIONS: Partial<TfsOptions> = {
  heartIntervalUs: ms(1000),
  keepaliveTimeoutUs: ms(200),
  safeModeTimeUs: seconds(4),
  agentKeepaliveUs: ms(250),
  agentDeadtimeUs: seconds(1),
  agentMonitorUs: ms(1000),
  dsHeartbeatIntervalUs: ms(1000),
  dsLeaseExpireTimeUs: seconds(6),
  dsLeaseSafeTimeUs: ms(300),
  oplogFlushIntervalUs: ms(500),
  oplogAckTimeoutUs: ms(400),
  clientOpIntervalUs: ms(100),
};

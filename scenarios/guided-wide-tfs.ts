// tfs's wide option space for guided mutants (guided-wide.ts): settings a real TFS deployment may run, beyond the BUGGIFY
// ranges of tfs's faultBudget.perturb, which a plain seed never draws. Sources: sources-and-bugs.md §2.1-2.5 (trunk
// parameter.cpp, ha.cf, ns.xml), specs/tfs.md, seeds/tfs-nameserver-ha_002.txt. The fuzz timers are FAST_OPTIONS's
// (protocols/tfs/options.ts: about a tenth of the real ones, so a 12 s fault phase sees failovers); a wide timer keeps
// that scale and says which real range it stands for.
// Left out on purpose: values hard-coded in the real code (keepalive RPC 500 ms x 2 tries, the 60 s DS lease, the send_log_
// tries, the block-id flush every 100 ids), the id skip (100 is bug flag r3393-block-id-skip-100's mechanism, 100 000
// the fix: nothing real in between to draw), the model's fix switches (isVipCheckedBeforeEachAct,
// isVipReturnTreatedAsSwitch, isIncompleteBatchRerequested, tairMirrorSaveIntervalUs 0: no deployment runs them) and its
// old-picture or stand-in switches (isDsLeaseVipOnly, isApplyBlockSafeModeAtStartup false). Every value lies within
// OPTION_DOCS's min/max, so a mutant's failure file passes `checkOptions` (test/scenarios/guided-wide-tfs.test.ts).
import { ms, seconds, type PerturbRange } from '../sim/index.ts';
import type { WideOptionSpace } from './guided-wide.ts';

const TFS_WIDE_RANGES: Readonly<Record<string, PerturbRange>> = {
  // Dataservers: a real cluster runs dozens; the fault budget's 2-3 is the smallest. 4-5 give a block spare targets
  // (placement, re-replication and redundant-copy choices among several), at a bounded cost per run.
  dataserverCount: { oneOf: [2, 3, 4, 5] },
  // max_replication (ns.conf; parameter.cpp default 2): 3 copies is the usual production setting, 1 a scratch cluster.
  maxReplication: { oneOf: [1, 2, 3] },
  // The application tier: one to four clients writing through the VIP (fuzz runs 3).
  clientCount: { oneOf: [1, 2, 3, 4] },
  // Workload intensity: the perturb range's 20-200 ms, up to a quiet 500 ms between a client's operations.
  clientOpIntervalUs: { min: ms(20), max: ms(500) },
  // heart_interval (ns.conf; 2 s default, FAST 1 s): 0.6 s (the perturb floor, above two 200 ms keepalive timeouts) to
  // 4 s, as a pair across a slow link is run with a longer NS-NS lease.
  heartIntervalUs: { min: ms(600), max: seconds(4) },
  // safe_mode_time (ns.conf; 300 s default): the perturb range's 0.5-6 s, up to 10 s, so most of the fault phase lies in
  // the start-up safe mode, as every failover within the real default's first five minutes does.
  safeModeTimeUs: { min: ms(500), max: seconds(10) },
  // Linux-HA ha.cf deadtime / keepalive / initdead and ns.xml's monitor (real 10 s / 2 s / 30 s / 2 s; FAST 1 s / 250 ms /
  // 1 s / 200 ms): deadtime of 5-30 s in real terms, keepalive 1-10 s; fit keeps Heartbeat's rules (below).
  agentDeadtimeUs: { oneOf: [ms(500), seconds(1), seconds(2), seconds(3)] },
  agentKeepaliveUs: { oneOf: [ms(100), ms(250), ms(500), seconds(1)] },
  agentInitdeadUs: { oneOf: [ms(500), seconds(1), seconds(2), seconds(3)] },
  agentMonitorUs: { oneOf: [ms(100), ms(200), ms(400)] },
  // DS heartbeat (ds.conf heart_interval, real 5 s): the perturb range's 0.2-2 s, up to 4 s (the real 1:12 against the
  // 60 s DS lease is what FAST's 1 s against 6 s keeps; the perturb range already runs 2 s beats against a 1 s lease).
  dsHeartbeatIntervalUs: { min: ms(200), max: seconds(4) },
  // oplog_sync_max_slots_num (<= 4096): any buffer size the config takes, not only the perturb range's 1-64 or FAST's 1024.
  oplogSlotsMax: { oneOf: [1, 4, 16, 64, 256, 1024, 4096] },
  // Flush timer: 0 is trunk (no FlushOpLogTimerTask: nothing ships until the slot buffer fills), the others stable-2.0's
  // timer at various heart intervals.
  oplogFlushIntervalUs: { oneOf: [0, ms(50), ms(200), ms(500), seconds(1), seconds(2)] },
  // task_expired_time (real 120 s, FAST 3 s): 1-4 s, i.e. 40-160 s in real terms.
  replicateTaskExpiredTimeUs: { oneOf: [seconds(1), seconds(2), seconds(3), seconds(4)] },
  // report_block_time_interval_ (days) and report_block_hour_range ("2~4"): a report every day or every other day, in a
  // night window within 0-6 o'clock. in_report_block_time after a switch (the range's length; FAST's 2 s stands for the
  // default's 2 h): none, as a one-hour-wide range scaled down, up to twice FAST's.
  reportBlockIntervalDays: { oneOf: [1, 2] },
  reportBlockHourLower: { oneOf: [0, 1, 2] },
  reportBlockHourUpper: { oneOf: [3, 4, 6] },
  reportBlockTimeUs: { oneOf: [0, ms(500), seconds(2), seconds(4)] },
  // false is trunk exactly: check_compact plans nothing on the model's blocks, so no COMPACT_MSG record is ever logged.
  isCompactStandInLogged: { oneOf: [true, false] },
};

const num = (o: Readonly<Record<string, unknown>>, k: string): number => o[k] as number;

/**
 * A drawn configuration made consistent with what Heartbeat and the NS accept or document: keepalive at most half the
 * deadtime (ha.cf's 2 s : 10 s; Heartbeat warns below 2x), the resource monitor at most a fifth of the deadtime (ns.xml's
 * 2 s : 10 s; a monitor near deadtime makes a NS that exited on a role conflict look dead, options.ts), initdead at least
 * the deadtime (ha.cf's 30 s : 10 s), and max_replication at most the dataservers there are.
 */
function fitTfs(o: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...o };
  // A wide mutant overrides every wide option (guided-options.ts mutateWide), so each is set here.
  const dead = num(o, 'agentDeadtimeUs');
  if (num(o, 'agentKeepaliveUs') > dead / 2) out['agentKeepaliveUs'] = Math.floor(dead / 2);
  if (num(o, 'agentMonitorUs') > dead / 5) out['agentMonitorUs'] = Math.floor(dead / 5);
  if (num(o, 'agentInitdeadUs') < dead) out['agentInitdeadUs'] = dead;
  if (num(o, 'maxReplication') > num(o, 'dataserverCount')) out['maxReplication'] = num(o, 'dataserverCount');
  return out;
}

export const TFS_WIDE: WideOptionSpace = { ranges: TFS_WIDE_RANGES, fit: fitTfs };

// The periodic full block report: the master asks every dataserver for its full report again each
// report_block_time_interval_ days, at a random time of day within report_block_hour_range.
//
// Why: a replicated copy is listed on its target only through the source's replicate-block-done; if the source dies
// before that reaches the master, the target holds a block the master does not list on it, and nothing but a new full
// report tells the master (clean seed 1523039, scenario regress-1523039-periodic-report-lists-lost-copy). Trunk closes that
// window with this schedule (taobao-tfs-mirror @0365c90):
// - The nameserver decides, per server object. `ServerCollect::next_report_block_time_` starts at 0 and is reset to 0
//   when the DS (re-)registers (server_collect.cpp L553-562 `reset`), so a new server is asked at once.
// - Its lease-check thread (layout_manager.cpp L867-923 `check_all_server_lease_timeout_`, a pass every 2 s; server_manager.cpp L195) collects
//   every live server with `is_report_block(now)` (server_collect.h L100-105: now >= next_report_block_time_, not
//   already asked) and posts CallDsReportBlockRequestMessage; the DS answers with its full block list
//   (dataserver/client_request_server.cpp L127-166).
// - The report (nameserver/client_request_server.cpp L110-135 `report_block`) runs `update_relation` (block_manager.cpp
//   L364-397: same / right_less built / left_less relieved, ns-report-relieve.ts) and then
//   `set_next_report_block_time(now, random() % 0xFFFFFFF, NONE)` (server_collect.cpp L624-664): next = now +
//   interval * 24 * 3600, then its hour is replaced by `seed % (upper - lower) + lower` and its minute and second by
//   `seed % 60` (mktime). So the NS staggers the DSs: each report lands on the day `interval` days on, at a random
//   time inside the hour range (default "2~4", parameter.cpp L208-210; interval default 1 day, parameter.cpp L88).
// The model asks in the heartbeat reply (isReportWanted, ns-serve.ts onDsHeartbeat), as for the first report, instead of
// a separate 2 s scan and request message: the ask waits at most one DS heartbeat instead of one scan. Virtual time 0
// is local midnight; the "day" is an option (reportBlockDayUs) so fuzz runs, 12 s of faults, can scale it down.
// The SWITCH flag is modelled since row P25 (restaggerReports: every nameserver keeps its own DS leases and reports
// across a switch). Not modelled: interval 0 (trunk then re-asks every report_block_time_interval_min_ minutes).
import { withKey } from '../../sim/index.ts';
import { patchedNs } from './state-patch.ts';
import type { NodeId } from '../../sim/index.ts';
import type { NsState } from './state.ts';
import type { TfsOptions } from './options.ts';
import type { NsCtx } from './ns-support.ts';

/** trunk's `random() % 0xFFFFFFF` time seed. */
const TIME_SEED_MAX = 0xfffffff;

/** set_next_report_block_time(now, seed, NONE): `interval` days on, at hour seed % (upper - lower) + lower, minute = second = seed % 60. */
export function nextReportTimeUs(nowUs: number, seed: number, o: TfsOptions): number {
  const dayUs = o.reportBlockDayUs;
  const hourUs = dayUs / 24;
  const span = o.reportBlockHourUpper - o.reportBlockHourLower;
  const hour = span > 0 ? (seed % span) + o.reportBlockHourLower : o.reportBlockHourLower;
  const dayStartUs = Math.floor((nowUs + o.reportBlockIntervalDays * dayUs) / dayUs) * dayUs;
  return Math.round(dayStartUs + hour * hourUs + (seed % 60) * (hourUs / 60) + (seed % 60) * (hourUs / 3600));
}

/**
 * The longest gap between two reports of one DS: the report lands before the end of the hour range on the day
 * `interval` days on, so at most interval days plus the range's upper hour after the previous one.
 */
export function reportGapMaxUs(o: TfsOptions): number {
  return o.reportBlockIntervalDays * o.reportBlockDayUs + (o.reportBlockHourUpper * o.reportBlockDayUs) / 24;
}

/**
 * switch_role (layout_manager.cpp @0365c90 L552: set_all_server_next_report_time with the SWITCH flag; both ways): every
 * DS this nameserver knows is asked again at a random time within the hour range's span from now
 * (server_collect.cpp set_next_report_block_time, ns_switch: next = now + seed % (hours * 3600) s). Since row P25 the
 * leases and reports go on across a switch, so a new master restaggers what it learnt as slave instead of asking anew.
 */
export function restaggerReports(s: NsState, ctx: NsCtx, o: TfsOptions): NsState {
  // isDsLeaseVipOnly: a new master knows no DS yet and asks each at once on its new connection.
  if (o.isDsLeaseVipOnly) return s;
  const known = Object.keys(s.dsNextReportUs ?? {}).sort();
  if (known.length === 0) return s;
  const hours = o.reportBlockHourUpper - o.reportBlockHourLower;
  const secondUs = o.reportBlockDayUs / 24 / 3600;
  const next: Record<string, number> = {};
  for (const ds of known) {
    const seed = ctx.prng.int(TIME_SEED_MAX);
    next[ds] = ctx.nowUs + (hours > 0 ? Math.round((seed % (hours * 3600)) * secondUs) : 0);
  }
  return patchedNs(s, { dsNextReportUs: next });
}

/** After a report is applied (report_block → set_next_report_block_time): schedule the DS's next ask. */
export function scheduleNextReport(s: NsState, from: NodeId, ctx: NsCtx, o: TfsOptions): NsState {
  const atUs = nextReportTimeUs(ctx.nowUs, ctx.prng.int(TIME_SEED_MAX), o);
  return patchedNs(s, { dsNextReportUs: withKey(s.dsNextReportUs ?? {}, from, atUs) });
}

/**
 * A DS whose next report time has come (is_report_block): its heartbeat reply asks again and noteReportAsked takes a
 * fresh snapshot. Its earlier report still counts (dsReported stays true until the connection breaks): clearing it
 * for the ask would let reported-blocks-located skip the DS while the ask is out, and a master that learns nothing
 * from reports could then pass it whenever every misplaced block sat on a DS being asked.
 */
export function isPeriodicReportDue(s: NsState, from: NodeId, nowUs: number): boolean {
  const atUs = s.dsNextReportUs?.[from];
  return s.dsReported[from] === true && atUs !== undefined && nowUs >= atUs;
}

/**
 * Observation (probe periodic-report-lists-unlisted-copy): a report from a DS whose earlier report on this connection
 * still counts (dsReported), arriving once its next report was due, is a periodic one; record when it was due, when it
 * was applied and the blocks it listed the DS on that the master did not list it on before. A report before the due
 * time is not: the model asks at every heartbeat until the report arrives, so a DS often answers one ask twice, and
 * the second answer finds the next report already scheduled. `before` is the state the report reached, `after` the
 * applied one.
 */
export function notePeriodicReport(before: NsState, after: NsState, from: NodeId, reported: readonly number[], nowUs: number): NsState {
  const dueUs = before.dsNextReportUs?.[from];
  if (before.dsReported[from] !== true || dueUs === undefined || nowUs < dueUs) return after;
  const built = reported.filter((id) => before.blocks.get(id)?.includes(from) !== true && after.blocks.get(id)?.includes(from) === true);
  return patchedNs(after, { lastPeriodicReport: { ds: from, dueUs, atUs: nowUs, built } });
}

/** The hour of the (virtual) day a time falls in: virtual time 0 is local midnight, an hour a 24th of reportBlockDayUs. */
export function hourOfDay(atUs: number, o: TfsOptions): number {
  return Math.floor((atUs % o.reportBlockDayUs) / (o.reportBlockDayUs / 24));
}

/** Is this hour inside report_block_hour_range (upper <= lower: the lower hour only, as nextReportTimeUs)? */
export function isInReportHours(hour: number, o: TfsOptions): boolean {
  const lower = o.reportBlockHourLower;
  const upper = o.reportBlockHourUpper;
  return upper > lower ? hour >= lower && hour < upper : hour === lower;
}

// Probes for full block reports: a day's periodic report (ns-report-periodic.ts), in the hour range, listed a copy; a
// slave relieved a relation by a dataserver's own report (row P25).
import type { Probe, View } from '../../sim/index.ts';
import type { TfsState } from './state.ts';
import { VIP, asNs } from './state.ts';
import type { TfsOptions } from './options.ts';
import { hourOfDay, isInReportHours } from './ns-report-periodic.ts';

/**
 * Why: with the real day the report that lists an orphaned copy comes a day after the DS's first report, at a random
 * time in report_block_hour_range (trunk's set_next_report_block_time); a scenario that idles that day needs to see
 * that this report (not a reconnect's first report, not a replicate completion) is what listed the copy, and when.
 * Read from the VIP holder's lastPeriodicReport: due on a day after the first (virtual time 0 is midnight) inside the
 * hour range, applied within two DS beats of it (the ask rides the next heartbeat reply, the report the beat after),
 * and it built at least one relation the master did not have.
 */
export const REPORT_PROBES: Readonly<Record<string, Probe<TfsState>>> = {
  'periodic-report-lists-unlisted-copy': {
    description: "the master applied a dataserver's periodic full block report (not its first on the connection), due on a later day inside report_block_hour_range and applied within two DS heartbeats of that, and it listed the dataserver on a block the master had not listed it on (update_relation right_less)",
    check: (view: View<TfsState>, opts: TfsOptions) => {
      const holder = view.aliasHolder(VIP);
      const m = holder === null ? undefined : asNs(view.node(holder).state);
      const r = m?.role === 'master' ? m.lastPeriodicReport : undefined;
      if (r === undefined) return 'no periodic report applied by the VIP holder';
      const what = `${r.ds}'s periodic report due at ${r.dueUs}us, applied at ${r.atUs}us`;
      if (r.dueUs < opts.reportBlockDayUs) return `${what}: due on the first day`;
      const hour = hourOfDay(r.dueUs, opts);
      if (!isInReportHours(hour, opts)) return `${what}: due at hour ${hour}, outside ${opts.reportBlockHourLower}~${opts.reportBlockHourUpper}`;
      if (r.atUs - r.dueUs > 2 * opts.dsHeartbeatIntervalUs) return `${what}: more than two DS heartbeats late`;
      return r.built.length > 0 ? null : `${what}: listed ${r.ds} on no block it was not listed on`;
    },
  },
  /**
   * Why (row P25): trunk's slave applies the dataservers' full reports (update_relation, whatever its role), so a relation
   * the master relieved by a report (not logged) is relieved on the slave by the same DS's report to it, not only when
   * the slave becomes master. Read from a slave's lastReport: the blocks listed on the DS at its ask that the report lacked.
   */
  'slave-relieved-by-report': {
    description: "a slave nameserver applied a dataserver's full report that lacked a block the slave listed on it at the ask, and relieved it (update_relation left_less on the slave)",
    check: (view: View<TfsState>) => {
      for (const n of view.nodes) {
        const s = n.isUp ? asNs(n.state) : undefined;
        const r = s?.role === 'slave' ? s.lastReport : undefined;
        if (r !== undefined && r.unreported.length > 0) return null;
      }
      return 'no slave relieved a relation by a report';
    },
  },
};

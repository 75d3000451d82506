// Row S28's version climb: what convergence means while a solitary DOWN dataserver makes a configserver bump.
import type { CsState } from './state.ts';
import type { TableView } from './table.ts';
import { sameContent } from './table.ts';

/**
 * While a solitary DOWN dataserver keeps heartbeating (accept strategy 0), Tair's master bumps its versions by
 * server_up_inc_step a loop with the table content unchanged (do_heartbeat_packet, row S28), so a holder polling
 * slower than that is always some bumps behind. What the design guarantees then is the content: a holder at a version
 * inside the master's current run of those bumps, with the master's content, counts as converged; a holder below the
 * run, or with other content, does not. Once the master's table moves for another reason the run no longer counts.
 */
export function isWithinSolitaryClimb(s0: CsState, t: TableView | null): boolean {
  const climb = s0.solitaryClimb;
  if (t === null || climb === null || climb.to !== s0.table.version) return false;
  return t.version >= climb.from && t.version <= climb.to && sameContent(t, s0.table);
}

/**
 * The slave's own bumps (Tair: its send_server_table is only reset by a master's loop, so a slave bumps at most once;
 * a configserver that bumped as master and was demoted keeps its bumped version): the slave is ahead of the master's
 * table only by a run of those bumps that started at the master's version, with the master's content. It stays so
 * until the master next pushes a table. Any other difference is not excused.
 */
export function isAheadBySolitaryClimb(s1: CsState, master: TableView): boolean {
  const climb = s1.solitaryClimb;
  if (climb === null || climb.to !== s1.table.version || climb.from !== master.version) return false;
  return s1.table.version > master.version && sameContent(s1.table, master);
}

/**
 * dual-master-heal-build (a permitted anomaly): cs1, master until it heard cs0, built a table on cs0's push and keeps
 * it as slave; cs0 never resends while its own table stays as it is. Row S28 on top of it: the slave's own
 * solitary-dataserver bumps from that table, the same two real hazards in a row (fuzz seed 1203153: cs1 kept its
 * heal-build 13, then bumped to 23 for ds1's heartbeat while cs0 held 12).
 */
export function isHealBuildKept(s1: CsState): boolean {
  if (s1.healBuildVersion === 0) return false;
  if (s1.table.version === s1.healBuildVersion) return true;
  const climb = s1.solitaryClimb;
  return climb !== null && climb.from === s1.healBuildVersion && climb.to === s1.table.version;
}

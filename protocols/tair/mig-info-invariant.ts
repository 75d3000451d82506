// mig-info-synced: a bucket switched during a migration reaches the slave at the master's next check_migrate_complete
// (group_info.cpp@5cce166 L2204-2266: buckets still moving and should_syn_mig_info set ⇒ set_force_send_table, then
// check_server_status sends the table and resets the flag; row S25). slave-follows-master excuses the slave while the
// master's shouldSynMigInfo is set, so a master whose loop never acted on the flag left the slave behind for the whole
// migration unseen (mutation survivors cs-loop.ts:159, the flag's test forced false and the reset `{}`: Stryker
// 2026-12-05c). Here: a master keeps the flag set, with buckets still moving, for at most one loop that ran
// check_server_status (loop_count past the down time): seen set at loop L > D, it is clear by loop L + 2.
import type { Invariant } from '../../sim/index.ts';
import type { TairState } from './state.ts';
import { isMaster } from './state.ts';
import { CS_IDS } from './options.ts';
import { migratingBuckets } from './table.ts';
import type { TairView } from './view-helpers.ts';
import { csNode, csState } from './view-helpers.ts';
import { perCsIncarnation } from './cs-memory.ts';
import { CONFIGSERVERS, scopedToKinds } from './kind-scope.ts';

/** Loops the flag may stay set past the one it was first seen in: the next loop clears it; one more for slack. */
export const MIG_INFO_LOOPS = 2;

/** Per configserver incarnation: the loop the flag was first seen set in (with buckets moving, past the down time). */
const flagMemory = perCsIncarnation((): { since: number | undefined } => ({ since: undefined }));

/** `downtimeLoopsOf`: the loop count past which check_server_status runs (TAIR_SERVER_DOWNTIME in loops). */
export function migInfoSynced(downtimeLoopsOf: (view: TairView) => number): Invariant<TairState> {
  return scopedToKinds({
    name: 'mig-info-synced',
    description: "a master with buckets still migrating acts on should_syn_mig_info (force-sends the table to the slave and clears it) in its next loop that runs check_server_status",
    scope: 'states',
    check(view) {
      for (const id of CS_IDS) {
        const s = csState(view, id);
        const mem = flagMemory(view, id, csNode(view, id).incarnation);
        // Counted from the first loop past the down time that saw the flag (earlier loops skip check_server_status).
        if (s === undefined || !isMaster(s, id) || !s.shouldSynMigInfo || migratingBuckets(s.table).length === 0 || s.loopCount <= downtimeLoopsOf(view)) { mem.since = undefined; continue; }
        const since = mem.since;
        if (since === undefined || s.loopCount < since) { mem.since = s.loopCount; continue; }
        if (s.loopCount - since >= MIG_INFO_LOOPS) {
          return `${id} (master) has kept should_syn_mig_info set from loop ${since} to ${s.loopCount} with buckets ${migratingBuckets(s.table).join(',')} still moving: the slave never got the switched buckets`;
        }
      }
      return null;
    },
  }, CONFIGSERVERS);
}

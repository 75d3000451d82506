// The stalled-DB test (recovery-db-moved-back's lasting effect), shared by the liveness check and its excuses.
import type { EntityState } from './state.ts';

/**
 * Certain's stall after `recovery-db-moved-back`: the DB is below MaxContChosenEntry and the PLog holds no value of ours
 * for the next entry (its record was GC'd before the DB moved back, or a later prepare left a promise-only record
 * there: seed 1007), so EntityCatchUp fails (DBWorker: StorageCorrupt) and nothing fetches it: catch-up only asks for
 * entries above MaxContChosenEntry, and only a NotFound there starts another GetAllAndSet. The test is the DB apply
 * loop's own stop (catchup.ts advance). Nothing else reaches this state: MaxContChosenEntry passes an entry only once
 * our record of it is chosen, and GC and recovery delete only entries at or below CommittedEntry.
 */
export const isDbStalled = (e: EntityState, idx: number): boolean =>
  e.committed < e.maxCont && (e.entries[e.committed + 1]?.records[idx]?.value ?? null) === null;

// migration-completes-switched: check_migrate_complete completes a migration (hash := dest, server and client
// versions + 1, transition version 0) only when no bucket is left moving (group_info.cpp@5cce166 L2204-2266, row S25);
// buckets still moving have not had their data pushed to the new copies, so switching them at completion serves them
// from dataservers that never received it. Per event, on a master: its table going from a migration with buckets still
// moving (transition version > 0) to the same destination table with none moving and transition version 0 is a
// completion, and the buckets that were moving must be none. Builds (a build queued before and consumed in this event)
// and a push taken from cs0 are not completions. Mutation survivor cs-loop.ts:159 `if (migratingBuckets(...).length >
// 0)` → `if (false)` (completion at the first loop after the first switch; Stryker 2026-12-05d run) fails it.
import type { CsState } from './state.ts';
import { isMaster } from './state.ts';
import { migratingBuckets, sameBuckets } from './table.ts';
import { csStepInvariant } from './cs-step-invariant.ts';


export function prematureCompletion(id: string, p: CsState, s: CsState): string | null {
  if (p.table === s.table || !isMaster(p, id) || !isMaster(s, id)) return null;
  if (p.table.transitionVersion === 0 || s.table.transitionVersion !== 0 || migratingBuckets(s.table).length > 0) return null;
  if ((p.isBuildQueued && !s.isBuildQueued) || s.tookDefaultMasterPush || !sameBuckets(p.table.dest, s.table.dest)) return null;
  const left = migratingBuckets(p.table);
  return left.length === 0 ? null : `${id} completed the migration at version ${s.table.version} with buckets ${left.join(',')} still moving`;
}

export const migrationCompletesSwitched = csStepInvariant('migration-completes-switched', 'a master completes a migration (hash := dest, transition version 0) only when no bucket is still moving', prematureCompletion);

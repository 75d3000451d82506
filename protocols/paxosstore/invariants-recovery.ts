// GetAllAndSet state invariant, checked per node after every event that changed it. Two halves:
// - flagged while recovering: an entity with a GetAllAndSet running (`recoveries[e]`) has its recover flag set in
//   memory. Step 1 (SetEntityMeta(entity, -1, 1), seed DBImpl.cpp L489-516) raises it together with its durable write
//   and only the successful end (step 7) clears it, removing the recovery in the same call. Mutation sample 2
//   (recovery-writes.ts setFlag `isRecoverFlag = true` → `false`): between step 1 and step 2 the entity was not
//   flagged, and no other check read the flag (isGetAllPending still kept clients out).
// - PLog dropped at the end: in the event a GetAllAndSet completes (the recovery gone, recoveriesDone up, same
//   incarnation), no settled in-memory entry at or below the recovered DB's committed entry is left (HandleRecoverRspCmd
//   drops the PLog entries the recovered DB covers; keeping them is the recovery half of the H-PS-1 flag
//   `stale-accept-served-as-chosen`). Uncertain entries stay (their PLog write may still land). Mutation sample 2
//   (recovery-end.ts `!bug(…)` → `bug(…)`): a clean campaign kept the stale entries and no check saw it.
import type { Invariant } from '../../sim/index.ts';
import { nodeInvariant } from '../../sim/index.ts';
import type { NodeState } from './state.ts';
import { transitionCheck } from './previous-state.ts';

function flagProblem(s: NodeState): string | null {
  for (const entity in s.recoveries) {
    const ent = s.entities[entity];
    if (ent !== undefined && !ent.isRecoverFlag) return `${entity}: GetAllAndSet at step ${s.recoveries[entity]!.step}, yet the recover flag is not set`;
  }
  return null;
}

/** Entities whose GetAllAndSet completed between `prev` and `s` (the same incarnation). */
function finished(prev: NodeState, s: NodeState): string[] {
  if (s.recoveriesDone <= prev.recoveriesDone) return [];
  return Object.keys(prev.recoveries).filter((e) => s.recoveries[e] === undefined);
}

function endProblem(prev: NodeState, s: NodeState): string | null {
  for (const entity of finished(prev, s)) {
    const ent = s.entities[entity];
    if (ent === undefined || ent.isRecoverFlag) continue; // aborted: the flag stays
    for (const key in ent.entries) {
      const entry = Number(key);
      if (entry <= ent.dbDurable && !ent.entries[entry]!.isUncertain) {
        return `${entity}: GetAllAndSet ended with the DB at entry ${ent.dbDurable}, yet PLog entry ${entry} is still in memory`;
      }
    }
  }
  return null;
}

/** The end half compares two successive states of one incarnation. */
const checkNode = transitionCheck((prev, s) => flagProblem(s) ?? (prev !== undefined ? endProblem(prev, s) : null));

export const recoveryStateKept = nodeInvariant<NodeState>(
  'recovery-state-kept',
  'an entity in GetAllAndSet has its recover flag set (step 1 raises it, only the end clears it); when GetAllAndSet completes, no settled PLog entry at or below the recovered DB\'s committed entry stays in memory',
  checkNode,
);

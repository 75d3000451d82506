// A loading entity stays put, checked per node after every event that changed it: between two states of one
// incarnation in which an entity is still loading (its boot-time PLog fsync not done), its in-memory PLog entries,
// DB and CommittedEntry / MaxContChosenEntry are the very same. Until onLoaded nothing may serve, commit or catch up
// from a half-loaded entity (every handler skips a loading entity: onPaxos, the client's refusal, GC, DB writes,
// tryCatchup's own guard). Mutation sample 1 (catchup.ts tryCatchup `if (ent.isLoading) return` → `if (false)`):
// the worker tick, which calls tryCatchup for every entity, then commits and asks peers for entries of a loading one.
// Fields a late fence reply of the previous incarnation may set (amnesia, maxChosen, activePeer) are not compared.
import type { Invariant } from '../../sim/index.ts';
import { nodeInvariant } from '../../sim/index.ts';
import type { EntityState, NodeState } from './state.ts';
import { transitionCheck } from './previous-state.ts';

function movedField(was: EntityState, now: EntityState): string | null {
  if (now.entries !== was.entries) return 'its in-memory PLog entries';
  if (now.db !== was.db) return 'its DB';
  if (now.committed !== was.committed) return `CommittedEntry (${was.committed} → ${now.committed})`;
  if (now.maxCont !== was.maxCont) return `MaxContChosenEntry (${was.maxCont} → ${now.maxCont})`;
  return null;
}

function loadingProblem(prev: NodeState, s: NodeState): string | null {
  for (const entity in s.entities) {
    const now = s.entities[entity]!;
    const was = prev.entities[entity];
    if (was === undefined || !was.isLoading || !now.isLoading || was === now) continue;
    const what = movedField(was, now);
    if (what !== null) return `${entity} is still loading, yet ${what} changed`;
  }
  return null;
}

/** The rule is about two successive states of one incarnation. */
const checkNode = transitionCheck((prev, s) => (prev !== undefined ? loadingProblem(prev, s) : null));

export const loadingEntityStill: Invariant<NodeState> = nodeInvariant<NodeState>(
  'loading-entity-still',
  'while an entity is loading (same incarnation), its in-memory PLog entries, DB, CommittedEntry and MaxContChosenEntry do not change (nothing commits, serves or catches up before the load is done)',
  checkNode,
);

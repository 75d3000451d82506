// A per-event check of one configserver step: the state it had at the previous event of the same incarnation against the
// state it has now. Shared by the tair checks that judge a transition (rebuild-debounced, migration-completes-switched,
// solitary-heartbeat-bumps), so the per-incarnation memory lives in one place.
import type { Invariant } from '../../sim/index.ts';
import { previousInIncarnation } from '../../sim/index.ts';
import type { CsState, TairState } from './state.ts';
import { CS_IDS } from './options.ts';
import { csNode, csState } from './view-helpers.ts';
import { CONFIGSERVERS, scopedToKinds } from './kind-scope.ts';

/** `problem(id, previous, current)` is asked for every configserver whose state object changed since the last event. */
export function csStepInvariant(name: string, description: string, problem: (id: string, p: CsState, s: CsState) => string | null): Invariant<TairState> {
  // The previous state seen of each configserver in its incarnation (states are immutable; per run: sim/run-memory.ts).
  const previousOf = previousInIncarnation<CsState>();
  // Reads configservers only: re-checked after events that changed one (kind-scope.ts).
  return scopedToKinds({
    name,
    description,
    scope: 'states',
    check(view) {
      for (const id of CS_IDS) {
        const s = csState(view, id);
        if (s === undefined) continue;
        const p = previousOf(view, csNode(view, id), s);
        if (p === undefined) continue;
        const found = problem(id, p, s);
        if (found !== null) return found;
      }
      return null;
    },
  }, CONFIGSERVERS);
}

// A per-event check of one configserver step: the state it had at the previous event of the same incarnation against the
// state it has now. Shared by the tair checks that judge a transition (rebuild-debounced, migration-completes-switched,
// solitary-heartbeat-bumps), so the per-incarnation memory lives in one place.
import type { Invariant } from '../../sim/index.ts';
import { nodeId } from '../../sim/index.ts';
import type { CsState, TairState } from './state.ts';
import { CS_IDS } from './options.ts';
import { csState } from './view-helpers.ts';
import { CONFIGSERVERS, scopedToKinds } from './kind-scope.ts';

/** `problem(id, previous, current)` is asked for every configserver whose state object changed since the last event. */
export function csStepInvariant(name: string, description: string, problem: (id: string, p: CsState, s: CsState) => string | null): Invariant<TairState> {
  // The previous state seen of each configserver incarnation (states are immutable; one run's view owns the map).
  const previous = new WeakMap<object, Map<string, CsState>>();
  // Reads configservers only: re-checked after events that changed one (kind-scope.ts).
  return scopedToKinds({
    name,
    description,
    scope: 'states',
    check(view) {
      let mem = previous.get(view);
      if (mem === undefined) { mem = new Map(); previous.set(view, mem); }
      for (const id of CS_IDS) {
        const s = csState(view, id);
        if (s === undefined) continue;
        const key = `${id}:${view.node(nodeId(id)).incarnation}`;
        const p = mem.get(key);
        mem.set(key, s);
        if (p === undefined || p === s) continue;
        const found = problem(id, p, s);
        if (found !== null) return found;
      }
      return null;
    },
  }, CONFIGSERVERS);
}

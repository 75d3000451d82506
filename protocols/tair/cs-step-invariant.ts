// A per-event check of one configserver step: the state it had at the previous event of the same incarnation against the
// state it has now. Shared by the tair checks that judge a transition (rebuild-debounced, migration-completes-switched,
// solitary-heartbeat-bumps, force-rebuild-caused), so the per-incarnation memory lives in one place.
import type { Invariant } from '../../sim/index.ts';
import { perRun } from '../../sim/index.ts';
import type { CsState, TairState } from './state.ts';
import { CS_IDS } from './options.ts';
import { csNode, csState } from './view-helpers.ts';
import { CONFIGSERVERS, scopedToKinds } from './kind-scope.ts';

/** The state last seen of one configserver and its incarnation then (undefined: none seen yet). */
interface Seen { s: CsState | undefined; inc: number }

/** `problem(id, previous, current)` is asked for every configserver whose state object changed since the last event. */
export function csStepInvariant(name: string, description: string, problem: (id: string, p: CsState, s: CsState) => string | null): Invariant<TairState> {
  // previousInIncarnation's memory (sim/run-memory.ts) as one record per configserver, in CS_IDS order, updated in
  // place: these checks run after every configserver event, and the generic memory made a record per configserver per
  // check each time. Same rule: the previous state counts when it is of the same incarnation and another object (states
  // are copy-on-write); a configserver that is down is skipped and its record kept (a restart has a new incarnation).
  const seenOf = perRun((): Seen[] => CS_IDS.map(() => ({ s: undefined, inc: -1 })));
  // Reads configservers only: re-checked after events that changed one (kind-scope.ts).
  return scopedToKinds({
    name,
    description,
    scope: 'states',
    check(view) {
      const seen = seenOf(view);
      for (let i = 0; i < CS_IDS.length; i++) {
        const id = CS_IDS[i]!;
        const s = csState(view, id);
        if (s === undefined) continue;
        const rec = seen[i]!;
        const inc = csNode(view, id).incarnation;
        const p = rec.s !== undefined && rec.inc === inc && rec.s !== s ? rec.s : undefined;
        rec.s = s;
        rec.inc = inc;
        if (p === undefined) continue;
        const found = problem(id, p, s);
        if (found !== null) return found;
      }
      return null;
    },
  }, CONFIGSERVERS);
}

// client-drops-table-for-newer: a client drops its routing table only when a kv answer tells it of a newer client
// version than the one it holds (README "Client", as the Java client's new_config_version > config_version test): an
// answer from a dataserver that lags behind (an older client version) is no reason to refetch. Per event, per client
// incarnation: a client that held a table and holds none now was told of a version above the one it held.
// Mutation survivor client.ts:59 (the `>` test forced true: every answer at another version drops the table, older
// ones too; Stryker 2026-12-05d, tenth session) fails it; clean clients never drop a table otherwise.
import type { Invariant } from '../../sim/index.ts';
import { NodeMemory } from '../../sim/index.ts';
import type { ClientState, TairState } from './state.ts';
import { isClient } from './state.ts';
import { scopedToKinds } from './kind-scope.ts';

export function dropProblem(id: string, p: ClientState, s: ClientState): string | null {
  if (p.table === null || s.table !== null) return null;
  return s.newConfigVersion > p.configVersion ? null : `${id} dropped its table at client version ${p.configVersion} on news of version ${s.newConfigVersion}, not a newer one`;
}

export const clientDropsTableForNewer: Invariant<TairState> = ((): Invariant<TairState> => {
  // The previous state seen of each client in its incarnation (states are immutable), as previousInIncarnation keeps
  // it (sim/run-memory.ts) but one record per client updated in place: that made a record per client per call, and this
  // check runs after every client event for every client.
  const seenOf = new NodeMemory<{ s: ClientState; inc: number }>();
  // Reads clients only: re-checked after events that changed one (kind-scope.ts).
  return scopedToKinds({
    name: 'client-drops-table-for-newer',
    description: 'a client drops its table only when told of a newer client version than the one it holds',
    scope: 'states',
    check(view) {
      for (const n of view.nodes) {
        if (n.kind !== 'client' || !n.isUp || !isClient(n.state)) continue;
        const s = n.state;
        const rec = seenOf.get(view, n);
        if (rec === undefined) { seenOf.set(view, n, { s, inc: n.incarnation }); continue; }
        // The same object is no step; a new incarnation's first state is no step from the last one's.
        const p = rec.inc === n.incarnation && rec.s !== s ? rec.s : undefined;
        rec.s = s;
        rec.inc = n.incarnation;
        if (p === undefined) continue;
        const found = dropProblem(n.id, p, s);
        if (found !== null) return found;
      }
      return null;
    },
  }, ['client']);
})();

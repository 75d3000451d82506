// client-drops-stale-table: a client that a kv answer told of a newer client version drops its table and routes
// nothing until its next get-group (README "Client", as the Java client: the stale table's primaries may have moved).
// In the state: a client holding a table never believes in a newer client version than the one it took
// (newConfigVersion > configVersion only with table === null). A client that kept routing by the stale table sends
// requests to primaries that may no longer serve the bucket (mutation survivors client.ts:59: the `{ table: null }`
// dropped, its condition forced false, or `>` turned into `<=`; Stryker 2026-12-05c).
import type { Invariant, NodeView } from '../../sim/index.ts';
import { nodeInvariant } from '../../sim/index.ts';
import type { TairState } from './state.ts';
import type { TairView } from './view-helpers.ts';

export function staleTableProblem(n: NodeView<TairState>): string | null {
  const s = n.state;
  if (!n.isUp || s === undefined || s.kind !== 'client' || s.table === null) return null;
  return s.newConfigVersion > s.configVersion ? `${n.id} keeps its table at client version ${s.configVersion} after a reply told it of ${s.newConfigVersion}` : null;
}

export const clientDropsStaleTable: Invariant<TairState> = nodeInvariant('client-drops-stale-table',
  'a client told of a newer client version by a kv answer holds no table until it refetches',
  (_view: TairView, n) => staleTableProblem(n), { kinds: ['client'] });

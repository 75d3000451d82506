// held-tables-built: what configservers hand out is a table, never the never-built one. A configserver answers a
// client's get-group with the table only when it is ready and the table's version is at least TAIR_CONFIG_MIN_VERSION
// (do_get_group: clients by client_version, server_conf_thread.cpp@5cce166 L532-533), and a dataserver takes a table
// only at such a version (heartbeat_thread: `version >= TAIR_CONFIG_MIN_VERSION && version != mine`). Every version
// the model gives a table is raised to min_config_version (steppedVersion: builds, inc_version, switches), except the
// never-built table's 0 (Tair's file-creation version 1, which means "solitary" to a dataserver and is never a table).
// So a client or dataserver holding a version-0 table got one a configserver should have kept: a not-ready or unbuilt
// configserver handed it out (mutation survivor cs-handlers.ts:35 `hasTable` → true, Stryker 2026-12-05c).
import type { Invariant, NodeView } from '../../sim/index.ts';
import { nodeInvariant } from '../../sim/index.ts';
import type { TairState } from './state.ts';
import type { TairView } from './view-helpers.ts';

/** A never-built table's version (emptyTable); every other version is at least min_config_version (option floor 1). */
export const NEVER_BUILT_VERSION = 0;

export function heldTableProblem(n: NodeView<TairState>): string | null {
  const s = n.state;
  if (!n.isUp || s === undefined || s.kind === 'configserver' || s.table === null) return null;
  return s.table.version === NEVER_BUILT_VERSION ? `${n.id} (${s.kind}) holds the never-built table (version ${NEVER_BUILT_VERSION}), which no configserver hands out` : null;
}

export const heldTablesBuilt: Invariant<TairState> = nodeInvariant('held-tables-built',
  'no client or dataserver holds the never-built table (version 0): configservers hand out tables at min_config_version or above only',
  (_view: TairView, n) => heldTableProblem(n), { kinds: ['dataserver', 'client'] });

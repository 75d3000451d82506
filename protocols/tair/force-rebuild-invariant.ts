// force-rebuild-caused: a configserver holds a forced rebuild only for one of the reasons Tair sets it. Tair has one
// variable, need_rebuild_hash_table; set_force_rebuild (its value 1: built at the next loop, no debounce) is called
// (5cce166) at start-up by a new master whose table has a 0 entry (server_conf_thread.cpp run(); the seed's L170-195),
// by set_server_alive for a dataserver back STANDBY -> ALIVE (L2033) and by the heartbeat of an ALIVE dataserver that
// reports itself not ready (ALIVE -> STANDBY, L906). Everything else that touches the variable clears it or stamps it
// (a build, a group.conf reload's `= now`, a table written from the peer: write_server_table_packet, group_info.cpp
// L2385). So per event, per configserver incarnation: a step after which the force is held, when it was not held
// before, made one of those three changes. The model keeps the force as CsState.isForceRebuild.
// Mutation survivor cs-handlers.ts:120 `isForceRebuild: false` → `true` (a table written from the peer leaves the
// force set, so a slave that later takes over builds at once instead of after the debounce; Stryker 2026-12-06
// twelfth session, survived 2,000 seeds) fails it at the first push a slave takes.
import type { CsState, DsStatus } from './state.ts';
import { hasZeroEntry } from './table.ts';
import { csStepInvariant } from './cs-step-invariant.ts';

/** A dataserver whose status went `from` → `to` in the step p → s. */
const moved = (p: CsState, s: CsState, from: DsStatus, to: DsStatus): string | undefined =>
  Object.keys(s.ds).find((ds) => s.ds[ds]!.status === to && p.ds[ds]?.status === from);

/** Why the step p → s may newly hold the force, or null when it has none of Tair's reasons. */
function forceCause(p: CsState, s: CsState): string | null {
  if (p.phase !== 'ready' && s.phase === 'ready' && hasZeroEntry(s.table)) return 'start-up with a 0 entry';
  const back = moved(p, s, 'standby', 'alive');
  if (back !== undefined) return `${back} STANDBY -> ALIVE`;
  const notReady = moved(p, s, 'alive', 'standby');
  return notReady !== undefined ? `${notReady} ALIVE -> STANDBY (not ready)` : null;
}

export function forceProblem(id: string, p: CsState, s: CsState): string | null {
  if (!s.isForceRebuild || p.isForceRebuild || forceCause(p, s) !== null) return null;
  return `${id} now holds a forced rebuild (table ${s.table.version}, phase ${s.phase}) with no start-up 0 entry and no dataserver STANDBY <-> ALIVE in the step`;
}

export const forceRebuildCaused = csStepInvariant('force-rebuild-caused',
  'a configserver newly holds a forced rebuild only at start-up with a 0 entry or for a dataserver moving STANDBY <-> ALIVE (set_force_rebuild\'s callers)',
  forceProblem);

// rebuild-debounced: a dataserver back from STANDBY to ALIVE changes the group (is_need_rebuild), but the master
// rebuilds for it only once server_down_time has passed since (group_info::is_need_rebuild, 5cce166 group_info.cpp
// L840-849, the same in the seed era: `need_rebuild_hash_table < now - get_server_down_time()`, strict), so a server
// flapping back and forth is not rebuilt into the table at every turn. The model notes the change as changedAtUs and
// the master's check_server_status consumes it (queues the build) when `curTimeUs - changedAtUs > server_down_time`,
// or earlier when something else forces the build in that loop: a forced rebuild (isForceRebuild, also set by a reload
// in the same loop) or a dataserver marked DOWN. Per event: a configserver that consumed its changedAtUs did so for one
// of those reasons. Mutation survivors cs-loop.ts:104 (the age test forced true, `>=` → `<`, `-` → `+`: the build at
// the first loop after the change; Stryker 2026-12-05c) fail it, and since the tenth session's switch to Tair's strict
// test, so does the model's old `>=` (the build at exactly server_down_time, one loop early).
import type { CsState } from './state.ts';
import { csStepInvariant } from './cs-step-invariant.ts';


/** A dataserver DOWN in `s` that was not DOWN in `p`. */
const hasNewDown = (p: CsState, s: CsState): boolean => Object.keys(s.ds).some((ds) => s.ds[ds]!.status === 'down' && p.ds[ds] !== undefined && p.ds[ds]!.status !== 'down');

export function debounceProblem(id: string, p: CsState, s: CsState): string | null {
  if (p.changedAtUs === null || s.changedAtUs !== null || !s.isBuildQueued) return null;
  // A reload in this loop (group.conf newer, or this configserver becoming master) may force the build itself.
  if (p.isForceRebuild || s.reloads !== p.reloads || hasNewDown(p, s)) return null;
  const ageUs = s.curTimeUs - p.changedAtUs;
  return ageUs > s.conf.serverDowntimeUs ? null : `${id} queued a rebuild ${ageUs} us after a dataserver came back ALIVE, before server_down_time (${s.conf.serverDowntimeUs} us), with no forced rebuild or DOWN dataserver`;
}

export const rebuildDebounced = csStepInvariant('rebuild-debounced', 'a configserver rebuilds for a dataserver back ALIVE only server_down_time after it came back (unless a forced rebuild or a DOWN dataserver queues the build)', debounceProblem);

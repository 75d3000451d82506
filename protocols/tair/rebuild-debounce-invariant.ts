// rebuild-debounced: which changes wait server_down_time before the master rebuilds, as Tair has it (5cce166). A
// group.conf reload stamps `need_rebuild_hash_table = now` (group_info::load_config, group_info.cpp L734, for every
// file newer than the last loaded), and the master builds for it only once `need_rebuild_hash_table < now -
// get_server_down_time()` (is_need_rebuild, L840-849, strict). A dataserver's status change from its heartbeat does
// not wait: set_server_alive (STANDBY → ALIVE, server_conf_thread.cpp L2033) and the not-ready report (ALIVE →
// STANDBY, L906) call set_force_rebuild (need_rebuild_hash_table = 1), built at the next loop. The model keeps the
// stamp as changedAtUs and the force as isForceRebuild (one overwrites the other, as Tair's one variable).
// Per event, two rules:
// 1. A loop that consumes a stamp (the one held before, or one its own reload just made) queues the build only
//    when the stamp is strictly older than server_down_time, unless a force held before the loop (and not
//    overwritten by a reload in it) or a dataserver marked DOWN in it queues the build anyway.
// 2. A heartbeat that turns a dataserver STANDBY → ALIVE leaves the force set (not a debounce stamp).
// The model's rule before the tenth session's P5 fix (the reverse: STANDBY → ALIVE stamped, a changing reload forced) fails both;
// mutation survivors cs-loop.ts:104 (the age test forced true, `>=` → `<`, `-` → `+`) and the old `>=` fail rule 1.
import type { CsState } from './state.ts';
import { csStepInvariant } from './cs-step-invariant.ts';


/** A dataserver DOWN in `s` that was not DOWN in `p` (for-in, no key array: asked after most configserver events). */
function hasNewDown(p: CsState, s: CsState): boolean {
  for (const ds in s.ds) if (s.ds[ds]!.status === 'down' && p.ds[ds] !== undefined && p.ds[ds]!.status !== 'down') return true;
  return false;
}

function earlyBuild(id: string, p: CsState, s: CsState): string | null {
  // A loop step (it moves curTimeUs) that consumed a stamp and queued the build.
  if (s.curTimeUs === p.curTimeUs || s.changedAtUs !== null || s.isForceRebuild || !s.isBuildQueued) return null;
  const isReloaded = s.reloads !== p.reloads;
  const stampUs = isReloaded ? s.curTimeUs : p.changedAtUs;
  if (stampUs === null) return null;
  if ((p.isForceRebuild && !isReloaded) || hasNewDown(p, s)) return null;
  const ageUs = s.curTimeUs - stampUs;
  return ageUs > s.conf.serverDowntimeUs ? null : `${id} queued a rebuild ${ageUs} us after a group.conf reload, before server_down_time (${s.conf.serverDowntimeUs} us), with no forced rebuild or DOWN dataserver`;
}

function unforcedAlive(id: string, p: CsState, s: CsState): string | null {
  // Not a loop (a reload may revive) and not a table written from the peer (correct_server_info sets statuses).
  if (s.curTimeUs !== p.curTimeUs || s.statusResets !== p.statusResets || s.isForceRebuild) return null;
  for (const back in s.ds) {
    if (s.ds[back]!.status === 'alive' && p.ds[back]?.status === 'standby') return `${id} took ${back} back STANDBY -> ALIVE without forcing the rebuild (set_server_alive's set_force_rebuild)`;
  }
  return null;
}

export const debounceProblem = (id: string, p: CsState, s: CsState): string | null => earlyBuild(id, p, s) ?? unforcedAlive(id, p, s);

export const rebuildDebounced = csStepInvariant('rebuild-debounced', 'a configserver rebuilds for a group.conf reload only server_down_time after it (unless a forced rebuild or a DOWN dataserver queues the build), and forces the rebuild for a dataserver back STANDBY -> ALIVE', debounceProblem);

// The liveness bound and the progress checks: after the heal, a client write issued then is committed by the leader
// and applied by every server synced with it, and its sync-get returns, also through a follower (the tail ops of workload.ts).
import type { LivenessPredicate, View } from '../../sim/index.ts';
import { clientHistory, clientPlan, seconds } from '../../sim/index.ts';
import type { ZabNode, LearnerRole } from './state.ts';
import type { ZabOptions } from './options.ts';
import { initLimitUs, syncLimitUs } from './options.ts';
import { establishedLeader, isQuorumLostToEpochWindow } from './roles.ts';
import type { ZabOp, ZabResult } from './tree.ts';

/**
 * Liveness bound: a LOOKING server may sit out the full notification back-off, then discovery, sync and NEWLEADER each
 * get initLimit, and a stale leader needs syncLimit to notice it lost its quorum.
 */
export const zabLivenessBoundUs = (o: ZabOptions): number => o.maxNotificationIntervalUs + 3 * initLimitUs(o) + 2 * syncLimitUs(o) + seconds(10);

/** Tail writes create `/tail<round>`; any of them counts. */
export const TAIL_PREFIX = '/tail';
/** Per tree object (trees are immutable once a handler ends), whether it holds a tail path: asked after every event of the liveness phase. */
const tailTrees = new WeakMap<object, boolean>();
const isTailPath = (path: unknown): boolean => typeof path === 'string' && path.startsWith(TAIL_PREFIX);
const hasTail = (s: ZabNode): boolean => {
  let has = tailTrees.get(s.tree);
  if (has === undefined) tailTrees.set(s.tree, (has = Object.keys(s.tree).some(isTailPath)));
  return has;
};

/** What the checks read of a client plan, per plan array (fixed before the first event; the checks ask after every event). */
interface TailPlan { readonly isCreatePlanned: boolean; readonly isSyncGetPlanned: boolean; readonly written: ReadonlyMap<string, number> }
const tailPlans = new WeakMap<object, TailPlan>();
// Loops and module-level functions here, not closures made per call: a closure's optimised code is held only weakly
// by its shared feedback, so once the closures die every full GC drops it and a warm worker recompiles it (issue 17,
// bench/deopt-census.ts).
function isTailPlanned(plan: ReturnType<typeof clientPlan>, type: string): boolean {
  for (const s of plan) if (s.op.type === type && isTailPath(s.op['path'])) return true;
  return false;
}

function tailPlanOf(view: View<ZabNode>): TailPlan {
  const plan = clientPlan(view);
  let t = tailPlans.get(plan);
  if (t !== undefined) return t;
  const written = new Map<string, number>();
  for (const s of plan) if (s.op.type === 'create' && isTailPath(s.op['path'])) written.set((s.op as ZabOp).path, Number(s.op['value']));
  t = { isCreatePlanned: isTailPlanned(plan, 'create'), isSyncGetPlanned: isTailPlanned(plan, 'sync-get'), written };
  tailPlans.set(plan, t);
  return t;
}

/**
 * The tail ops of the run's client plan, by type: fixed before the first event, so known at the heal's first liveness
 * check, before any was issued. A run without them (a scenario with its own ops) makes the tail checks vacuous.
 */
const plannedTail = (view: View<ZabNode>, type: 'create' | 'sync-get'): boolean => {
  const t = tailPlanOf(view);
  return type === 'create' ? t.isCreatePlanned : t.isSyncGetPlanned;
};

/**
 * Without it a history where every write fails or times out is legal, and `leader-established` holds with nothing
 * ever committed: a leader that never counts a quorum of ACKs, a follower that never acks or never applies a COMMIT
 * passed every check. The workload creates a fresh `/tail<round>` once a second after the heal, at a rotating server,
 * for the whole liveness bound; this asks that the established leader applied one and so did every server synced
 * with it (a server `leader-established` exempts, locked out of the epoch, is not asked). Vacuous in a run whose client
 * plan has no tail create (a scenario with its own ops).
 */
export const tailWriteCommitted: LivenessPredicate<ZabNode> = {
  name: 'tail-write-committed',
  description: `after the heal, a client write (create ${TAIL_PREFIX}<n>, one a second) is committed: the established leader and every server synced with it applied one`,
  check(view: View<ZabNode>) {
    if (!plannedTail(view, 'create') || isQuorumLostToEpochWindow(view)) return null;
    const leader = establishedLeader(view);
    if (leader === null) return 'no established leader';
    if (!hasTail(view.node(leader).state!)) return `leader ${leader} applied no tail write`;
    for (const n of view.nodes) {
      const s = n.state;
      if (s === undefined || s.role.type !== 'learner') continue;
      const r = s.role as LearnerRole;
      if (r.leader === leader && r.step === 'uptodate' && !hasTail(s)) return `${n.id} (synced with ${leader}) applied no tail write`;
    }
    return null;
  },
};

/**
 * The read half: `tail-write-committed` looks at trees, not at what a client reads, so a sync-get that is never answered
 * (a SYNC the leader drops, a learner that never matches the reply to its request) or answered from before the commit
 * passed it. The workload sync-gets each `/tail<n>` 500 ms after creating it, at the next server; this asks that one
 * such sync-get returned OK with the value its create wrote, as the client history records it (whether every answer is
 * right is the linearizability check's business). Same bound; vacuous in a run whose plan has no tail sync-get.
 */
export const tailReadReturned: LivenessPredicate<ZabNode> = {
  name: 'tail-read-returned',
  description: `after the heal, a client sync-get of a ${TAIL_PREFIX}<n> (500 ms after its create) returns the value the create wrote`,
  check(view: View<ZabNode>) {
    if (!plannedTail(view, 'sync-get') || isQuorumLostToEpochWindow(view)) return null;
    return isTailReadReturned(view, null) ? null : `no sync-get of a ${TAIL_PREFIX}<n> returned its created value`;
  },
};

/** Whether a tail sync-get issued at a server other than `except` (any server when null) returned OK with the value its create wrote. */
function isTailReadReturned(view: View<ZabNode>, except: string | null): boolean {
  const written = tailPlanOf(view).written;
  for (const h of clientHistory(view)) {
    if (h.outcome !== 'ok' || h.op.type !== 'sync-get' || !isTailPath(h.op['path']) || h.node === except) continue;
    const r = h.result as ZabResult;
    if (r.ok && r.value !== undefined && r.value !== null && r.value === written.get((h.op as ZabOp).path)) return true;
  }
  return false;
}

/**
 * The follower half of the read: a sync-get at the leader is answered locally, one at a follower goes as SYNC to the
 * leader and comes back (FollowerZooKeeperServer.sync, pendingSyncs; Learner.processPacket case Leader.SYNC). A learner
 * that drops the leader's SYNC answer, or a leader that never answers a learner's SYNC, passed `tail-read-returned` as
 * soon as one tail sync-get landed on the leader. The tail sync-gets rotate over every server, so within the bound
 * several land on followers: this asks that one issued at a server other than the established leader returned its
 * created value. Same bound; vacuous in a run whose plan has no tail sync-get.
 */
export const tailFollowerSyncReturned: LivenessPredicate<ZabNode> = {
  name: 'tail-follower-sync-returned',
  description: `after the heal, a client sync-get of a ${TAIL_PREFIX}<n> issued at a follower (SYNC through the leader) returns the value the create wrote`,
  check(view: View<ZabNode>) {
    if (!plannedTail(view, 'sync-get') || isQuorumLostToEpochWindow(view)) return null;
    const leader = establishedLeader(view);
    if (leader === null) return 'no established leader';
    return isTailReadReturned(view, leader) ? null : `no sync-get of a ${TAIL_PREFIX}<n> at a follower of ${leader} returned its created value`;
  },
};

// disk-bootable's excuse for ZooKeeper 3.8's epoch crash window (the permitted anomaly epoch-crash-window-unbootable):
// history of an epoch newer than the currentEpoch file, with no currentEpoch.tmp, is 3.8's own state only while it was
// written by a sync of this server that was taking that epoch (Learner.syncWithLeader: the NEWLEADER snapshot and txns,
// or the model's SNAP snapshot, README row 45) and that has not yet got its currentEpoch onto disk: the sync in
// progress, or one a crash (or a lost leader) interrupted. Any other way to that disk (history newer than the epoch the
// sync was taking, a server that was never in such a sync, a broadcast txn logged after the epoch was taken) is not
// excused. The memory is kept here, per view and server (read-only: it watches states), as the invariant runs.
// With option isUpdatingEpochMarked (3.4.6's ZOOKEEPER-1653 fix) there is no such window: Learner.syncWithLeader
// creates the updatingEpoch marker before it takes the NEWLEADER snapshot and deletes it only after setCurrentEpoch,
// and loadDataBase takes the last zxid's epoch when it finds the marker; so the excuse is void then, and a sync that
// took the epoch without the marker (mutant learner-sync.ts:89 isMarkerOn -> false) fails disk-bootable.
import type { NodeView, View } from '../../sim/index.ts';
import { NodeMemory, runOptions } from '../../sim/index.ts';
import type { ZabOptions } from './options.ts';
import type { LearnerRole, ZabNode } from './state.ts';

/**
 * Does this run's option turn 3.4.6's updatingEpoch marker on? The checks' reading: the option alone (a hand-built view
 * without options reads as off, 3.8's default), whatever bug flag the protocol side (persist.ts isMarkerOn) obeys.
 */
export const isMarkerOptionOn = (view: View<ZabNode>): boolean => runOptions<ZabOptions>(view)?.isUpdatingEpochMarked === true;

/** Per view and server, the epoch the server's latest sync was taking, until the currentEpoch file reaches it. */
const owners = new NodeMemory<number>();

/** The epoch this state's sync is taking (a learner past LEADERINFO whose new epoch is not yet its currentEpoch), else null. */
export function epochBeingTaken(s: ZabNode): number | null {
  if (s.bootError !== null || s.role.type !== 'learner') return null;
  const r = s.role as LearnerRole;
  return (r.step === 'sync' || r.step === 'newleader') && !r.isEpochTaken ? r.newEpoch : null;
}

/**
 * Observe server `n` (called at every judgement of disk-bootable, so a sync is seen before its writes complete) and
 * return the newest history epoch its disk may hold above the currentEpoch file (`cur`) without being a violation:
 * the epoch its latest sync was taking, kept across crashes until the file reaches it; null when none.
 */
export function excusedWindowEpoch(view: View<ZabNode>, n: NodeView<ZabNode>, cur: number | null): number | null {
  const taking = n.state === undefined ? null : epochBeingTaken(n.state);
  let owner = owners.get(view, n) ?? null;
  if (taking !== null) owner = taking;
  else if (owner !== null && cur !== null && cur >= owner) owner = null; // the epoch is taken on disk: that window closed
  if (owner === null) owners.delete(view, n);
  else owners.set(view, n, owner);
  // The marker closes the window (the memory is still kept, so a hand-built view without options judges as before).
  if (isMarkerOptionOn(view)) return null;
  return owner;
}

// The epoch-ack quorum of a new leader holds no learner ahead of it. ZooKeeper 3.8 Leader.waitForEpochAck: an ACKEPOCH
// whose (currentEpoch, lastZxid) is more recent than the leader's own summary throws "Follower is ahead of the leader"
// before the learner is added to electingFollowers, so such a learner never counts toward the quorum that lets the
// leader take its new epoch (the model drops it: anomaly follower-ahead-of-leader, leader.ts onAckEpoch).
import type { Invariant } from '../../sim/index.ts';
import { NodeMemory, nodeInvariant } from '../../sim/index.ts';
import type { LeaderRole, ZabNode } from './state.ts';

/** ss.isMoreRecentThan(leaderStateSummary): a newer currentEpoch, or the same one with a larger lastZxid. */
const isAheadOf = (ack: { currentEpoch: number; lastZxid: number }, s: ZabNode): boolean =>
  ack.currentEpoch > s.currentEpoch || (ack.currentEpoch === s.currentEpoch && ack.lastZxid > s.lastZxid);

/** Each view's (run's) last seen state per server, to tell which ACKEPOCHs the event just processed. */
const previous = new NodeMemory<ZabNode>();

/**
 * An ACKEPOCH this event processed while the leader still waited for its epoch-ack quorum (before the event
 * isCurrentEpochSet was false): a learner that had no ackEpoch in the leader's previous state and has one now. Such
 * an ack went through waitForEpochAck's comparison, so it must not be ahead of the leader's summary as it was before
 * the event (the leader's currentEpoch and lastZxid do not move during discovery). A learner acking after the quorum
 * is not compared, as in 3.8 (it is synced, behind the new epoch by construction).
 */
function aheadAck(before: ZabNode, s: ZabNode): string | null {
  if (s.role.type !== 'leader' || before.role.type !== 'leader') return null;
  const r = s.role as LeaderRole;
  const p = before.role as LeaderRole;
  if (p.epoch !== r.epoch || p.isCurrentEpochSet) return null;
  for (const [conn, l] of Object.entries(r.learners)) {
    const ack = l.ackEpoch;
    // Observers and learners that report no epoch (-1) are not compared (waitForEpochAck skips them too).
    if (ack === null || l.isObserver || ack.currentEpoch === -1) continue;
    const old = p.learners[Number(conn)];
    if (old !== undefined && old.ackEpoch !== null) continue; // acked before this event
    if (isAheadOf(ack, before)) {
      return `${s.id} (epoch ${r.epoch}) kept ${l.peer} after its ACKEPOCH (currentEpoch ${ack.currentEpoch}, lastZxid ${ack.lastZxid}), which is ahead of the leader's own (${before.currentEpoch}, ${before.lastZxid})`;
    }
  }
  return null;
}

export const epochAckersNotAhead: Invariant<ZabNode> = nodeInvariant<ZabNode>(
  'epoch-ackers-not-ahead',
  "a new leader waiting for its epoch-ack quorum drops a learner whose ACKEPOCH is ahead of its own (currentEpoch, lastZxid) (Leader.waitForEpochAck's \"Follower is ahead of the leader\")",
  // Per node: reads the node's state and its own memory of that node's previous one (nodeInvariant's visitAll).
  (view, n) => {
    const s = n.state;
    const before = previous.get(view, n);
    if (s === undefined) { previous.delete(view, n); return null; }
    previous.set(view, n, s);
    return before !== undefined && before !== s ? aheadAck(before, s) : null;
  },
  { visitAll: true },
);

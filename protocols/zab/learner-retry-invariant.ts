// A learner gives up on its elected leader before LEADERINFO only when connectToLeader's retry bound says so.
// ZooKeeper 3.8 Learner.LeaderConnector.connectToLeader: on a refused or failed connect it retries while
// `tries < 5` (here learnerConnectAttempts) and while more than the retry delay is left of tickTime·initLimit since the
// first attempt ("connectToLeader exceeded on retries"); only then does the exception end followLeader and the peer
// goes LOOKING. The model's rule is learner.ts onLeaderConnClosed (isRetried), which also covers a connection closed
// before LEADERINFO by a peer not yet leading.
import type { Invariant, NodeView, View } from '../../sim/index.ts';
import { nodeClockUs, nodeInvariant, previousInIncarnation, runOptions } from '../../sim/index.ts';
import type { LearnerRole, ZabNode } from './state.ts';
import type { ZabOptions } from './options.ts';
import { initLimitUs } from './options.ts';

/** Per run, each server's state at the previous check (same incarnation). */
const previousOf = previousInIncarnation<ZabNode>();

/** The learner has not taken a LEADERINFO yet (newEpoch is set when it does): connecting, or FOLLOWERINFO sent. */
const isBeforeLeaderInfo = (r: LearnerRole): boolean => r.newEpoch === -1;

/**
 * Per event, from each server's previous state (same incarnation): a learner before LEADERINFO that this event sent
 * LOOKING must have had no retry left: attempts ≥ learnerConnectAttempts, or at most learnerConnectRetryUs left of
 * initLimit since its first attempt, on its own clock at this event (the same clock reading the handler used, so no
 * slack). The one other way back to LOOKING at this point is a LEADERINFO whose epoch is below the learner's accepted
 * epoch (learner.ts onLeaderInfo): that event records refusedLeader, and is not held to the bound. A read timeout before
 * LEADERINFO needs initLimit of silence since the connect, so it is within the bound already.
 */
export const learnerRetriesConnect: Invariant<ZabNode> = nodeInvariant<ZabNode>(
  'learner-retries-connect',
  'a learner that has not had LEADERINFO goes back to LOOKING only once connectToLeader has no retry left (attempts used up, or no more than the retry delay left of initLimit since its first attempt)',
  // Per node: reads the node's state and, at a change of it, the node's clock (nodeInvariant's visitAll).
  (view: View<ZabNode>, n: NodeView<ZabNode>) => {
    const o = runOptions<ZabOptions>(view);
    if (o === undefined) return null;
    const s = n.state;
    const prev = previousOf(view, n, s);
    if (s === undefined || prev === undefined) return null;
    const r = prev.role;
    if (r.type !== 'learner' || !isBeforeLeaderInfo(r) || s.state !== 'LOOKING' || s.refusedLeader !== prev.refusedLeader) return null;
    const usedUs = nodeClockUs(view, n) - r.connectStartUs;
    const leftUs = initLimitUs(o) - usedUs;
    if (r.attempts < o.learnerConnectAttempts && leftUs > o.learnerConnectRetryUs) {
      return `${n.id} gave up on leader ${r.leader} after ${r.attempts} of ${o.learnerConnectAttempts} connect attempts with ${leftUs}us of initLimit left (retry delay ${o.learnerConnectRetryUs}us)`;
    }
    return null;
  },
  { visitAll: true },
);

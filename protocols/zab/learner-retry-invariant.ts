// A learner gives up on its elected leader before LEADERINFO only when connectToLeader's retry bound says so.
// ZooKeeper 3.8 Learner.LeaderConnector.connectToLeader: on a refused or failed connect it retries while
// `tries < 5` (here learnerConnectAttempts) and while more than the retry delay is left of tickTime·initLimit since the
// first attempt ("connectToLeader exceeded on retries"); only then does the exception end followLeader and the peer
// goes LOOKING. The model's rule is learner.ts onLeaderConnClosed (isRetried), which also covers a connection closed
// before LEADERINFO by a peer not yet leading.
import type { Invariant, View } from '../../sim/index.ts';
import { nodeClockUs, previousInIncarnation, runOptions } from '../../sim/index.ts';
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
export const learnerRetriesConnect: Invariant<ZabNode> = {
  name: 'learner-retries-connect',
  description: 'a learner that has not had LEADERINFO goes back to LOOKING only once connectToLeader has no retry left (attempts used up, or no more than the retry delay left of initLimit since its first attempt)',
  // Reads node states and, at a state change, the node's clock; an event that changed no state cannot change it.
  scope: 'states',
  check(view: View<ZabNode>) {
    const o = runOptions<ZabOptions>(view);
    if (o === undefined) return null;
    let verdict: string | null = null;
    for (const n of view.nodes) {
      const s = n.state;
      const prev = previousOf(view, n, s);
      if (s === undefined || verdict !== null || prev === undefined) continue;
      const r = prev.role;
      if (r.type !== 'learner' || !isBeforeLeaderInfo(r) || s.state !== 'LOOKING' || s.refusedLeader !== prev.refusedLeader) continue;
      const usedUs = nodeClockUs(view, n) - r.connectStartUs;
      const leftUs = initLimitUs(o) - usedUs;
      if (r.attempts < o.learnerConnectAttempts && leftUs > o.learnerConnectRetryUs) {
        verdict = `${n.id} gave up on leader ${r.leader} after ${r.attempts} of ${o.learnerConnectAttempts} connect attempts with ${leftUs}us of initLimit left (retry delay ${o.learnerConnectRetryUs}us)`;
      }
    }
    return verdict;
  },
};

// A same-round FOLLOWING/LEADING notification is counted in recvset, not only kept in outofelection.
// FastLeaderElection.lookForLeader (3.8), case FOLLOWING/LEADING:
//   if (n.electionEpoch == logicalclock.get()) { recvset.put(n.sid, new Vote(...)); ... hasAllQuorums ... return }
//   outofelection.put(n.sid, new Vote(...)); ...
// so every vote put into outofelection whose round is the server's own round was put into recvset first, equal to it.
import type { Invariant, NodeView, View } from '../../sim/index.ts';
import { nodeInvariant, previousInIncarnation } from '../../sim/index.ts';
import type { Vote, ZabNode } from './state.ts';

const sameVote = (a: Vote | undefined, b: Vote): boolean =>
  a !== undefined && a.leader === b.leader && a.zxid === b.zxid && a.electionEpoch === b.electionEpoch && a.peerEpoch === b.peerEpoch && a.state === b.state;

/** Per run, each server's previous state while LOOKING in an election (same incarnation); forgotten when it is not. */
const previousLookingOf = previousInIncarnation<ZabNode>();

/**
 * Per event, from the server's previous state: an outofelection entry this event wrote (a new entry object) in the
 * same lookForLeader run (same incarnation and gen) and the same round (logicalclock unchanged) with that round's
 * electionEpoch must be in recvset with the same vote. One event processes one notification (node.ts onMessage), so
 * nothing else can overwrite recvset[sid] after the put within the event. A notification that ends the election
 * (decide) leaves election null: not checked (recvset is gone with it). Without this check, dropping the recvset put
 * (the ninth session's survivor election.ts `recvset` → "") passed every clean campaign: the server joined only
 * through outofelection or a later round, later than 3.8 would.
 */
export const electionCountsSameRound: Invariant<ZabNode> = nodeInvariant<ZabNode>(
  'election-counts-same-round',
  'a LOOKING server that keeps a FOLLOWING/LEADING vote of its own round in outofelection has put the same vote in recvset (lookForLeader counts it toward the quorum first)',
  // Per node: reads the node's state, with its memory of that server's previous election (nodeInvariant's visitAll).
  (view: View<ZabNode>, n: NodeView<ZabNode>) => {
    const s = n.state;
    const isLooking = s !== undefined && s.state === 'LOOKING' && s.election !== null;
    const prev = previousLookingOf(view, n, isLooking ? s : undefined);
    if (!isLooking || prev === undefined) return null;
    const e = s.election;
    const before = prev.election!.outofelection;
    if (before === e.outofelection || prev.gen !== s.gen || prev.logicalclock !== s.logicalclock) return null;
    for (const [sid, v] of Object.entries(e.outofelection)) {
      if (before[sid] === v || v.electionEpoch !== s.logicalclock) continue;
      if (!sameVote(e.recvset[sid], v)) return `${n.id} in round ${s.logicalclock} kept ${sid}'s ${v.state} vote for n${v.leader} in outofelection but not in recvset`;
    }
    return null;
  },
  { visitAll: true },
);

// A same-round FOLLOWING/LEADING notification is counted in recvset, not only kept in outofelection.
// FastLeaderElection.lookForLeader (3.8), case FOLLOWING/LEADING:
//   if (n.electionEpoch == logicalclock.get()) { recvset.put(n.sid, new Vote(...)); ... hasAllQuorums ... return }
//   outofelection.put(n.sid, new Vote(...)); ...
// so every vote put into outofelection whose round is the server's own round was put into recvset first, equal to it.
import type { Invariant, View } from '../../sim/index.ts';
import { previousInIncarnation } from '../../sim/index.ts';
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
export const electionCountsSameRound: Invariant<ZabNode> = {
  name: 'election-counts-same-round',
  description: 'a LOOKING server that keeps a FOLLOWING/LEADING vote of its own round in outofelection has put the same vote in recvset (lookForLeader counts it toward the quorum first)',
  // Reads node states only, with its memory of each server's previous election: an event that changed none cannot change it.
  scope: 'states',
  check(view: View<ZabNode>) {
    let verdict: string | null = null;
    for (const n of view.nodes) {
      const s = n.state;
      const isLooking = s !== undefined && s.state === 'LOOKING' && s.election !== null;
      const prev = previousLookingOf(view, n, isLooking ? s : undefined);
      if (!isLooking || verdict !== null || prev === undefined) continue;
      const e = s.election;
      const before = prev.election!.outofelection;
      if (before === e.outofelection || prev.gen !== s.gen || prev.logicalclock !== s.logicalclock) continue;
      for (const [sid, v] of Object.entries(e.outofelection)) {
        if (before[sid] === v || v.electionEpoch !== s.logicalclock) continue;
        if (!sameVote(e.recvset[sid], v)) {
          verdict = `${n.id} in round ${s.logicalclock} kept ${sid}'s ${v.state} vote for n${v.leader} in outofelection but not in recvset`;
          break;
        }
      }
    }
    return verdict;
  },
};

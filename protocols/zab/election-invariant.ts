// The election invariants: within one round a LOOKING server's proposal only climbs the (peerEpoch, zxid, sid) order, and
// within one lookForLeader run its round never goes back and its recvset never loses a voter.
import type { Invariant, NodeView, View } from '../../sim/index.ts';
import { NodeMemory, nodeInvariant, previousInIncarnation } from '../../sim/index.ts';
import type { Vote, ZabNode } from './state.ts';
import { zxidStr } from './zxid.ts';

/** The correct total order (FastLeaderElection.totalOrderPredicate after ZOOKEEPER-1419): is a above b? */
const isAbove = (a: Vote, b: Vote): boolean =>
  a.peerEpoch > b.peerEpoch || (a.peerEpoch === b.peerEpoch && (a.zxid > b.zxid || (a.zxid === b.zxid && a.leader > b.leader)));

const show = (v: Vote): string => `(n${v.leader}, ${zxidStr(v.zxid)}, epoch ${v.peerEpoch})`;

/** A server's last proposal, with the run (gen) and round it was seen in; overwritten in place (an object per check was garbage). */
interface Seen { gen: number; clock: number; proposal: Vote }
const memories = new NodeMemory<Seen>();

/**
 * lookForLeader adopts a notification's vote only when it beats the current proposal, and a new round starts over from
 * the server's own vote. With a total order the proposals of one round therefore climb; a proposal that goes back down
 * means the order is not transitive, the votes of a round can cycle among LOOKING servers, and the election need not
 * settle (ZOOKEEPER-1419: "leader election never settles" in a 5-node cluster).
 */
export const electionOrderTotal: Invariant<ZabNode> = nodeInvariant<ZabNode>(
  'election-proposals-climb',
  'within one election round a LOOKING server never adopts a vote below its current proposal in the (peerEpoch, zxid, sid) order',
  // Per node: reads the node's state and its own memory of that node; re-checking an unchanged state changes nothing
  // (same proposal object), so scoped runs judge only the nodes an event changed.
  (view: View<ZabNode>, n: NodeView<ZabNode>) => {
    const s = n.state;
    if (s === undefined || s.election === null) { memories.delete(view, n); return null; }
    const p = s.election.proposal;
    const prev = memories.get(view, n);
    if (prev !== undefined && prev.gen === s.gen && prev.clock === s.logicalclock && prev.proposal !== p && isAbove(prev.proposal, p)) {
      return `${n.id} in round ${s.logicalclock} went from ${show(prev.proposal)} down to ${show(p)}`;
    }
    if (prev === undefined) memories.set(view, n, { gen: s.gen, clock: s.logicalclock, proposal: p });
    else { prev.gen = s.gen; prev.clock = s.logicalclock; prev.proposal = p; }
    return null;
  },
);

/** Per run, each server's previous state while LOOKING in an election (same incarnation); forgotten when it is not. */
const previousLookingOf = previousInIncarnation<ZabNode>();

/**
 * lookForLeader clears recvset only when a notification of a higher round arrives (logicalclock jumps up to it); within
 * a round a voter's entry is only ever replaced. Without this check the mutants of that test (`>` → `>=`: every
 * same-round notification wiped the votes already counted; `if (true)`: a notification of an older round set the clock
 * back and wiped them) passed every clean campaign: elections only settled later. Same `gen` = no new lookForLeader
 * (leaveRole bumps it), so a clock that falls while LOOKING is the slip, not FLE's adopting an ensemble's older round.
 */
export const electionRoundKeepsVotes: Invariant<ZabNode> = nodeInvariant<ZabNode>(
  'election-round-keeps-votes',
  'while a server stays LOOKING in one lookForLeader run, logicalclock never goes down and, within a round, recvset never loses a voter',
  // Per node: reads the node's state and its memory of that node's previous LOOKING state.
  (view: View<ZabNode>, n: NodeView<ZabNode>) => {
    const s = n.state;
    const isLooking = s !== undefined && s.state === 'LOOKING' && s.election !== null;
    const prev = previousLookingOf(view, n, isLooking ? s : undefined);
    if (!isLooking || prev === undefined) return null;
    const recvset = s.election.recvset;
    const before = prev.election!.recvset;
    if (prev.gen !== s.gen || before === recvset) return null;
    if (s.logicalclock < prev.logicalclock) return `${n.id} went from round ${prev.logicalclock} back to round ${s.logicalclock} while LOOKING`;
    if (s.logicalclock > prev.logicalclock) return null;
    const lost = Object.keys(before).filter((voter) => recvset[voter] === undefined);
    return lost.length > 0 ? `${n.id} in round ${s.logicalclock} dropped the vote(s) of ${lost.join(', ')} from recvset` : null;
  },
);

// The election invariant: within one round a LOOKING server's proposal only ever moves up the (peerEpoch, zxid, sid) order.
import type { Invariant, View } from '../../sim/index.ts';
import type { Vote, ZabNode } from './state.ts';
import { zxidStr } from './zxid.ts';

/** The correct total order (FastLeaderElection.totalOrderPredicate after ZOOKEEPER-1419): is a above b? */
const isAbove = (a: Vote, b: Vote): boolean =>
  a.peerEpoch > b.peerEpoch || (a.peerEpoch === b.peerEpoch && (a.zxid > b.zxid || (a.zxid === b.zxid && a.leader > b.leader)));

const show = (v: Vote): string => `(n${v.leader}, ${zxidStr(v.zxid)}, epoch ${v.peerEpoch})`;

interface Seen { readonly gen: number; readonly clock: number; readonly proposal: Vote }
const memories = new WeakMap<object, Map<string, Seen>>();

/**
 * lookForLeader adopts a notification's vote only when it beats the current proposal, and a new round starts over from
 * the server's own vote. With a total order the proposals of one round therefore climb; a proposal that goes back down
 * means the order is not transitive, the votes of a round can cycle among LOOKING servers, and the election need not
 * settle (ZOOKEEPER-1419: "leader election never settles" in a 5-node cluster).
 */
export const electionOrderTotal: Invariant<ZabNode> = {
  name: 'election-proposals-climb',
  description: 'within one election round a LOOKING server never adopts a vote below its current proposal in the (peerEpoch, zxid, sid) order',
  // Reads node states only, and re-checking unchanged states changes nothing (same proposal object): skippable.
  scope: 'states',
  check(view: View<ZabNode>) {
    let m = memories.get(view);
    if (m === undefined) { m = new Map(); memories.set(view, m); }
    for (const n of view.nodes) {
      const s = n.state;
      if (s === undefined || s.election === null) { m.delete(n.id); continue; }
      const p = s.election.proposal;
      const prev = m.get(n.id);
      if (prev !== undefined && prev.gen === s.gen && prev.clock === s.logicalclock && prev.proposal !== p && isAbove(prev.proposal, p)) {
        return `${n.id} in round ${s.logicalclock} went from ${show(prev.proposal)} down to ${show(p)}`;
      }
      m.set(n.id, { gen: s.gen, clock: s.logicalclock, proposal: p });
    }
    return null;
  },
};

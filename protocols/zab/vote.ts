// FLE vote algebra: totalOrderPredicate, Vote.equals, termPredicate (quorum of equal votes) and checkLeader.
import type { Vote } from './state.ts';
import type { ZabOptions } from './options.ts';
import { isQuorum, isObserverId, idOfSid } from './options.ts';

/** Does the new vote (id, zxid, epoch) beat the current one? Observers (weight 0) never win. */
export function totalOrderPredicate(
  o: ZabOptions, newId: number, newZxid: number, newEpoch: number, curId: number, curZxid: number, curEpoch: number, isBuggy: boolean,
): boolean {
  if (newId < 1 || newId > o.serverCount || isObserverId(o, idOfSid(newId))) return false;
  if (isBuggy) {
    // ZOOKEEPER-1419: the sid clause forgot the epoch.
    return newEpoch > curEpoch || (newEpoch === curEpoch && newZxid > curZxid) || (newZxid === curZxid && newId > curId);
  }
  return newEpoch > curEpoch || (newEpoch === curEpoch && (newZxid > curZxid || (newZxid === curZxid && newId > curId)));
}

/** Vote.equals: full comparison when either side is LOOKING, else only leader and peerEpoch (ZOOKEEPER-1732). */
export function voteEquals(a: Vote, b: Vote, isFullCompare: boolean): boolean {
  if (isFullCompare || a.state === 'LOOKING' || b.state === 'LOOKING') {
    return a.leader === b.leader && a.zxid === b.zxid && a.electionEpoch === b.electionEpoch && a.peerEpoch === b.peerEpoch;
  }
  return a.leader === b.leader && a.peerEpoch === b.peerEpoch;
}

/** termPredicate: do the votes equal to `target` come from a quorum of participants? */
export function termPredicate(o: ZabOptions, votes: Readonly<Record<string, Vote>>, target: Vote, isFullCompare = false): boolean {
  // No sort: a quorum is a count of distinct ids, whatever their order.
  const agreeing: string[] = [];
  for (const id in votes) if (voteEquals(votes[id]!, target, isFullCompare)) agreeing.push(id);
  return isQuorum(o, agreeing);
}

/** checkLeader: another leader must itself have said LEADING; self as leader needs the current round. */
export function checkLeader(votes: Readonly<Record<string, Vote>>, leader: number, electionEpoch: number, selfSid: number, logicalclock: number): boolean {
  if (leader !== selfSid) {
    const v = votes[idOfSid(leader)];
    return v !== undefined && v.state === 'LEADING';
  }
  return logicalclock === electionEpoch;
}

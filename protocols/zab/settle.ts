// Hand-written settles (sim/copy-on-write.ts settleCopy, specialised) for the objects a zab event copies most: the
// role, the election connection state and the election. settleCopy walks any object with for-in and keyed reads,
// which V8 runs megamorphic; these name each field, so the "did the copy end up equal?" check is a row of identity
// comparisons. Same contract as settleCopy: a copy not made by this handler is returned as it is; fields holding
// objects are settled first (a copy equal to its original becomes the original); the result is the original when
// every field is identical. A field left out fails test/protocols/zab/settle-root.test.ts.
import { isOwned, settleCopy } from '../../sim/index.ts';
import type { Mut } from './env.ts';
import { connsOf } from './learner-conns.ts';
import { settleKeys } from './keyed.ts';
import type { Cnx, Election, LeaderRole, LearnerHandle, LearnerRole, Role } from './state.ts';

/** The settled role: leader and learner roles field by field, anything else (a role that changed kind) generically. */
export function settleRole(b: Role, x: Role): Role {
  if (x === b || !isOwned(x)) return x;
  if (x.type === 'leader' && b.type === 'leader') return settleLeader(b, x as Mut<LeaderRole>);
  if (x.type === 'learner' && b.type === 'learner') return settleLearner(b, x as Mut<LearnerRole>);
  return settleCopy(b, x) as Role;
}

function settleLeader(b: LeaderRole, x: Mut<LeaderRole>): LeaderRole {
  if (x.learners !== b.learners) x.learners = settleLearners(b.learners, x.learners);
  if (x.epochAckers !== b.epochAckers) x.epochAckers = settleCopy(b.epochAckers, x.epochAckers) as LeaderRole['epochAckers'];
  if (x.newLeaderAckers !== b.newLeaderAckers) x.newLeaderAckers = settleCopy(b.newLeaderAckers, x.newLeaderAckers) as LeaderRole['newLeaderAckers'];
  if (x.acks !== b.acks) x.acks = settleKeys(b.acks, x.acks, x, 'acks');
  if (x.pendingSyncs !== b.pendingSyncs) x.pendingSyncs = settleCopy(b.pendingSyncs, x.pendingSyncs) as LeaderRole['pendingSyncs'];
  if (x.preparedTree !== b.preparedTree) x.preparedTree = settleCopy(b.preparedTree, x.preparedTree) as LeaderRole['preparedTree'];
  const isSame = x.type === b.type && x.epoch === b.epoch && x.isEpochDecided === b.isEpochDecided && x.isEpochAccepted === b.isEpochAccepted &&
    x.isCurrentEpochSet === b.isCurrentEpochSet && x.isEstablished === b.isEstablished && x.learners === b.learners &&
    x.epochAckers === b.epochAckers && x.newLeaderAckers === b.newLeaderAckers && x.acks === b.acks && x.pingRound === b.pingRound &&
    x.pendingSyncs === b.pendingSyncs && x.counter === b.counter && x.preparedTree === b.preparedTree && x.phaseStartUs === b.phaseStartUs;
  return isSame ? b : x;
}

type Learners = LeaderRole['learners'];

/**
 * settleCopy for the leader's learner handles (copied at every ACK and ping reply, with the handle): settleCopy's walk of
 * the record, the handles settled field by field. The keys come from connsOf (learner-conns.ts), which answers the copy
 * an ACK made from its original's list instead of a for-in over holey elements sized by the largest connection id;
 * b's keys are counted only when every handle of the copy is b's own.
 */
function settleLearners(b: Learners, x: Learners): Learners {
  if (!isOwned(x)) return x;
  const o = x as Record<number, LearnerHandle>;
  const conns = connsOf(x);
  let isSame = true;
  for (let i = 0; i < conns.length; i++) {
    const k = conns[i]!;
    const v = o[k]!;
    const bv = b[k];
    // Handles are objects: a key missing from b reads undefined, never identical to one.
    if (v === bv) continue;
    const r = bv === undefined ? v : settleHandle(bv, v);
    if (r !== v) o[k] = r;
    if (r !== bv) isSame = false;
  }
  if (!isSame) return x;
  let count = conns.length;
  for (const _ in b) if (--count < 0) break;
  return count === 0 ? b : x;
}

function settleHandle(b: LearnerHandle, x: LearnerHandle): LearnerHandle {
  if (!isOwned(x)) return x;
  const w = x as Mut<LearnerHandle>;
  if (w.ackEpoch !== b.ackEpoch) w.ackEpoch = settleCopy(b.ackEpoch, w.ackEpoch) as LearnerHandle['ackEpoch'];
  const isSame = w.peer === b.peer && w.isObserver === b.isObserver && w.acceptedEpoch === b.acceptedEpoch && w.hasInfo === b.hasInfo &&
    w.hasLeaderInfo === b.hasLeaderInfo && w.ackEpoch === b.ackEpoch && w.isSynced === b.isSynced && w.hasAckedNewLeader === b.hasAckedNewLeader &&
    w.lastAckUs === b.lastAckUs && w.pingRound === b.pingRound;
  return isSame ? b : w;
}

function settleLearner(b: LearnerRole, x: Mut<LearnerRole>): LearnerRole {
  if (x.buffered !== b.buffered) x.buffered = settleCopy(b.buffered, x.buffered) as LearnerRole['buffered'];
  if (x.committedZxids !== b.committedZxids) x.committedZxids = settleCopy(b.committedZxids, x.committedZxids) as LearnerRole['committedZxids'];
  if (x.pendingSyncs !== b.pendingSyncs) x.pendingSyncs = settleCopy(b.pendingSyncs, x.pendingSyncs) as LearnerRole['pendingSyncs'];
  const isSame = x.type === b.type && x.leader === b.leader && x.connId === b.connId && x.attempts === b.attempts && x.newEpoch === b.newEpoch &&
    x.step === b.step && x.syncMode === b.syncMode && x.buffered === b.buffered && x.committedZxids === b.committedZxids &&
    x.lastHeardUs === b.lastHeardUs && x.timeoutTimer === b.timeoutTimer && x.connectStartUs === b.connectStartUs &&
    x.isEpochTaken === b.isEpochTaken && x.pendingSyncs === b.pendingSyncs;
  return isSame ? b : x;
}

export function settleCnx(b: Cnx, x: Cnx): Cnx {
  if (x === b || !isOwned(x)) return x;
  const w = x as Mut<Cnx>;
  if (w.conns !== b.conns) w.conns = settleKeys(b.conns, w.conns, w, 'conns');
  if (w.dialing !== b.dialing) w.dialing = settleKeys(b.dialing, w.dialing, w, 'dialing');
  if (w.queued !== b.queued) w.queued = settleKeys(b.queued, w.queued, w, 'queued');
  if (w.lastSent !== b.lastSent) w.lastSent = settleKeys(b.lastSent, w.lastSent, w, 'lastSent');
  if (w.busy !== b.busy) w.busy = settleKeys(b.busy, w.busy, w, 'busy');
  if (w.unknown !== b.unknown) w.unknown = settleKeys(b.unknown, w.unknown, w, 'unknown');
  if (w.foreign !== b.foreign) w.foreign = settleKeys(b.foreign, w.foreign, w, 'foreign');
  if (w.scans !== b.scans) w.scans = settleKeys(b.scans, w.scans, w, 'scans');
  const isSame = w.conns === b.conns && w.dialing === b.dialing && w.queued === b.queued && w.lastSent === b.lastSent && w.busy === b.busy &&
    w.unknown === b.unknown && w.foreign === b.foreign && w.badFrames === b.badFrames && w.scans === b.scans;
  return isSame ? b : w;
}

export function settleElection(b: Election | null, x: Election | null): Election | null {
  if (x === b || x === null || b === null || !isOwned(x)) return x;
  const w = x as Mut<Election>;
  if (w.proposal !== b.proposal) w.proposal = settleCopy(b.proposal, w.proposal) as Election['proposal'];
  if (w.recvset !== b.recvset) w.recvset = settleKeys(b.recvset, w.recvset, w, 'recvset');
  if (w.outofelection !== b.outofelection) w.outofelection = settleKeys(b.outofelection, w.outofelection, w, 'outofelection');
  const isSame = w.proposal === b.proposal && w.recvset === b.recvset && w.outofelection === b.outofelection &&
    w.notTimeoutUs === b.notTimeoutUs && w.lastPollUs === b.lastPollUs && w.isFinalizing === b.isFinalizing && w.finalizeSeq === b.finalizeSeq;
  return isSame ? b : w;
}

// FastLeaderElection.lookForLeader and WorkerReceiver: notifications, recvset/outofelection, finalizeWait, back-off.
import type { NodeId } from '../../sim/index.ts';
import type { D, Env, Mut } from './env.ts';
import { clearKeys, fresh, own, ownField, setKey } from './env.ts';
import type { Election, ZabNotification, Vote } from './state.ts';
import type { PeerState } from './messages.ts';
import { toSend } from './cnx.ts';
import { BUG, has } from './bugs.ts';
import type { ZabOptions } from './options.ts';
import { idOfSid, isObserverId, participantIds } from './options.ts';
import { NOTIFICATION_VERSION, configLength, notificationLength } from './frames.ts';
import { checkLeader, termPredicate, totalOrderPredicate } from './vote.ts';
import { becomeLeading } from './leader.ts';
import { becomeLearner } from './learner.ts';
import { leaveRole } from './role.ts';

type Note = Omit<ZabNotification, 'type'>;

// Written out field by field (creation order) rather than `{ ...x }`: V8 copies a literal of known shape ~3x faster.
const copyElection = (e: Election): Election => ({
  proposal: e.proposal, recvset: e.recvset, outofelection: e.outofelection, notTimeoutUs: e.notTimeoutUs, lastPollUs: e.lastPollUs,
  isFinalizing: e.isFinalizing, finalizeSeq: e.finalizeSeq,
});

/** The running election, writable (copied into the working state on first write); callers check it is not null. */
function ownElection(d: D): Mut<Election> {
  const e = own(d.election!, copyElection);
  d.election = e;
  return e;
}

/** getInitId / getInitLastLoggedZxid / getPeerEpoch: observers propose nobody. */
function initialVote(d: D): Vote {
  if (d.isObserver) return { leader: 0, zxid: -1, electionEpoch: d.logicalclock, peerEpoch: -1, state: 'LOOKING' };
  return { leader: d.sid, zxid: d.lastZxid, electionEpoch: d.logicalclock, peerEpoch: d.currentEpoch, state: 'LOOKING' };
}

const note = (o: ZabOptions, state: PeerState, v: Vote, electionEpoch: number): ZabNotification => ({
  type: 'notification', state, leader: v.leader, zxid: v.zxid, electionEpoch, peerEpoch: v.peerEpoch,
  version: NOTIFICATION_VERSION, configVersion: 0, configLength: configLength(o), len: notificationLength(o),
});

/** Leave whatever role we had and run lookForLeader from the top (logicalclock++, vote for ourselves). */
export function startLooking(d: D, env: Env, why: string): void {
  leaveRole(d, env, why);
  d.state = 'LOOKING';
  d.phase = 'ELECTION';
  d.logicalclock += 1;
  const e = fresh({
    proposal: initialVote(d), recvset: {}, outofelection: {}, notTimeoutUs: env.opts.finalizeWaitUs,
    lastPollUs: env.ctx.nowUs, isFinalizing: false, finalizeSeq: 0,
  });
  d.election = e;
  // New records, not copies of the last election's (keyed.ts settles them by walking).
  clearKeys(e, 'recvset');
  clearKeys(e, 'outofelection');
  env.ctx.log(`LOOKING (${why}), logicalclock ${d.logicalclock}`);
  sendNotifications(d, env);
  evaluate(d, env);
  env.ctx.setTimer('fle-poll', env.opts.finalizeWaitUs, { gen: d.gen });
}

function sendNotifications(d: D, env: Env): void {
  const e = d.election!;
  const n = note(env.opts, 'LOOKING', e.proposal, d.logicalclock);
  for (const peer of participantIds(env.opts)) if (peer !== d.id) toSend(d, env, peer, n);
  // Loopback: our own notification lands in our recvset (only voters count).
  if (!d.isObserver) setKey(ownElection(d), 'recvset', d.id, { ...e.proposal, electionEpoch: d.logicalclock, state: 'LOOKING' });
}

/** termPredicate over recvset for our proposal: start finalizeWait when a quorum agrees. */
function evaluate(d: D, env: Env): void {
  const e = d.election;
  if (e === null || e.isFinalizing) return;
  const target: Vote = { ...e.proposal, electionEpoch: d.logicalclock, state: 'LOOKING' };
  if (!termPredicate(env.opts, e.recvset, target)) return;
  const w = ownElection(d);
  w.isFinalizing = true;
  w.finalizeSeq += 1;
  env.ctx.setTimer('fle-finalize', env.opts.finalizeWaitUs, { gen: d.gen, seq: w.finalizeSeq });
}

/** WorkerReceiver: every notification that arrives on an election connection. */
export function onNotification(d: D, env: Env, from: NodeId, n: Note): void {
  if (d.bootError !== null) return;
  // 3.8 WorkerReceiver: under 28 bytes → "short response", skipped; a version > 1 carries the sender's config, and a
  // config length < 0 or beyond the frame is malformed, skipped. A config version newer than ours would go to
  // processReconfig while LOOKING: reconfig is not modelled, every server has zoo.cfg's static config (version 0).
  if (n.len < 28 || (n.version > 1 && (n.configLength < 0 || n.configLength > n.len))) return;
  const selfVote = d.state === 'LOOKING' && d.election !== null ? d.election.proposal : d.currentVote;
  const replyEpoch = d.state === 'LOOKING' || has(env.bugs, BUG.outOfElectionFullVote) ? d.logicalclock : d.currentVote.electionEpoch;
  if (isObserverId(env.opts, from)) {
    // Observers do not vote: answer them right away with what we believe.
    toSend(d, env, from, note(env.opts, d.state, selfVote, replyEpoch));
    return;
  }
  if (d.state === 'LOOKING') {
    if (n.state === 'LOOKING' && n.electionEpoch < d.logicalclock) toSend(d, env, from, note(env.opts, 'LOOKING', selfVote, d.logicalclock));
    process(d, env, from, { type: 'notification', ...n });
  } else if (n.state === 'LOOKING') {
    toSend(d, env, from, note(env.opts, d.state, d.currentVote, replyEpoch));
  }
}

/**
 * Does notification `n`'s vote beat `p` (totalOrderPredicate)? At module level, not a closure in process(): the tsx
 * runner (keepNames) names every closure it creates, at a cost on each call.
 */
const beats = (env: Env, n: ZabNotification, p: Vote, isBuggy: boolean): boolean =>
  totalOrderPredicate(env.opts, n.leader, n.zxid, n.peerEpoch, p.leader, p.zxid, p.peerEpoch, isBuggy);

/** One turn of lookForLeader's loop for notification `n` from `from`. */
function process(d: D, env: Env, from: NodeId, n: ZabNotification): void {
  if (d.election === null || d.state !== 'LOOKING') return;
  const e = ownElection(d);
  const isBuggy = has(env.bugs, BUG.predicateNotTotal);
  e.lastPollUs = env.ctx.nowUs;
  if (e.isFinalizing) {
    // Draining recvqueue for finalizeWait: only a better vote matters; it is processed as usual.
    if (!beats(env, n, e.proposal, isBuggy)) return;
    e.isFinalizing = false;
  }
  switch (n.state) {
    case 'LOOKING': {
      if (n.electionEpoch > d.logicalclock) {
        d.logicalclock = n.electionEpoch;
        clearKeys(e, 'recvset');
        const init = initialVote(d);
        const theirs: Vote = { leader: n.leader, zxid: n.zxid, electionEpoch: d.logicalclock, peerEpoch: n.peerEpoch, state: 'LOOKING' };
        e.proposal = beats(env, n, init, isBuggy) ? theirs : { ...init, electionEpoch: d.logicalclock };
        sendNotifications(d, env);
      } else if (n.electionEpoch < d.logicalclock) {
        return;
      } else if (beats(env, n, e.proposal, isBuggy)) {
        e.proposal = { leader: n.leader, zxid: n.zxid, electionEpoch: d.logicalclock, peerEpoch: n.peerEpoch, state: 'LOOKING' };
        sendNotifications(d, env);
      }
      setKey(e, 'recvset', from, { leader: n.leader, zxid: n.zxid, electionEpoch: n.electionEpoch, peerEpoch: n.peerEpoch, state: 'LOOKING' });
      evaluate(d, env);
      return;
    }
    case 'OBSERVING':
      return;
    case 'FOLLOWING': case 'LEADING':
      receivedFollowingNotification(d, env, from, n);
      return;
    default:
      return;
  }
}

function receivedFollowingNotification(d: D, env: Env, from: NodeId, n: ZabNotification): void {
  const e = ownElection(d);
  const v: Vote = { leader: n.leader, zxid: n.zxid, electionEpoch: n.electionEpoch, peerEpoch: n.peerEpoch, state: n.state };
  if (n.electionEpoch === d.logicalclock) {
    setKey(e, 'recvset', from, v);
    if (termPredicate(env.opts, e.recvset, v) && checkLeader(e.recvset, n.leader, n.electionEpoch, d.sid, d.logicalclock)) {
      decide(d, env, v);
      return;
    }
  }
  setKey(e, 'outofelection', from, v);
  const isFull = has(env.bugs, BUG.outOfElectionFullVote);
  if (termPredicate(env.opts, e.outofelection, v, isFull) && checkLeader(e.outofelection, n.leader, n.electionEpoch, d.sid, d.logicalclock)) {
    // Join an established ensemble, adopting its round (ZOOKEEPER-1732/1805); the buggy variant keeps its own clock.
    if (!isFull) d.logicalclock = n.electionEpoch;
    decide(d, env, v);
  }
}

function decide(d: D, env: Env, v: Vote): void {
  d.currentVote = { leader: v.leader, zxid: v.zxid, electionEpoch: v.electionEpoch, peerEpoch: v.peerEpoch, state: 'LOOKING' };
  d.election = null;
  env.ctx.log(`election over: leader n${v.leader} (zxid ${v.zxid}, round ${v.electionEpoch}, peerEpoch ${v.peerEpoch})`);
  if (v.leader === d.sid) becomeLeading(d, env);
  else becomeLearner(d, env, idOfSid(v.leader));
}

export function onPollTimer(d: D, env: Env): void {
  const e = d.election;
  if (e === null || d.state !== 'LOOKING') return;
  const dueUs = e.lastPollUs + e.notTimeoutUs;
  if (e.isFinalizing || env.ctx.nowUs < dueUs) {
    env.ctx.setTimer('fle-poll', Math.max(1, e.isFinalizing ? e.notTimeoutUs : dueUs - env.ctx.nowUs), { gen: d.gen });
    return;
  }
  // Nothing arrived for notTimeout: resend (and connect to whoever we are not connected to), then back off.
  const w = ownElection(d);
  w.notTimeoutUs = Math.min(w.notTimeoutUs * 2, env.opts.maxNotificationIntervalUs);
  w.lastPollUs = env.ctx.nowUs;
  sendNotifications(d, env);
  evaluate(d, env);
  if (d.election !== null) env.ctx.setTimer('fle-poll', d.election.notTimeoutUs, { gen: d.gen });
}

export function onFinalizeTimer(d: D, env: Env, seq: number): void {
  const e = d.election;
  if (e === null || !e.isFinalizing || e.finalizeSeq !== seq) return;
  decide(d, env, { ...e.proposal, electionEpoch: d.logicalclock });
}

/** updateElectionVote: after sync, advertise the new epoch so joiners see identical votes (skipped by ZOOKEEPER-1732). */
export function updateElectionVote(d: D, env: Env, epoch: number): void {
  if (has(env.bugs, BUG.outOfElectionFullVote)) return;
  ownField(d, 'currentVote').peerEpoch = epoch;
}

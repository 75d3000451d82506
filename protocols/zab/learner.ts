// Learner (follower/observer): connect to the elected leader, FOLLOWERINFO/LEADERINFO/ACKEPOCH, read timeouts, broadcast.
import type { ConnId, NodeId, ReqId } from '../../sim/index.ts';
import type { D, Env, Mut } from './env.ts';
import { deleteKey, dropKey, own, ownField } from './env.ts';
import { EMPTY_INDEXED } from './indexed.ts';
import type { LearnerRole } from './state.ts';
import type { WireEntry } from './zxid.ts';
import { chain, epochOf, zxidStr } from './zxid.ts';
import { BUG, has } from './bugs.ts';
import { initLimitUs, syncLimitUs } from './options.ts';
import { FILE, appendLog, writeEpoch } from './persist.ts';
import { applyTxn, readResult, resultOf } from './tree.ts';
import { startLooking } from './election.ts';

/** The learner role, writable (copied into the working state on first use), or null when not a learner. */
export function learnerRole(d: D): Mut<LearnerRole> | null {
  if (d.role.type !== 'learner') return null;
  const r = own(d.role, copyLearner);
  d.role = r;
  return r;
}

// Written out field by field (creation order) rather than `{ ...x }`: V8 copies a literal of known shape ~3x faster.
const copyLearner = (r: LearnerRole): LearnerRole => ({
  type: r.type, leader: r.leader, connId: r.connId, attempts: r.attempts, newEpoch: r.newEpoch, step: r.step, syncMode: r.syncMode,
  buffered: r.buffered, committedZxids: r.committedZxids, lastHeardUs: r.lastHeardUs, timeoutTimer: r.timeoutTimer,
  connectStartUs: r.connectStartUs, isEpochTaken: r.isEpochTaken, pendingSyncs: r.pendingSyncs,
});

/** The learner role to read only (no copy), or null. */
export const learnerRoleOf = (d: D): LearnerRole | null => (d.role.type === 'learner' ? d.role : null);

export function becomeLearner(d: D, env: Env, leader: NodeId): void {
  d.state = d.isObserver ? 'OBSERVING' : 'FOLLOWING';
  d.phase = 'DISCOVERY';
  d.gen += 1;
  // No read timeout while connecting: connectToLeader bounds the attempts itself (onLeaderConnClosed); the socket gets
  // its initLimit read timeout once connected (Learner.connectToLeader, then sock.setSoTimeout(tickTime * initLimit)).
  d.role = {
    type: 'learner', leader, connId: env.ctx.connect(leader), attempts: 1, newEpoch: -1, step: 'connecting', syncMode: 'none',
    buffered: [], committedZxids: [], lastHeardUs: env.ctx.nowUs, timeoutTimer: null, connectStartUs: env.ctx.nowUs,
    isEpochTaken: false, pendingSyncs: EMPTY_INDEXED,
  };
}

/** (Re)start the socket read timeout from now: initLimit once connected, syncLimit from the NEWLEADER ACK on. */
function restartReadTimeout(d: D, env: Env, limitUs: number): void {
  const r = learnerRole(d)!;
  if (r.timeoutTimer !== null) env.ctx.cancelTimer(r.timeoutTimer);
  r.lastHeardUs = env.ctx.nowUs;
  r.timeoutTimer = env.ctx.setTimer('learner-timeout', limitUs, { gen: d.gen });
}

/** Epochs as this server reports them; ZOOKEEPER-335 had only the last zxid. */
const reportedAcceptedEpoch = (d: D, env: Env): number => (has(env.bugs, BUG.epochFromZxid) ? epochOf(d.lastZxid) : d.acceptedEpoch);

export function onLeaderConnected(d: D, env: Env): void {
  const r = learnerRole(d)!;
  r.step = 'info';
  restartReadTimeout(d, env, initLimitUs(env.opts));
  env.ctx.send(r.connId!, { type: 'followerinfo', acceptedEpoch: reportedAcceptedEpoch(d, env), isObserver: d.isObserver });
}

export function onLeaderConnClosed(d: D, env: Env): void {
  const r = learnerRole(d)!;
  // Refused, or closed before LEADERINFO by a peer not yet leading (its acceptor was not open): retry, as connectToLeader
  // does — at most 5 tries, and only while more than the retry delay is left of tickTime·initLimit since the first try
  // ("connectToLeader exceeded", Learner.LeaderConnector.connectToLeader, 3.8).
  const remainingUs = initLimitUs(env.opts) - (env.ctx.nowUs - r.connectStartUs);
  const isRetried = r.attempts < env.opts.learnerConnectAttempts && remainingUs > env.opts.learnerConnectRetryUs;
  if ((r.step === 'connecting' || r.step === 'info') && isRetried) {
    r.connId = null;
    r.step = 'connecting';
    if (r.timeoutTimer !== null) env.ctx.cancelTimer(r.timeoutTimer);
    r.timeoutTimer = null;
    env.ctx.setTimer('learner-retry', env.opts.learnerConnectRetryUs, { gen: d.gen });
    return;
  }
  startLooking(d, env, `lost leader ${r.leader}`);
}

export function onRetryTimer(d: D, env: Env): void {
  const r = learnerRole(d);
  if (r === null || r.connId !== null) return;
  r.attempts += 1;
  r.connId = env.ctx.connect(r.leader);
}

/** Socket read timeout: initLimit until synced, then syncLimit. Lazily re-armed from the last packet heard. */
export function onLearnerTimer(d: D, env: Env): void {
  const r = learnerRole(d);
  if (r === null || r.step === 'connecting') return;
  const limitUs = r.step === 'uptodate' || r.step === 'acked' ? syncLimitUs(env.opts) : initLimitUs(env.opts);
  const dueUs = r.lastHeardUs + limitUs;
  if (env.ctx.nowUs >= dueUs) return startLooking(d, env, `no packet from leader ${r.leader} for ${limitUs}us`);
  r.timeoutTimer = env.ctx.setTimer('learner-timeout', dueUs - env.ctx.nowUs, { gen: d.gen });
}

/**
 * Learner.syncWithLeader, NEWLEADER: `sock.setSoTimeout(tickTime * syncLimit)`. The learner reads again once its ACK is
 * written, now with the shorter timeout: the pending initLimit timer is replaced, so a leader that stops right after the
 * sync is dropped syncLimit·tickTime later (FIDELITY Z1: before, the lazily re-armed initLimit timer fired first).
 */
export function shortenReadTimeout(d: D, env: Env): void {
  restartReadTimeout(d, env, syncLimitUs(env.opts));
}

export function onLeaderInfo(d: D, env: Env, epoch: number): void {
  const r = learnerRole(d)!;
  if (r.step !== 'info') return;
  const accepted = reportedAcceptedEpoch(d, env);
  if (epoch < accepted) {
    // Learner.registerWithLeader throws "Leaders epoch, e is less than accepted epoch" and the peer goes LOOKING; an
    // established leader keeps answering with its decided epoch (Leader.getEpochToPropose), so this server cannot
    // join until the ensemble elects again: a real 3.8 hazard, permitted (see the README, seed 1784).
    env.ctx.anomaly('accepted-epoch-ahead-of-leader', `${d.id} has acceptedEpoch ${accepted}, leader ${r.leader} offers epoch ${epoch}`);
    d.refusedLeader = { leader: r.leader, epoch };
    return startLooking(d, env, `leader epoch ${epoch} < acceptedEpoch ${accepted}`);
  }
  r.newEpoch = epoch;
  r.step = 'sync';
  d.phase = 'SYNCHRONIZATION';
  if (epoch === accepted) {
    env.ctx.send(r.connId!, { type: 'ackepoch', currentEpoch: -1, lastZxid: d.lastZxid });
    return;
  }
  if (has(env.bugs, BUG.epochFromZxid)) return onAcceptedEpochDurable(d, env, epoch);
  writeEpoch(env, FILE.acceptedEpoch, epoch, { k: 'learner-accepted', gen: d.gen, epoch });
}

export function onAcceptedEpochDurable(d: D, env: Env, epoch: number): void {
  const r = learnerRole(d);
  if (r === null) return;
  d.acceptedEpoch = Math.max(d.acceptedEpoch, epoch);
  const current = has(env.bugs, BUG.epochFromZxid) ? epochOf(d.lastZxid) : d.currentEpoch;
  env.ctx.send(r.connId!, { type: 'ackepoch', currentEpoch: current, lastZxid: d.lastZxid });
}

/** Broadcast phase PROPOSAL: log, fsync, then ACK (a gap only earns a warning, as in Follower.java). */
export function onProposal(d: D, env: Env, w: WireEntry): void {
  const r = learnerRole(d)!;
  if (r.step !== 'uptodate') { ownField(r, 'buffered').push(w); return; }
  const last = d.history[d.history.length - 1];
  if (last !== undefined && w.zxid !== last.zxid + 1) env.ctx.log(`warning: proposal ${zxidStr(w.zxid)} after ${zxidStr(last.zxid)}`);
  const e = chain(last?.h ?? 0, w);
  ownField(d, 'history').push(e);
  d.lastZxid = Math.max(d.lastZxid, w.zxid);
  const isAcked = has(env.bugs, BUG.ackBeforeFsync);
  if (isAcked) env.ctx.send(r.connId!, { type: 'ack', zxid: w.zxid });
  appendLog(env, [e], { k: 'learner-logged', gen: d.gen, zxid: w.zxid, h: e.h, isAcked });
}

export function onLearnerLogged(d: D, env: Env, zxid: number, isAcked: boolean): void {
  const r = learnerRoleOf(d);
  if (r === null || r.step !== 'uptodate' || d.isObserver || isAcked) return;
  env.ctx.send(r.connId!, { type: 'ack', zxid });
}

/** Deliver the next txn if it is `zxid`; answer our client if it asked for it. */
export function deliverUpTo(d: D, env: Env, zxid: number): boolean {
  for (let guard = 0; guard < 100_000; guard++) {
    const e = d.history[d.committedCount];
    if (e === undefined || e.zxid > zxid) return true;
    d.committedCount += 1;
    d.tree = applyTxn(d.tree, e.txn);
    if (e.origin !== null && e.origin.sid === d.id && d.pendingClients[e.origin.reqId] !== undefined) {
      dropKey(d, 'pendingClients', e.origin.reqId, true);
      env.ctx.reply(e.origin.reqId as ReqId, resultOf(e.txn));
    }
    if (e.zxid === zxid) return true;
  }
  return false;
}

export function onCommit(d: D, env: Env, zxid: number): void {
  const r = learnerRole(d)!;
  if (r.step !== 'uptodate') return onSyncCommit(d, env, zxid);
  const next = d.history[d.committedCount];
  if (next === undefined) return; // FollowerZooKeeperServer.commit: no pending txn, "Committing … without seeing txn" (warn)
  if (next.zxid !== zxid) {
    // FollowerZooKeeperServer.commit: a zxid (older or newer) that is not the first pending txn →
    // ServiceUtils.requestSystemExit(UNMATCHED_TXN_COMMIT): the process exits, and its supervisor (if any) starts it
    // again from disk. Unreachable through faults here (FIDELITY P14: one FIFO connection, sync and forwarding queued
    // in one step); the anomaly counts it should it ever happen.
    env.ctx.anomaly('commit-out-of-order', `commit ${zxidStr(zxid)} but next pending is ${zxidStr(next.zxid)}`);
    const restart = env.opts.supervisorRestartUs;
    env.ctx.exit(`Committing zxid ${zxidStr(zxid)} but next pending txn ${zxidStr(next.zxid)} (UNMATCHED_TXN_COMMIT)`, restart > 0 ? restart : undefined);
    return;
  }
  deliverUpTo(d, env, zxid);
}

function onSyncCommit(d: D, env: Env, zxid: number): void {
  const r = learnerRole(d)!;
  if (r.step === 'sync' || r.buffered.some((b) => b.zxid === zxid)) { ownField(r, 'committedZxids').push(zxid); return; }
  // branch-3.8 ZOOKEEPER-4394: a COMMIT between NEWLEADER and UPTODATE for a proposal already logged at NEWLEADER
  // hits an empty packetsNotCommitted (NullPointerException): the follower drops back to LOOKING and resyncs.
  env.ctx.anomaly('zk-4394-commit-before-uptodate', `commit ${zxidStr(zxid)} between NEWLEADER and UPTODATE`);
  startLooking(d, env, 'NullPointerException on COMMIT before UPTODATE (ZOOKEEPER-4394)');
}

export function onInform(d: D, env: Env, w: WireEntry): void {
  const r = learnerRole(d)!;
  if (r.step !== 'uptodate') { ownField(r, 'buffered').push(w); ownField(r, 'committedZxids').push(w.zxid); return; }
  const e = chain(d.history[d.history.length - 1]?.h ?? 0, w);
  ownField(d, 'history').push(e);
  d.lastZxid = Math.max(d.lastZxid, w.zxid);
  appendLog(env, [e]);
  deliverUpTo(d, env, w.zxid);
}

export function onPing(d: D, env: Env, round: number): void {
  const r = learnerRole(d)!;
  env.ctx.send(r.connId!, { type: 'ping', round });
}

export function onSyncAnswer(d: D, env: Env, reqId: number): void {
  const r = learnerRole(d)!;
  const path = r.pendingSyncs[reqId];
  if (path === undefined) return;
  deleteKey(r, 'pendingSyncs', reqId, true);
  dropKey(d, 'pendingClients', reqId, true);
  env.ctx.reply(reqId as ReqId, readResult(d.tree, path));
}

export const isLeaderConn = (d: D, conn: ConnId): boolean => learnerRoleOf(d)?.connId === conn;

// The ZAB server actor: boot, then every input routed to election, leader or learner handlers on a copy-on-write state.
import type { Actor, ConnId, Input, NodeId } from '../../sim/index.ts';
import { unreachable } from '../../sim/index.ts';
import type { D, Env } from './env.ts';
import { beginHandler, finishHandler } from './env.ts';
import { copyIndexed } from './indexed.ts';
import type { ZabMsg } from './messages.ts';
import type { ZabOptions } from './options.ts';
import type { Role, ZabNode } from './state.ts';
import type { DiskTag } from './persist.ts';
import { bootNode } from './boot.ts';
import { dropCnx, holdsConn, isElectionConn, isPendingDial, setCnx, onCnxTimeout, onDialOpened, onElectionClosed, onHello, onSendGap } from './cnx.ts';
import { onFinalizeTimer, onNotification, onPollTimer, startLooking } from './election.ts';
import * as L from './leader.ts';
import * as LB from './leader-broadcast.ts';
import * as F from './learner.ts';
import * as FS from './learner-sync.ts';
import { onClient } from './clients.ts';
import { deferStart, handleNotStarted, isStartTimer } from './late-start.ts';
import { makeZxid } from './zxid.ts';
import { isBadFrameLength, onBadFrame } from './frames.ts';
import { SCAN_TIMER, armScanner, isScanConn, onScanOpened, onScanTimer } from './port-scanner.ts';

/** The first `count` history entries are on disk and fsynced (if the history still ends there with hash `h`). */
function markDurable(d: D, count: number, h: number): void {
  if (count > 0 && d.history[count - 1]?.h === h && count > d.durableCount) d.durableCount = count;
}

export const zabActor: Actor<ZabNode, ZabMsg, ZabOptions> = {
  boot(node, disk, ctx, opts, bugs) {
    const env: Env = { ctx, opts, bugs };
    const s = bootNode(node, disk, env);
    if (s.bootError !== null) return s;
    armScanner(node.id, ctx, opts);
    const deferred = deferStart(s, ctx, opts);
    if (deferred.startAtUs !== null) return deferred;
    const d = beginHandler(s);
    startLooking(d, env, 'start');
    return finishHandler(s, d);
  },
  handle(s, input, ctx, opts, bugs) {
    if (s.bootError !== null) {
      if (input.type === 'client') ctx.reply(input.reqId, { ok: false, err: 'not-serving' });
      return s;
    }
    const env: Env = { ctx, opts, bugs };
    if (s.startAtUs !== null) {
      if (!isStartTimer(input)) { handleNotStarted(input, ctx); return s; }
      const d = beginHandler(s);
      d.startAtUs = null; d.isStartedLate = true; startLooking(d, env, 'late start');
      return finishHandler(s, d);
    }
    if (isNoOp(s, input)) return s;
    return handleInput(s, env, input);
  },
};

/** An input to a running server, on a working copy of its state (copy-on-write by hand, env.ts: immer's proxies cost more than the handlers themselves). */
export function handleInput(s: ZabNode, env: Env, input: Input<ZabMsg>): ZabNode {
  const d = beginHandler(s);
  dispatch(d, env, input);
  return finishHandler(s, d);
}

/**
 * Inputs the handlers return from before reading or writing anything but these same fields: the state comes back
 * unchanged, so no working copy is made and settled for them. Untagged disk completions (log and snapshot writes
 * nobody waits on) are some 40 % of a zab run's handler calls, and stale timers and abandoned dials most of the rest
 * of those that change nothing, then conn-closed of connections nothing holds (~550 per 40 seeds). Each predicate is
 * the one its handler asks (onDiskDone, onTimer, onCnxTimeout, dispatch's conn-closed).
 */
export function isNoOp(s: ZabNode, input: Input<ZabMsg>): boolean {
  if (input.type === 'disk-done') return input.tag === undefined;
  // A connection no election map, learner role or leader's learner list holds (dispatch's three tests for conn-closed):
  // mostly the other end of a dial dropped as the smaller sid, or a connection a restart or role change forgot.
  if (input.type === 'conn-closed') return !holdsConn(s.cnx, input.connId, input.peer) && !isRoleConn(s.role, input.connId);
  // A timer without data goes the long way, to whatever onTimer does with it.
  if (input.type !== 'timer' || input.data === undefined) return false;
  const data = input.data as TimerData;
  if (input.name === 'cnx-timeout') return !isPendingDial(s.cnx, data.peer as NodeId, data.conn as ConnId);
  return isGenTimer(input.name) && data.gen !== s.gen;
}

/** Is `conn` the learner role's connection to its leader (F.isLeaderConn) or one of the leader's learners (L.onLearnerClosed)? */
const isRoleConn = (r: Role, conn: ConnId): boolean =>
  (r.type === 'learner' && r.connId === conn) || (r.type === 'leader' && r.learners[conn] !== undefined);

/** Timers that belong to one role generation (onTimer ignores them once the generation has moved on). */
const isGenTimer = (name: string): boolean => name !== 'cnx-send-gap' && name !== SCAN_TIMER && name !== 'cnx-timeout';

function dispatch(d: D, env: Env, input: Input<ZabMsg>): void {
  switch (input.type) {
    case 'message':
      if (input.connId !== null) onMessage(d, env, input.connId, input.from, input.msg);
      return;
    case 'conn-opened':
      if (!input.isInitiator) { setCnx(d, 'unknown', input.connId, input.peer, copyIndexed); return; }
      if (isScanConn(d, input.connId)) return onScanOpened(d, env, input.connId);
      if (d.cnx.dialing[input.peer] === input.connId) return onDialOpened(d, env, input.connId, input.peer);
      if (F.isLeaderConn(d, input.connId)) return F.onLeaderConnected(d, env);
      env.ctx.close(input.connId);
      return;
    case 'conn-closed':
      if (onElectionClosed(d, input.connId, input.peer)) return;
      if (F.isLeaderConn(d, input.connId)) return F.onLeaderConnClosed(d, env);
      L.onLearnerClosed(d, input.connId);
      return;
    case 'timer': return onTimer(d, env, input.name, input.data as TimerData);
    case 'disk-done': return onDiskDone(d, env, input.tag as DiskTag | undefined);
    case 'client': return onClient(d, env, input.reqId, input.op);
    default: return unreachable(input);
  }
}

interface TimerData { gen: number; seq?: number; half?: number; peer?: string; conn?: number }

function onTimer(d: D, env: Env, name: string, data: TimerData): void {
  if (name === 'cnx-send-gap') return onSendGap(d, env, data.peer as NodeId);
  if (name === SCAN_TIMER) return onScanTimer(d, env);
  if (name === 'cnx-timeout') return onCnxTimeout(d, env, data.peer as NodeId, data.conn as ConnId);
  if (isGenTimer(name) && data.gen !== d.gen) return;
  switch (name) {
    case 'fle-poll': return onPollTimer(d, env);
    case 'fle-finalize': return onFinalizeTimer(d, env, data.seq ?? -1);
    case 'lead-phase': return L.onPhaseTimer(d, env);
    case 'lead-ping': return LB.onPingTimer(d, env, data.half ?? 1);
    case 'learner-timeout': return F.onLearnerTimer(d, env);
    case 'learner-retry': return F.onRetryTimer(d, env);
    default: return;
  }
}

function onDiskDone(d: D, env: Env, tag: DiskTag | undefined): void {
  if (tag === undefined) return;
  // Durability is a fact about the disk, whatever role we play now.
  if (tag.k === 'leader-logged' || tag.k === 'learner-logged') markDurable(d, d.history.findIndex((e) => e.zxid === tag.zxid) + 1, tag.h);
  if (tag.k === 'learner-newleader') markDurable(d, tag.count, tag.h);
  L.checkNewLeaderQuorum(d, env);
  if (tag.gen !== d.gen) return;
  switch (tag.k) {
    case 'leader-accepted': return L.onAcceptedEpochDurable(d, env, tag.epoch);
    case 'leader-current': return L.onCurrentEpochDurable(d, env, tag.epoch);
    case 'leader-logged': return LB.onLeaderLogged(d, env, tag.zxid);
    case 'learner-accepted': return F.onAcceptedEpochDurable(d, env, tag.epoch);
    case 'learner-newleader': return FS.onNewLeaderDurable(d, env, tag.epoch);
    case 'learner-epoch-first': return FS.onEpochFirstDurable(d, env, tag.epoch);
    case 'learner-logged': return F.onLearnerLogged(d, env, tag.zxid, tag.isAcked);
    default: return unreachable(tag);
  }
}

function onMessage(d: D, env: Env, conn: ConnId, from: NodeId, m: ZabMsg): void {
  if (m.type === 'cnx-hello') return onHello(d, env, conn, from, m.sid);
  if (m.type === 'notification' || m.type === 'raw-frame') {
    // RecvWorker reads the length prefix first: a bad one closes the connection before anything is parsed.
    const isOurs = isElectionConn(d, conn, from) || d.cnx.foreign[conn] !== undefined;
    if (isOurs && isBadFrameLength(m.len)) return onBadFrame(d, env, conn, from, m.len);
    if (m.type === 'notification' && isElectionConn(d, conn, from)) onNotification(d, env, from, m);
    return;
  }
  if (m.type === 'followerinfo') {
    dropCnx(d, 'unknown', conn);
    if (L.leaderOf(d) === null) { env.ctx.close(conn); return; }
    return L.onFollowerInfo(d, env, conn, from, m.acceptedEpoch, m.isObserver);
  }
  const leader = L.leaderOf(d);
  if (leader !== null && leader.learners[conn] !== undefined) return onLearnerPacket(d, env, conn, m);
  if (F.isLeaderConn(d, conn)) return onLeaderPacket(d, env, m);
}

function onLearnerPacket(d: D, env: Env, conn: ConnId, m: ZabMsg): void {
  const r = L.leaderOf(d)!;
  switch (m.type) {
    case 'ackepoch': return L.onAckEpoch(d, env, conn, m.currentEpoch, m.lastZxid);
    case 'ack':
      if (m.zxid === makeZxid(r.epoch, 0)) return L.onNewLeaderAck(d, env, conn);
      return LB.onProposalAck(d, env, conn, m.zxid);
    case 'ping': return LB.onPingReply(d, env, conn, m.round);
    case 'request':
      if (r.isEstablished) LB.propose(d, env, m.op, { sid: r.learners[conn]!.peer, reqId: m.reqId });
      return;
    case 'sync': return LB.onSyncRequest(d, env, conn, m.reqId, '');
    default: return;
  }
}

function onLeaderPacket(d: D, env: Env, m: ZabMsg): void {
  const r = F.learnerRole(d)!;
  r.lastHeardUs = env.ctx.nowUs;
  switch (m.type) {
    case 'leaderinfo': return F.onLeaderInfo(d, env, m.epoch);
    case 'diff': return FS.onDiff(d, env, m.zxid);
    case 'trunc': return FS.onTrunc(d, env, m.zxid);
    case 'snap': return FS.onSnap(d, env, m.zxid, m.entries);
    case 'proposal': return F.onProposal(d, env, m.entry);
    case 'commit': return F.onCommit(d, env, m.zxid);
    case 'inform': return F.onInform(d, env, m.entry);
    case 'newleader': return FS.onNewLeader(d, env, m.zxid);
    case 'uptodate': return FS.onUpToDate(d, env, m.committedZxid);
    case 'ping': return F.onPing(d, env, m.round);
    case 'sync': return F.onSyncAnswer(d, env, m.reqId);
    default: return;
  }
}

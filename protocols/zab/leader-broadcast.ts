// Leader broadcast: PROPOSAL (own ACK after fsync), quorum ACKs → COMMIT / INFORM in zxid order, PINGs, SYNC barriers.
import type { ClientOp, ConnId, NodeId, ReqId } from '../../sim/index.ts';
import type { D, Env } from './env.ts';
import { dropKey, ownField, setKey } from './env.ts';
import { zxidKey } from './zxid-key.ts';
import type { LeaderRole } from './state.ts';
import type { Origin } from './zxid.ts';
import { COUNTER_MAX, chain, makeZxid, toWire } from './zxid.ts';
import { BUG, has } from './bugs.ts';
import { isQuorum, syncLimitUs } from './options.ts';
import { applyTxn, prepare, readResult, resultOf } from './tree.ts';
import { appendLog } from './persist.ts';
import { learnerOf, leaderOf, leaderRole } from './leader.ts';
import { startLooking } from './election.ts';
import { learnerConns } from './learner-conns.ts';

export function startPinging(d: D, env: Env): void {
  env.ctx.setTimer('lead-ping', env.opts.tickTimeUs / 2, { gen: d.gen, half: 1 });
}

function sendPings(d: D, env: Env): void {
  const r = leaderRole(d)!;
  r.pingRound += 1;
  for (const c of learnerConns(r)) {
    if (r.learners[c]!.hasAckedNewLeader) env.ctx.send(c as ConnId, { type: 'ping', round: r.pingRound });
  }
}

/** Every tickTime/2 ping; every tickTime require a quorum of learners heard from within syncLimit. */
export function onPingTimer(d: D, env: Env, half: number): void {
  const r = leaderRole(d);
  if (r === null || !r.isEstablished) return;
  if (half % 2 === 0) {
    // Ourselves and the participants heard from within syncLimit (a loop: no filtered, mapped and spread copies per tick).
    const synced: string[] = [d.id];
    const limitUs = syncLimitUs(env.opts);
    for (const c of learnerConns(r)) {
      const l = r.learners[c]!;
      if (!l.isObserver && l.hasAckedNewLeader && env.ctx.nowUs - l.lastAckUs <= limitUs) synced.push(l.peer);
    }
    if (!isQuorum(env.opts, synced)) return startLooking(d, env, 'not sufficient followers synced');
  }
  sendPings(d, env);
  env.ctx.setTimer('lead-ping', env.opts.tickTimeUs / 2, { gen: d.gen, half: half + 1 });
}

export function onPingReply(d: D, env: Env, conn: ConnId, round: number): void {
  const r = leaderRole(d)!;
  const l = learnerOf(r, conn);
  if (l === undefined) return;
  l.lastAckUs = env.ctx.nowUs;
  l.pingRound = Math.max(l.pingRound, round);
  checkSyncs(d, env);
}

/** Leader.propose: a client write (local or forwarded) becomes a txn with the next zxid. */
export function propose(d: D, env: Env, op: ClientOp, origin: Origin): void {
  const r = leaderRole(d);
  if (r === null || !r.isEstablished) return;
  if (r.counter + 1 >= COUNTER_MAX && !has(env.bugs, BUG.counterOverflow)) {
    // ZOOKEEPER-1277 (Leader.propose): a zxid whose low 32 bits are 0xffffffff is never proposed; the leader shuts down
    // (XidRolloverException) to force a new election (and epoch).
    return startLooking(d, env, 'zxid counter rollover');
  }
  r.counter += 1;
  const zxid = makeZxid(r.epoch, r.counter); // with the bug, counter 2^32 spills into the epoch bits
  const txn = prepare(r.preparedTree, op);
  r.preparedTree = applyTxn(r.preparedTree, txn);
  const entry = chain(d.history[d.history.length - 1]?.h ?? 0, { zxid, epoch: r.epoch, txn, origin });
  ownField(d, 'history').push(entry);
  d.lastZxid = zxid;
  setKey(r, 'acks', zxidKey(zxid), []);
  appendLog(env, [entry], { k: 'leader-logged', gen: d.gen, zxid, h: entry.h });
  for (const c of learnerConns(r)) {
    const l = r.learners[c]!;
    if (l.isSynced && !l.isObserver) env.ctx.send(c as ConnId, { type: 'proposal', entry: toWire(entry) });
  }
}

export function onLeaderLogged(d: D, env: Env, zxid: number): void {
  const r = leaderRole(d);
  if (r === null) return;
  const key = zxidKey(zxid);
  const acks = ackersAt(r, key);
  if (acks !== undefined && !acks.includes(d.id)) setKey(r, 'acks', key, [...acks, d.id]);
  tryCommit(d, env);
}

export function onProposalAck(d: D, env: Env, conn: ConnId, zxid: number): void {
  const r = leaderRole(d)!;
  const l = learnerOf(r, conn);
  if (l === undefined) return;
  l.lastAckUs = env.ctx.nowUs;
  const key = zxidKey(zxid);
  const acks = ackersAt(r, key);
  if (l.isObserver || acks === undefined || acks.includes(l.peer)) return;
  setKey(r, 'acks', key, [...acks, l.peer]);
  tryCommit(d, env);
}

/** The ackers of the zxid whose key (zxidKey) is `key`, or undefined: `r.acks[zxid]` with the key string made once. */
const ackersAt = (r: LeaderRole, key: string): readonly string[] | undefined => (r.acks as Readonly<Record<string, readonly string[]>>)[key];

/** Commit in zxid order while the next proposal has a quorum of ACKs. */
function tryCommit(d: D, env: Env): void {
  const r = leaderRole(d)!;
  const isSelfEnough = has(env.bugs, BUG.commitWithoutQuorum);
  for (let guard = 0; guard < 100_000 && d.committedCount < d.history.length; guard++) {
    const e = d.history[d.committedCount]!;
    const key = zxidKey(e.zxid);
    const acks = ackersAt(r, key) ?? [];
    if (!(isQuorum(env.opts, acks) || (isSelfEnough && acks.includes(d.id)))) break;
    d.committedCount += 1;
    d.tree = applyTxn(d.tree, e.txn);
    dropKey(r, 'acks', key);
    for (const c of learnerConns(r)) {
      const l = r.learners[c]!;
      if (!l.isSynced) continue;
      if (l.isObserver) env.ctx.send(c as ConnId, { type: 'inform', entry: toWire(e) });
      else env.ctx.send(c as ConnId, { type: 'commit', zxid: e.zxid });
    }
    if (e.origin !== null && e.origin.sid === d.id && d.pendingClients[e.origin.reqId] !== undefined) {
      dropKey(d, 'pendingClients', e.origin.reqId, true);
      env.ctx.reply(e.origin.reqId as ReqId, resultOf(e.txn));
    }
  }
  checkSyncs(d, env);
}

/**
 * Leader.processSync: a sync (from a learner, or a sync-get of a client of ours) is answered once every txn proposed
 * before it has committed; nothing asks whether this leader still leads, so a leader that a newer quorum has replaced
 * and that has not noticed yet answers with its stale tree (the permitted anomaly `sync-read-from-deposed-leader`,
 * sync-excuse.ts). Option `syncConfirmsLeadership` also waits for a quorum to answer a ping sent after the sync arrived,
 * which a deposed leader never gets (the linearizable barrier this model used before; not ZooKeeper).
 */
export function onSyncRequest(d: D, env: Env, conn: ConnId | null, reqId: number, path: string): void {
  const r = leaderRole(d);
  if (r === null || !r.isEstablished) return;
  if (env.opts.syncConfirmsLeadership) sendPings(d, env);
  ownField(r, 'pendingSyncs').push({ learner: conn, reqId, path, round: r.pingRound, waitIndex: d.history.length });
  checkSyncs(d, env);
}

/**
 * Participants whose ping replies reached round `round`, in Object.values order. A loop, not per-call filter/map
 * closures: a closure's optimised code is held only weakly, so a warm worker recompiled it after full GCs (issue 17).
 */
function participantsPingedSince(r: LeaderRole, round: number): NodeId[] {
  const out: NodeId[] = [];
  for (const l of Object.values(r.learners)) if (!l.isObserver && l.pingRound >= round) out.push(l.peer);
  return out;
}

function checkSyncs(d: D, env: Env): void {
  if (leaderOf(d)!.pendingSyncs.length === 0) return; // after every ACK and ping reply: no copy when nothing waits
  const r = leaderRole(d)!;
  const remaining = [];
  for (const p of r.pendingSyncs) {
    const answered = participantsPingedSince(r, p.round);
    const isConfirmed = !env.opts.syncConfirmsLeadership || isQuorum(env.opts, [d.id, ...answered]);
    if (d.committedCount >= p.waitIndex && isConfirmed) {
      if (p.learner !== null) env.ctx.send(p.learner, { type: 'sync', reqId: p.reqId });
      else if (d.pendingClients[p.reqId] !== undefined) {
        dropKey(d, 'pendingClients', p.reqId, true);
        env.ctx.reply(p.reqId as ReqId, readResult(d.tree, p.path));
      }
    } else {
      remaining.push(p);
    }
  }
  r.pendingSyncs = remaining;
}

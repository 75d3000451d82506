// The NS-NS lease: the slave's LOGIN/RENEW keepalive and the master's grant, renew and expiry check.
import type { BugSet, ConnId } from '../../sim/index.ts';
import { patched, unreachable } from '../../sim/index.ts';
import { patchedNs } from './state-patch.ts';
import type { KeepaliveKind, TfsMsg } from './messages.ts';
import type { MasterOplog, NsState, SlaveApplied } from './state.ts';
import type { TfsOptions } from './options.ts';
import type { NsCtx } from './ns-support.ts';
import { send } from './ns-support.ts';
import { isMasterActAllowed, masterActOf, noteMasterAct, refuseMasterAct } from './ns-role.ts';
import { noteKeepaliveRefused } from './keepalive-refusal.ts';

export const emptyOplog = (leaseKey: string): MasterOplog => ({
  leaseKey, records: [], hashes: [0], flushIssuedCount: 0, queuedCount: 0, ackedCount: 0, givenUpCount: 0, inflight: null, batchSeq: 0, nextTries: 1,
});

const NO_PATCH: Partial<NsState> = {};

/**
 * Slave: keepalive_ with LOGIN when it holds no valid lease, RENEW when it does. `also`: fields the caller changes in
 * the same event (check_'s pass count), set in the same copy of the state.
 */
export function sendKeepalive(s: NsState, ctx: NsCtx, opts: TfsOptions, tries: number, forcedKind?: KeepaliveKind, also: Partial<NsState> = NO_PATCH): NsState {
  const isLeaseValid = s.lease !== null && ctx.nowUs < s.lease.expiresAtUs;
  const kind: KeepaliveKind = forcedKind ?? (isLeaseValid ? 'RENEW' : 'LOGIN');
  const id = s.rpcSeq + 1;
  if (s.peerConn !== null && s.isPeerConnOpen) send(ctx, s.peerConn, { type: 'ns-keepalive', id, kind, leaseKey: kind === 'LOGIN' ? null : (s.lease?.key ?? null) });
  const timerId = ctx.setTimer('keepalive-timeout', opts.keepaliveTimeoutUs, { id });
  const keepalive = { id, tries, timerId, kind, sentAtUs: ctx.nowUs };
  return isLeaseValid ? patchedNs(s, { ...also, rpcSeq: id, keepalive }) : patchedNs(s, { ...also, rpcSeq: id, keepalive, lease: null });
}

export function onKeepaliveTimeout(s: NsState, id: number, ctx: NsCtx, opts: TfsOptions): NsState {
  if (s.keepalive === null || s.keepalive.id !== id) return s;
  if (s.keepalive.tries < opts.keepaliveTriesMax && s.role === 'slave') return sendKeepalive(s, ctx, opts, s.keepalive.tries + 1, s.keepalive.kind as KeepaliveKind);
  return patchedNs(s, { keepalive: null });
}

export function onKeepaliveReply(s: NsState, m: Extract<TfsMsg, { type: 'ns-keepalive-reply' }>, ctx: NsCtx): NsState {
  const ka = s.keepalive;
  if (ka === null || ka.id !== m.id || s.role !== 'slave') return s;
  ctx.cancelTimer(ka.timerId);
  if (m.ok && m.leaseKey !== null) {
    // A lease the slave already replays under (its own copy lapsed while replies were lost, then RENEW succeeded)
    // is the same lease: the master's oplog for it goes on, so the slave's position must too.
    const isNewLease = s.applied === null || s.applied.leaseKey !== m.leaseKey;
    // The lease runs from when the request left, so the slave never believes in it longer than the master.
    const lease = { key: m.leaseKey, expiresAtUs: ka.sentAtUs + m.leaseUs };
    if (!isNewLease) {
      const applied = patched(s.applied!, { masterLoggedCount: Math.max(s.applied!.masterLoggedCount, m.loggedCount) });
      return patchedNs(s, { keepalive: null, lease, applied, renewCount: s.renewCount + 1, renewsSinceLogin: s.renewsSinceLogin + 1 });
    }
    // Batches of this lease replayed before its LOGIN reply arrived count as replayed under it.
    const pre = s.preLeaseApplied !== null && s.preLeaseApplied.leaseKey === m.leaseKey ? s.preLeaseApplied : null;
    const applied: SlaveApplied = pre !== null
      ? { ...pre, masterLoggedCount: Math.max(pre.masterLoggedCount, m.loggedCount) }
      : { leaseKey: m.leaseKey, count: 0, gapCount: 0, droppedCount: 0, hash: 0, isContiguous: true, lastReplayed: [], masterLoggedCount: m.loggedCount };
    return patchedNs(s, { keepalive: null, lease, applied, preLeaseApplied: null, loginCount: s.loginCount + 1, renewsSinceLogin: 0 });
  }
  // EXIT_RENEW_LEASE_ERROR / INVALID_LEASE_ID: logout(), LOGIN next time.
  if (m.error === 'renew') return patchedNs(s, { keepalive: null, lease: null, applied: null });
  return patchedNs(s, { keepalive: null });
}

// onKeepalive's helpers, built outside it: a closure bound to a name inside a handler is named again at every call
// under tsx (esbuild's keepNames wraps it in __name, an Object.defineProperty each time); a returned arrow is not.

/** The act recorded in the same copy as the answer's own change (a second noteMasterAct in `reply` then finds it). */
function actedOn(s0: NsState, ctx: NsCtx, p: Partial<NsState>): NsState {
  return patchedNs(s0, { lastMasterAct: masterActOf(s0, ctx, 'answer-keepalive'), ...p });
}

type Reply = (x: NsState, ok: boolean, error: string | null, leaseKey: string | null, loggedCount: number) => NsState;

function replier(m: Extract<TfsMsg, { type: 'ns-keepalive' }>, connId: ConnId, ctx: NsCtx, opts: TfsOptions, mayAct: boolean): Reply {
  return (x, ok, error, leaseKey, loggedCount) => {
    send(ctx, connId, { type: 'ns-keepalive-reply', id: m.id, ok, error, leaseKey, leaseUs: opts.heartIntervalUs, loggedCount });
    return ok ? noteMasterAct(x, ctx, 'answer-keepalive') : mayAct ? x : noteKeepaliveRefused(x, m.kind, ctx.nowUs);
  };
}

/** Master: the answer to a slave's MasterAndSlaveHeartMessage. Only a master answers with success. */
export function onKeepalive(s0: NsState, m: Extract<TfsMsg, { type: 'ns-keepalive' }>, connId: ConnId | null, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  // A master in initialize() (uninitialized) answers too: do_master_msg_helper lets the heart through.
  if (connId === null) return s0;
  // Every answer that says ok is a master act, recorded where the answer is sent (noteMasterAct, with the node's role,
  // status and VIP state then), whatever led to it: a success answer from a node that may not act (the mutation slip
  // ns-lease.ts:70, `reply(true, ...)` in the refusal) is seen by master-only-with-vip; the refusal itself is noted (keepalive-refusal.ts).
  const mayAct = isMasterActAllowed(s0, opts, 'answer-keepalive');
  const reply = replier(m, connId, ctx, opts, mayAct);
  if (!mayAct) return reply(refuseMasterAct(s0, ctx, opts, bugs), false, 'role', null, 0);
  const s = s0;
  switch (m.kind) {
    case 'LOGIN': {
      const leaseSeq = s.leaseSeq + 1;
      const key = `${s.self}.${s.termNonce}.${leaseSeq}`;
      noteOplogAbandoned(s, ctx, 'slave logged in again');
      return reply(actedOn(s0, ctx, { leaseSeq, slaveLease: { key, expiresAtUs: ctx.nowUs + opts.heartIntervalUs }, oplog: emptyOplog(key) }), true, null, key, 0);
    }
    case 'RENEW': {
      const lease = s.slaveLease;
      if (lease === null || lease.key !== m.leaseKey || ctx.nowUs >= lease.expiresAtUs) return reply(noteMasterAct(s, ctx, 'answer-keepalive'), false, 'renew', null, 0);
      return reply(actedOn(s0, ctx, { slaveLease: { key: lease.key, expiresAtUs: ctx.nowUs + opts.heartIntervalUs } }), true, null, lease.key, s.oplog?.records.length ?? 0);
    }
    case 'LOGOUT': {
      // Answered first, then the oplog abandoned (the anomaly follows the answer, as it always did).
      const answered = reply(actedOn(s0, ctx, { slaveLease: null, oplog: null }), true, null, null, 0);
      noteOplogAbandoned(s, ctx, 'slave logged out');
      return answered;
    }
    default:
      return unreachable(m.kind);
  }
}

/** ns_check_lease_expired_: a slave whose lease lapsed is treated as gone; stop logging for it. */
export function checkLeaseExpired(s: NsState, ctx: NsCtx): NsState {
  if (s.slaveLease === null || ctx.nowUs < s.slaveLease.expiresAtUs) return s;
  noteOplogAbandoned(s, ctx, 'slave lease expired');
  return patchedNs(s, { slaveLease: null, oplog: null });
}

/**
 * Records of a lease that ends before the slave acknowledged them are the design's loss window: counted, and the
 * batch in flight stops waiting. The caller sets the oplog to null (or a new lease's) in its own patch.
 */
function noteOplogAbandoned(s: NsState, ctx: NsCtx, why: string): void {
  const o = s.oplog;
  if (o === null) return;
  const lost = o.records.length - o.ackedCount;
  if (lost > 0) ctx.anomaly('oplog-abandoned', `${s.self}: ${why}; ${lost} records never acknowledged`);
  if (o.inflight !== null) ctx.cancelTimer(o.inflight.timerId);
}

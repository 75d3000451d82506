// ns_role_establish_: follow the VIP. Slave->master (ask the peer first, safe mode, id skip, Tair gate) and master->slave.
import { produce } from 'immer';
import type { BugSet } from '../../sim/index.ts';
import { BUG_NO_LEASE_SAFE_TIME, BUG_OLD_MASTER_SERVES, BUG_SKIP_100 } from './bugs.ts';
import type { NsState } from './state.ts';
import { VIP } from './state.ts';
import type { TfsOptions } from './options.ts';
import type { NsCtx } from './ns-support.ts';
import { QUEUE_FILE, datagram, newTermNonce, send } from './ns-support.ts';

const AGENT = 'agent';

export const skipOf = (opts: TfsOptions, bugs: BugSet): number => (bugs.has(BUG_SKIP_100) ? 100 : opts.blockIdSkip);

/**
 * A master about to act (answer a keepalive, ship oplog, allocate, answer a DS): is it still the VIP holder?
 * is_local_addr(vip) is a cheap local check, so the sim makes it before every master action as well as in check_;
 * tfs/old-master-keeps-serving trusts the cached role instead. Records what it did for the master-only-with-vip invariant.
 */
export function masterMayAct(s: NsState, ctx: NsCtx, opts: TfsOptions, bugs: BugSet, what: string): [boolean, NsState] {
  if (s.role !== 'master' || s.status !== 'initialized') return [false, s];
  const holder = ctx.aliasHolder(VIP);
  if (holder !== s.self && !bugs.has(BUG_OLD_MASTER_SERVES)) return [false, switchMasterToSlave(s, ctx, opts, bugs)];
  const last = s.lastMasterAct;
  if (last !== null && last.what === what && last.vipHolder === holder) return [true, s];
  return [true, produce(s, (d) => { d.lastMasterAct = { what, vipHolder: holder }; })];
}

/** The check_ loop's first step. */
export function roleEstablish(s: NsState, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  if (s.status !== 'initialized') return s;
  const isVipLocal = ctx.aliasHolder(VIP) === s.self;
  if (isVipLocal && s.role === 'slave' && s.roleAsk === null) return askPeerRole(s, ctx, opts, 1);
  if (!isVipLocal && s.role === 'master') return switchMasterToSlave(s, ctx, opts, bugs);
  return s;
}

/** establish_peer_role_: MasterAndSlaveHeartMessage{GET_PEER_ROLE}, keepaliveTimeoutUs x keepaliveTriesMax. */
export function askPeerRole(s: NsState, ctx: NsCtx, opts: TfsOptions, tries: number): NsState {
  const id = s.rpcSeq + 1;
  if (s.peerConn !== null && s.isPeerConnOpen) send(ctx, s.peerConn, { type: 'ns-get-role', id });
  const timerId = ctx.setTimer('role-ask-timeout', opts.keepaliveTimeoutUs, { id });
  return produce(s, (d) => { d.rpcSeq = id; d.roleAsk = { id, tries, timerId, kind: 'get-role', sentAtUs: ctx.nowUs }; });
}

export function onRoleAskTimeout(s: NsState, id: number, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  if (s.roleAsk === null || s.roleAsk.id !== id) return s;
  if (s.roleAsk.tries < opts.keepaliveTriesMax) return askPeerRole(s, ctx, opts, s.roleAsk.tries + 1);
  // The peer does not answer: switch anyway (if the VIP is still here).
  const cleared = produce(s, (d) => { d.roleAsk = null; });
  return ctx.aliasHolder(VIP) === s.self ? switchSlaveToMaster(cleared, ctx, opts, bugs) : cleared;
}

export function onPeerRole(s: NsState, id: number, peerRole: 'master' | 'slave', ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  if (s.roleAsk === null || s.roleAsk.id !== id) return s;
  ctx.cancelTimer(s.roleAsk.timerId);
  const cleared = produce(s, (d) => { d.roleAsk = null; });
  if (peerRole === 'master') {
    // "nameserver role coflict ... must be exit": stop; the agent's monitor restarts the resource.
    ctx.anomaly('role-conflict-exit', `${s.self} holds the VIP but ${s.peer} still answers MASTER`);
    // The check_ loop ends on destroy with a LOGOUT keepalive.
    if (s.peerConn !== null && s.isPeerConnOpen) send(ctx, s.peerConn, { type: 'ns-keepalive', id: s.rpcSeq + 1, kind: 'LOGOUT', leaseKey: s.lease?.key ?? null });
    ctx.setTimer('resource-restart', opts.agentMonitorUs);
    return produce(cleared, (d) => { d.status = 'stopped'; });
  }
  return ctx.aliasHolder(VIP) === s.self ? switchSlaveToMaster(cleared, ctx, opts, bugs) : cleared;
}

/** The agent's monitor restarted the stopped resource: come back as a slave (memory kept, ids skipped). */
export function onResourceRestart(s: NsState, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  if (s.status !== 'stopped') return s;
  return produce(s, (d) => {
    d.status = 'initialized';
    d.role = 'slave';
    d.lease = null;
    d.applied = null;
    d.globalBlockId += skipOf(opts, bugs);
    d.startupUs = ctx.nowUs;
  });
}

function enterSafeMode(s: NsState, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  const isNearStartup = ctx.nowUs - s.startupUs < opts.safeModeTimeUs;
  const durationUs = isNearStartup ? opts.safeModeTimeUs : Math.floor(opts.safeModeTimeUs / 2);
  const switchCount = s.switchCount + 1;
  ctx.setTimer('safe-mode-end', durationUs, { switchCount });
  // discard_newblk_safe_mode_time = 2 x the safe mode.
  ctx.setTimer('discard-newblk-end', 2 * durationUs, { switchCount });
  // r2791: no new block lease until the leases the old master granted (memory only) have run out.
  ctx.setTimer('apply-block-safe-end', opts.dsLeaseExpireTimeUs, { switchCount });
  return produce(s, (d) => {
    d.isSafeMode = true;
    d.isDiscardNewBlkSafeMode = true;
    d.switchCount = switchCount;
    d.isApplyBlockSafeMode = !bugs.has(BUG_NO_LEASE_SAFE_TIME);
    d.blockLeases = {};
  });
}

function cancelPending(s: NsState, ctx: NsCtx): void {
  if (s.keepalive !== null) ctx.cancelTimer(s.keepalive.timerId);
  if (s.roleAsk !== null) ctx.cancelTimer(s.roleAsk.timerId);
  if (s.oplog?.inflight) ctx.cancelTimer(s.oplog.inflight.timerId);
  if (s.tairRpc !== null) ctx.cancelTimer(s.tairRpc.timerId);
}

/** switch_role_salve_to_master_: measure the async loss window, clear the queue, skip ids, safe mode, Tair gate. */
export function switchSlaveToMaster(s: NsState, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  // What the old master said it had logged under the last lease, minus what was replayed here (a lower bound).
  const lostRecordsMin = s.applied === null ? 0 : Math.max(0, s.applied.masterLoggedCount - s.applied.count);
  if (lostRecordsMin > 0) ctx.anomaly('oplog-loss-window', `${s.self} took over missing at least ${lostRecordsMin} records ${s.peer} had logged`);
  ctx.log(`switch slave -> master (lost at least ${lostRecordsMin} records)`);
  cancelPending(s, ctx);
  ctx.deleteFile(QUEUE_FILE);
  const switched = produce(s, (d) => {
    d.role = 'master';
    d.termNonce = newTermNonce(ctx);
    d.globalBlockId += skipOf(opts, bugs);
    d.lease = null; d.applied = null; d.keepalive = null; d.roleAsk = null; d.stagedCount = 0;
    d.slaveLease = null; d.oplog = null; d.dsConns = {}; d.dsReported = {};
    d.isAllocGateOpen = false; d.tairRpc = null;
    d.failoverLosses.push({ atUs: ctx.nowUs, lostRecordsMin });
  });
  return openAllocGate(enterSafeMode(switched, ctx, opts, bugs), ctx, opts, bugs);
}

/** switch_role_master_to_slave_: what was logged but not acknowledged is the loss window. */
export function switchMasterToSlave(s: NsState, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  const unshipped = s.oplog === null ? 0 : s.oplog.records.length - s.oplog.ackedCount;
  if (unshipped > 0) ctx.anomaly('oplog-unshipped-at-switch', `${s.self} stepped down with ${unshipped} records not acknowledged`);
  ctx.log(`switch master -> slave (${unshipped} records unshipped)`);
  cancelPending(s, ctx);
  ctx.deleteFile(QUEUE_FILE);
  const switched = produce(s, (d) => {
    d.role = 'slave';
    d.globalBlockId += skipOf(opts, bugs);
    d.slaveLease = null; d.oplog = null; d.dsConns = {};
    d.isAllocGateOpen = false; d.tairRpc = null;
    d.keepalive = null; d.roleAsk = null; d.lease = null; d.applied = null; d.stagedCount = 0;
  });
  return enterSafeMode(switched, ctx, opts, bugs);
}

/**
 * Before a new master term allocates, the stable-2.5.5 fix mirrors the id to Tair: here one atomic
 * tair = max(tair, local) + skip on the agent, fsync'd there, whose answer becomes this term's base.
 * tfs/r3393-block-id-skip-100 allocates at once from local + 100.
 */
export function openAllocGate(s: NsState, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  if (bugs.has(BUG_SKIP_100)) return produce(s, (d) => { d.isAllocGateOpen = true; });
  const id = s.rpcSeq + 1;
  datagram(ctx, AGENT, { type: 'tair-advance', id, value: s.globalBlockId, skip: opts.blockIdSkip });
  const timerId = ctx.setTimer('tair-retry', opts.keepaliveTimeoutUs, { id });
  return produce(s, (d) => { d.rpcSeq = id; d.tairRpc = { id, timerId }; d.isAllocGateOpen = false; });
}

export function onTairRetry(s: NsState, id: number, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  if (s.tairRpc === null || s.tairRpc.id !== id || s.role !== 'master') return s;
  return openAllocGate(s, ctx, opts, bugs);
}

export function onTairAdvanced(s: NsState, id: number, value: number, ctx: NsCtx): NsState {
  if (s.tairRpc === null || s.tairRpc.id !== id || s.role !== 'master') return s;
  ctx.cancelTimer(s.tairRpc.timerId);
  return produce(s, (d) => {
    d.tairRpc = null;
    d.isAllocGateOpen = true;
    if (value > d.globalBlockId) d.globalBlockId = value;
  });
}

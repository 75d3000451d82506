// ns_role_establish_: follow the VIP. Slave->master (ask the peer first, safe mode, id skip, Tair gate) and master->slave.
import { patchedNs } from './state-patch.ts';
import type { BugSet } from '../../sim/index.ts';
import { BUG_NO_LEASE_SAFE_TIME, BUG_OLD_MASTER_SERVES, BUG_SKIP_100 } from './bugs.ts';
import type { NsState } from './state.ts';
import type { TfsOptions } from './options.ts';
import type { NsCtx } from './ns-support.ts';
import { QUEUE_FILE, datagram, newTermNonce, send } from './ns-support.ts';
import { restaggerReports } from './ns-report-periodic.ts';

const AGENT = 'agent';

export const skipOf = (opts: TfsOptions, bugs: BugSet): number => (bugs.has(BUG_SKIP_100) ? 100 : opts.blockIdSkip);

/**
 * A master about to act (answer a keepalive, ship oplog, allocate, grant a block lease, issue a task). The real NS trusts its
 * role between two check_ passes; isVipCheckedBeforeEachAct re-reads is_local_addr(vip) first. Records the act for
 * the master-only-with-vip invariant (was the VIP local, and if not, since how long and how many check_ passes).
 */
export function masterMayAct(s: NsState, ctx: NsCtx, opts: TfsOptions, bugs: BugSet, what: string): [boolean, NsState] {
  return isMasterActAllowed(s, opts, what) ? [true, noteMasterAct(s, ctx, what)] : [false, refuseMasterAct(s, ctx, opts, bugs)];
}

/**
 * masterMayAct's decision alone (no state change). A handler that patches the state right after the act asks this,
 * takes `refuseMasterAct` when it is false, and otherwise puts `masterActOf` into its own patch: one copy of the state
 * for the event instead of two.
 */
export function isMasterActAllowed(s: NsState, opts: TfsOptions, what: string): boolean {
  return s.role === 'master' && (s.status !== 'uninitialized' || UNINITIALIZED_ACTS.has(what)) && (s.isVipLocal || !opts.isVipCheckedBeforeEachAct);
}

/** What a nameserver refused a master act becomes: an initialized master that found the VIP gone steps down, else unchanged. */
export function refuseMasterAct(s: NsState, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  const isVipFoundGone = s.role === 'master' && s.status === 'initialized' && !s.isVipLocal && opts.isVipCheckedBeforeEachAct;
  return isVipFoundGone ? switchMasterToSlave(s, ctx, opts, bugs) : s;
}

/**
 * Record a master act as performed (lastMasterAct, read by master-only-with-vip): the role and status it was done in,
 * whether the VIP was local, and if not, since how long and how many check_ passes. masterMayAct records the act it allows; a site whose act is visible to
 * others (a keepalive answered with success) records it again where it performs it, so an act done without the
 * permission (a slip in the guard) is recorded with the node's real VIP state all the same.
 */
export function noteMasterAct(s: NsState, ctx: NsCtx, what: string): NsState {
  return patchedNs(s, { lastMasterAct: masterActOf(s, ctx, what) });
}

/** The lastMasterAct that records `what` done now in `s` (s.lastMasterAct itself when it already says exactly that). */
export function masterActOf(s: NsState, ctx: NsCtx, what: string): NsState['lastMasterAct'] {
  const lateUs = s.isVipLocal || s.vipLostAtUs === null ? 0 : ctx.nowUs - s.vipLostAtUs;
  const last = s.lastMasterAct;
  const checks = s.checksSinceVipLost;
  if (last !== null && last.what === what && last.role === s.role && last.status === s.status && last.isVipLocal === s.isVipLocal && last.lateUs === lateUs && last.checksSinceVipLost === checks) return last;
  return { what, role: s.role, status: s.status, isVipLocal: s.isVipLocal, lateUs, checksSinceVipLost: checks };
}

/**
 * do_master_msg_helper (nameserver.cpp@0365c90 L638-660): below NS_STATUS_INITIALIZED a master takes only the
 * master/slave heart (keepalive, get-peer-role), the DS heartbeat (SET_DATASERVER), block reports and admin commands.
 */
// (By default DS leases and block reports need no role at all: ns-serve.ts onDsHeartbeat / onBlockReport, row P25;
// the last two are acts only under isDsLeaseVipOnly.)
const UNINITIALIZED_ACTS: ReadonlySet<string> = new Set(['answer-keepalive', 'answer-dataserver', 'learn-block-report']);

/** The machine's heart agent says where the VIP is (ha-ping): is_local_addr(vip) follows. */
export function onVipNews(s0: NsState, holder: string | null, epochUs: number, n: number, ctx: NsCtx, opts: TfsOptions): NsState {
  const [lastEpochUs, lastN] = s0.lastVipNews;
  if (epochUs < lastEpochUs || (epochUs === lastEpochUs && n < lastN)) return s0;
  const s = epochUs === lastEpochUs && n === lastN ? s0 : patchedNs(s0, { lastVipNews: [epochUs, n] });
  const isLocal = holder === s.self;
  if (isLocal === s.isVipLocal) return s;
  if (!isLocal && s.role === 'master' && s.status === 'initialized') {
    ctx.anomaly('ha-split-brain', `${s.self} kept the VIP and served as master while the heart agent had given it to ${holder ?? 'nobody'}`);
  }
  if (isLocal && s.role === 'master' && s.status === 'initialized' && s.vipLostAtUs !== null && s.checksSinceVipLost === 0) {
    return vipReturnedUnseen(patchedNs(s, { isVipLocal: true, vipLostAtUs: null }), ctx, opts);
  }
  return patchedNs(s, { isVipLocal: isLocal, vipLostAtUs: isLocal ? null : ctx.nowUs, checksSinceVipLost: 0 });
}

/**
 * The VIP left a master and came back before any check_ pass read is_local_addr(vip) without it (trunk polls the role
 * in check_ only, every heart_interval/2): the master never stepped down, so it never switched and never entered the
 * apply_block safe window, and its lease memory lacks what its peer granted as master meanwhile. Trunk's design
 * (guided tfs seeds 216, 1154, 1289, 1598, 1750, 1860, 1750542, 1751813): counted, and block-lease-exclusive excuses
 * a grant over the peer's lease by this cause. isVipReturnTreatedAsSwitch (off = trunk) re-arms the window instead.
 */
function vipReturnedUnseen(s: NsState, ctx: NsCtx, opts: TfsOptions): NsState {
  ctx.anomaly('vip-returned-unseen', `${s.self} got the VIP back before a check_ pass saw it gone: still master, no switch, no apply_block safe window`);
  if (!opts.isVipReturnTreatedAsSwitch) return patchedNs(s, { vipReturnsUnseen: s.vipReturnsUnseen + 1 });
  return patchedNs(s, { applyBlockSafeModeTimeUs: Math.max(s.applyBlockSafeModeTimeUs, ctx.nowUs + opts.dsLeaseExpireTimeUs), blockLeases: {} });
}

/** The check_ loop's first step. tfs/old-master-keeps-serving skips its master->slave branch. */
export function roleEstablish(s: NsState, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  if (s.status !== 'initialized') return s;
  if (s.isVipLocal && s.role === 'slave' && s.roleAsk === null) return askPeerRole(s, ctx, opts, 1);
  if (!s.isVipLocal && s.role === 'master' && !bugs.has(BUG_OLD_MASTER_SERVES)) return switchMasterToSlave(s, ctx, opts, bugs);
  return s;
}

/**
 * establish_peer_role_: MasterAndSlaveHeartMessage{GET_PEER_ROLE}, keepaliveTimeoutUs x keepaliveTriesMax. Asked by
 * the slave->master switch ('get-role') and by initialize() of a NS that boots with the VIP ('startup-role').
 */
export function askPeerRole(s: NsState, ctx: NsCtx, opts: TfsOptions, tries: number, kind: 'get-role' | 'startup-role' = 'get-role'): NsState {
  const id = s.rpcSeq + 1;
  if (s.peerConn !== null && s.isPeerConnOpen) send(ctx, s.peerConn, { type: 'ns-get-role', id });
  const timerId = ctx.setTimer('role-ask-timeout', opts.keepaliveTimeoutUs, { id });
  return patchedNs(s, { rpcSeq: id, roleAsk: { id, tries, timerId, kind, sentAtUs: ctx.nowUs, triesMax: opts.keepaliveTriesMax } });
}

/** The peer link opened while initialize() waits: send_msg_to_server connects and sends within the same try. */
export function onPeerLinkDuringStartup(s: NsState, ctx: NsCtx): NsState {
  if (s.status === 'uninitialized' && s.roleAsk !== null && s.peerConn !== null) send(ctx, s.peerConn, { type: 'ns-get-role', id: s.roleAsk.id });
  return s;
}

/** initialize() returns: owner_status_ = INITIALIZED (nameserver.cpp@0365c90 L170-174); a master opens its id gate. */
function finishStartup(s: NsState, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  ctx.log(`initialize done: ${s.role}`);
  const ready = patchedNs(s, { status: 'initialized', roleAsk: null });
  return ready.role === 'master' ? openAllocGate(ready, ctx, opts, bugs) : ready;
}

export function onRoleAskTimeout(s: NsState, id: number, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  if (s.roleAsk === null || s.roleAsk.id !== id) return s;
  if (s.roleAsk.tries < opts.keepaliveTriesMax) return askPeerRole(s, ctx, opts, s.roleAsk.tries + 1, s.roleAsk.kind === 'startup-role' ? 'startup-role' : 'get-role');
  // No answer: initialize() goes on (only EXIT_ROLE_ERROR stops it); a switch happens anyway (if the VIP is still here).
  // The give-up is recorded (tries made, the bound the ask was sent under) for role-ask-tries-bounded.
  const gaveUp = patchedNs(s, { roleAskGivenUp: { tries: s.roleAsk.tries, triesMax: s.roleAsk.triesMax ?? opts.keepaliveTriesMax, kind: s.roleAsk.kind } });
  if (s.roleAsk.kind === 'startup-role') return finishStartup(gaveUp, ctx, opts, bugs);
  const cleared = patchedNs(gaveUp, { roleAsk: null });
  return s.isVipLocal ? switchSlaveToMaster(cleared, ctx, opts, bugs) : cleared;
}

export function onPeerRole(s: NsState, id: number, peerRole: 'master' | 'slave', ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  if (s.roleAsk === null || s.roleAsk.id !== id) return s;
  ctx.cancelTimer(s.roleAsk.timerId);
  const isStartup = s.roleAsk.kind === 'startup-role';
  const cleared = patchedNs(s, { roleAsk: null });
  if (peerRole !== 'master' && isStartup) return finishStartup(cleared, ctx, opts, bugs);
  if (peerRole === 'master') {
    // heart_manager.cpp establish_peer_role_: "nameserver role coflict ... must be exit", then NameServer::stop(): the
    // process ends (memory, timers, connections gone; the disk keeps ns.meta and the file queue). The heart agent's
    // resource monitor starts it again agentMonitorUs later, and it runs initialize() from its disk (bootNs).
    ctx.anomaly('role-conflict-exit', `${s.self} holds the VIP but ${s.peer} still answers MASTER${isStartup ? ' (at start-up, in initialize())' : ''}`);
    // stop() ends the check_ loop (destroy_flag), whose last act is a LOGOUT keepalive.
    if (s.peerConn !== null && s.isPeerConnOpen) send(ctx, s.peerConn, { type: 'ns-keepalive', id: s.rpcSeq + 1, kind: 'LOGOUT', leaseKey: s.lease?.key ?? null });
    ctx.exit(`nameserver role coflict, own role: master, other role: master, must be exit${isStartup ? ' (in initialize())' : ''}`, opts.agentMonitorUs);
    return cleared;
  }
  return s.isVipLocal ? switchSlaveToMaster(cleared, ctx, opts, bugs) : cleared;
}

/**
 * ns_define.cpp switch_role(startup=false): apply_block refused for the DS lease time (r2791); safe mode for half of
 * safe_mode_time, or, within safe_mode_time of start-up, the full start-up safe mode and a re-armed new-block window.
 */
function enterSafeMode(s: NsState, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  const isNearStartup = !(ctx.nowUs - opts.safeModeTimeUs > s.startupUs);
  return patchedNs(s, {
    switchCount: s.switchCount + 1,
    applyBlockSafeModeTimeUs: bugs.has(BUG_NO_LEASE_SAFE_TIME) ? ctx.nowUs : ctx.nowUs + opts.dsLeaseExpireTimeUs,
    switchTimeUs: ctx.nowUs + (isNearStartup ? opts.safeModeTimeUs : Math.floor(opts.safeModeTimeUs / 2)),
    discardNewblkSafeModeTimeUs: isNearStartup ? ctx.nowUs + 2 * opts.safeModeTimeUs : s.discardNewblkSafeModeTimeUs,
    blockLeases: {},
  });
}

function cancelPending(s: NsState, ctx: NsCtx): void {
  if (s.keepalive !== null) ctx.cancelTimer(s.keepalive.timerId);
  if (s.roleAsk !== null) ctx.cancelTimer(s.roleAsk.timerId);
  if (s.oplog?.inflight) ctx.cancelTimer(s.oplog.inflight.timerId);
  if (s.tairRpc !== null) ctx.cancelTimer(s.tairRpc.timerId);
  if (s.tairSaveTimer !== null) ctx.cancelTimer(s.tairSaveTimer);
}

/** switch_role_salve_to_master_: measure the async loss window, clear the queue, skip ids, safe mode, Tair gate. */
export function switchSlaveToMaster(s: NsState, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  // What the old master said it had logged under the last lease, minus what was replayed here (a lower bound).
  const lostRecordsMin = s.applied === null ? 0 : Math.max(0, s.applied.masterLoggedCount - s.applied.count);
  if (lostRecordsMin > 0) ctx.anomaly('oplog-loss-window', `${s.self} took over missing at least ${lostRecordsMin} records ${s.peer} had logged`);
  ctx.log(`switch slave -> master (lost at least ${lostRecordsMin} records)`);
  cancelPending(s, ctx);
  ctx.deleteFile(QUEUE_FILE);
  const switched = patchedNs(s, {
    switchedFrom: { blockId: s.globalBlockId, skip: skipOf(opts, bugs) },
    role: 'master',
    termNonce: newTermNonce(ctx),
    globalBlockId: s.globalBlockId + skipOf(opts, bugs),
    lease: null, applied: null, preLeaseApplied: null, keepalive: null, roleAsk: null, stagedCount: 0,
    // The DS leases and their reports go on across the switch: they are this nameserver's own (row P25); under
    // isDsLeaseVipOnly the new master starts with none (the DSs redial the VIP).
    slaveLease: null, oplog: null, ...(opts.isDsLeaseVipOnly ? { dsConns: {}, dsReported: {} } : {}),
    isAllocGateOpen: false, tairRpc: null, mirrorSeen: null, tairSaveTimer: null,
    failoverLosses: [...s.failoverLosses, { atUs: ctx.nowUs, lostRecordsMin }],
  });
  return openAllocGate(enterSafeMode(restaggerReports(switched, ctx, opts), ctx, opts, bugs), ctx, opts, bugs);
}

/** switch_role_master_to_slave_: what was logged but not acknowledged is the loss window. */
export function switchMasterToSlave(s: NsState, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  const unshipped = s.oplog === null ? 0 : s.oplog.records.length - s.oplog.ackedCount;
  if (unshipped > 0) ctx.anomaly('oplog-unshipped-at-switch', `${s.self} stepped down with ${unshipped} records not acknowledged`);
  ctx.log(`switch master -> slave (${unshipped} records unshipped)`);
  cancelPending(s, ctx);
  ctx.deleteFile(QUEUE_FILE);
  const switched = patchedNs(s, {
    role: 'slave',
    globalBlockId: s.globalBlockId + skipOf(opts, bugs),
    slaveLease: null, oplog: null, ...(opts.isDsLeaseVipOnly ? { dsConns: {} } : {}),
    isAllocGateOpen: false, tairRpc: null, mirrorSeen: null, tairSaveTimer: null,
    keepalive: null, roleAsk: null, lease: null, applied: null, preLeaseApplied: null, stagedCount: 0,
  });
  return enterSafeMode(restaggerReports(switched, ctx, opts), ctx, opts, bugs);
}

/**
 * Before a new master term allocates, the stable-2.5.5 fix mirrors the id to Tair: here one atomic
 * tair = max(tair, local) + skip on the agent, fsync'd there, whose answer becomes this term's base.
 * tfs/r3393-block-id-skip-100 allocates at once from local + 100.
 */
export function openAllocGate(s: NsState, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  if (bugs.has(BUG_SKIP_100)) return patchedNs(s, { isAllocGateOpen: true });
  const id = s.rpcSeq + 1;
  datagram(ctx, AGENT, { type: 'tair-advance', id, value: s.globalBlockId, skip: opts.blockIdSkip });
  const timerId = ctx.setTimer('tair-retry', opts.keepaliveTimeoutUs, { id });
  if (s.tairSaveTimer !== null) ctx.cancelTimer(s.tairSaveTimer);
  return patchedNs(s, { rpcSeq: id, tairRpc: { id, timerId }, isAllocGateOpen: false, tairSaveTimer: null, mirrorSeen: null });
}

export function onTairRetry(s: NsState, id: number, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  if (s.tairRpc === null || s.tairRpc.id !== id || s.role !== 'master') return s;
  return openAllocGate(s, ctx, opts, bugs);
}

export function onTairAdvanced(s: NsState, id: number, value: number, mirror: number | undefined, ctx: NsCtx, opts: TfsOptions): NsState {
  if (s.tairRpc === null || s.tairRpc.id !== id || s.role !== 'master') return s;
  ctx.cancelTimer(s.tairRpc.timerId);
  // stable-2.5.5: from now on the master saves its max id every tairMirrorSaveIntervalUs (SyncBlockIdThreadHelper).
  const saveTimer = mirror !== undefined && opts.tairMirrorSaveIntervalUs > 0 ? ctx.setTimer('tair-save', opts.tairMirrorSaveIntervalUs) : null;
  return patchedNs(s, { tairRpc: null, isAllocGateOpen: true, mirrorSeen: mirror ?? null, tairSaveTimer: saveTimer, globalBlockId: Math.max(value, s.globalBlockId) });
}

/** The periodic save: Tair keeps the larger value; a save lost in the network is simply missed (the next one follows). */
export function onTairSave(s: NsState, ctx: NsCtx, opts: TfsOptions): NsState {
  if (s.role !== 'master' || !s.isAllocGateOpen || s.tairSaveTimer === null) return patchedNs(s, { tairSaveTimer: null });
  datagram(ctx, AGENT, { type: 'tair-save', value: s.globalBlockId });
  const timerId = ctx.setTimer('tair-save', opts.tairMirrorSaveIntervalUs);
  return patchedNs(s, { tairSaveTimer: timerId });
}

// The nameserver actor: start-up (replay the file queue, ns.meta + skip), the check_ loop, and input dispatch.
import type { BugSet, ConnId, DiskContents, Input, NodeId } from '../../sim/index.ts';
import { isRecordIntact, unreachable } from '../../sim/index.ts';
import { patchedNs } from './state-patch.ts';
import { emptyBlocks } from './block-map.ts';
import type { TfsMsg } from './messages.ts';
import { BUG_NO_LEASE_SAFE_TIME } from './bugs.ts';
import { isIntact } from './messages.ts';
import { replayHelper } from './oplog.ts';
import type { NsState } from './state.ts';
import { VIP } from './state.ts';
import type { TfsOptions } from './options.ts';
import type { NsCtx } from './ns-support.ts';
import { META_FILE, QUEUE_FILE, applyEffect, datagram, newTermNonce, send } from './ns-support.ts';
import { askPeerRole, onPeerLinkDuringStartup, onPeerRole, onRoleAskTimeout, onTairAdvanced, onTairRetry, onTairSave, onVipNews, roleEstablish, skipOf } from './ns-role.ts';
import { checkLeaseExpired, onKeepalive, onKeepaliveReply, onKeepaliveTimeout, sendKeepalive } from './ns-lease.ts';
import { flushOplog, onAckTimeout, onFlushed, onOplogAck, onOplogRetry, shipOplog } from './ns-oplog.ts';
import type { ReplayTag } from './ns-replay.ts';
import { onOplogSync, onStaged, onStagedRead } from './ns-replay.ts';
import { PLAN_PASS_US, onReplicateDone, planReplicate } from './replicate-plan.ts';
import { onApplyBlock, onBlockReport, onClientRequest, onDsConnClosed, onDsHeartbeat, runBackgroundTask } from './ns-serve.ts';

const BLOCK_START_NUMBER = 100;

/** NsState's optional fields but maxReplication (set at boot): the type makes a new optional field fail to compile until it is listed below. */
type LaterOptionals = Exclude<{ [K in keyof NsState]-?: undefined extends NsState[K] ? K : never }[keyof NsState], 'maxReplication'>;

/**
 * Every optional NsState field present from boot (undefined until first set), so every nameserver state has one
 * hidden class: otherwise each order in which a run first sets them is another shape, and `patched`'s spread of a
 * state (some 60 fields, the most frequent copy of a TFS seed) goes megamorphic.
 */
const ABSENT_OPTIONALS: { readonly [K in LaterOptionals]-?: undefined } = {
  dsReportAsks: undefined, dsNextReportUs: undefined, replicateTasks: undefined, replicateScanFrom: undefined,
  deleteQueue: undefined, blockVersions: undefined, lastRedundant: undefined, lastPeriodicReport: undefined,
  lastReport: undefined, dsReportCount: undefined, keepaliveRefusal: undefined, roleAskGivenUp: undefined,
  switchedFrom: undefined,

};

const RECORDS_AT_BOOT_MAX = 1_000_000;

export function bootNs(self: NodeId, disk: DiskContents, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  const peer = (self === 'ns1' ? 'ns2' : 'ns1') as NodeId;
  const meta = (disk.get(META_FILE) ?? []).filter(isRecordIntact).map((r) => Number(r.data)).filter(Number.isFinite);
  // switch_role(startup=true): the role follows is_local_addr(vip); safe mode and the new-block window from now.
  const isVipLocal = ctx.aliasHolder(VIP) === self;
  const isApplyBlockSafe = opts.isApplyBlockSafeModeAtStartup && !bugs.has(BUG_NO_LEASE_SAFE_TIME);
  let s: NsState = {
    kind: 'ns', self, peer, role: isVipLocal ? 'master' : 'slave', status: isVipLocal ? 'uninitialized' : 'initialized',
    startupUs: ctx.nowUs, isVipLocal, lastVipNews: [-1, 0], vipLostAtUs: null, checksSinceVipLost: 0, vipReturnsUnseen: 0,
    switchTimeUs: ctx.nowUs + opts.safeModeTimeUs, discardNewblkSafeModeTimeUs: ctx.nowUs + 2 * opts.safeModeTimeUs,
    switchCount: 0, termNonce: newTermNonce(ctx),
    peerConn: ctx.connect(peer), isPeerConnOpen: false, rpcSeq: 0,
    globalBlockId: 0, flushedBlockId: 0, isAllocGateOpen: false, tairRpc: null, mirrorSeen: null, tairSaveTimer: null, blocks: emptyBlocks(), dsConns: {}, dsReported: {}, blockLeases: {},
    applyBlockSafeModeTimeUs: isApplyBlockSafe ? ctx.nowUs + opts.dsLeaseExpireTimeUs : ctx.nowUs,
    slaveLease: null, leaseSeq: 0, oplog: null, taskSeq: 0,
    lease: null, keepalive: null, roleAsk: null, applied: null, preLeaseApplied: null, stagedCount: 0,
    lastMasterAct: null, lastTask: null, badCrcApplied: 0, crcErrors: 0, playLogErrors: 0, rerequests: 0,
    loginCount: 0, renewCount: 0, renewsSinceLogin: 0, replayedTasks: 0, failoverLosses: [], corruptDropped: 0, oplogSyncDroppedAsMaster: 0,
    maxReplication: opts.maxReplication,
    ...ABSENT_OPTIONALS,
  };
  // replay_all_: every un-consumed batch in the file queue, CRC-checked; then the queue is cleared.
  const queue = disk.get(QUEUE_FILE) ?? [];
  let replayed = 0;
  for (const rec of queue) {
    // Each queue item is a serialized slots buffer: the same parse loop as recv_log_ (break at any error but
    // EXIT_PLAY_LOG_ERROR). A damaged item's own length or data reads as a short buffer.
    const item = rec.data as { length?: unknown; data?: unknown } | null;
    const data = Array.isArray(item?.data) ? (item!.data as number[]) : [];
    const length = typeof item?.length === 'number' ? Math.min(item.length, data.length) : 0;
    for (let pos = 0; pos < length && replayed++ < RECORDS_AT_BOOT_MAX;) {
      const r = replayHelper(data, length, pos, true, (id) => s.blocks.has(id));
      if (r.code === 'TFS_SUCCESS') s = applyEffect(s, r.effect!);
      else if (r.code === 'EXIT_CHECK_CRC_ERROR') s = patchedNs(s, { crcErrors: s.crcErrors + 1 });
      if (r.code !== 'TFS_SUCCESS' && r.code !== 'EXIT_PLAY_LOG_ERROR') break;
      pos = r.nextPos;
    }
  }
  if (queue.length > 0) ctx.deleteFile(QUEUE_FILE);
  const stored = Math.max(BLOCK_START_NUMBER, s.globalBlockId, ...meta);
  s = patchedNs(s, { globalBlockId: stored + skipOf(opts, bugs), flushedBlockId: stored });
  ctx.setTimer('tick', checkPeriodOf(opts));
  // Trunk has no flush timer (records ship once oplogSlotsMax wait); stable-2.0 flushed every heart_interval.
  if (opts.oplogFlushIntervalUs > 0) ctx.setTimer('oplog-flush', opts.oplogFlushIntervalUs);
  // The replication plan pass (build_, trunk's fixed 1 s) is armed before the background slot so that, at FAST's 1 s
  // heart interval, it still runs ahead of the redundant and COMPACT work of the same instant as it did inside it.
  ctx.setTimer('replicate-plan', PLAN_PASS_US);
  ctx.setTimer('task', opts.heartIntervalUs);
  // initialize(): a master asks its peer's role before INITIALIZED (nameserver.cpp@0365c90 L150-168); a slave is
  // INITIALIZED at once. The id gate opens when that ends (ns-role.ts finishStartup).
  return s.role === 'master' ? askPeerRole(s, ctx, opts, 1, 'startup-role') : s;
}

/** check_ sleeps heart_interval/2, at least 1. */
const checkPeriodOf = (opts: TfsOptions): number => Math.max(1, Math.floor(opts.heartIntervalUs / 2));

/** check_: role establish, then the master's lease check or the slave's keepalive. */
function tick(s0: NsState, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  ctx.setTimer('tick', checkPeriodOf(opts));
  // The pass count without the VIP goes into the pass's own copy of the state: roleEstablish neither reads nor sets it,
  // so it is applied after it, and before any master act (masterActOf records it).
  const count = s0.isVipLocal ? NO_COUNT : { checksSinceVipLost: s0.checksSinceVipLost + 1 };
  // While initialize() waits (uninitialized), check_ already runs; the role stays until initialize() returns.
  if (s0.status === 'uninitialized') {
    const counted = patchedNs(s0, count);
    return counted.role === 'master' ? checkLeaseExpired(counted, ctx) : counted;
  }
  const s = roleEstablish(s0, ctx, opts, bugs);
  if (s.status !== 'initialized') return patchedNs(s, count);
  if (s.role === 'master') return shipOplog(checkLeaseExpired(patchedNs(s, count), ctx), ctx, opts, bugs);
  if (s.keepalive === null && s.roleAsk === null) return sendKeepalive(s, ctx, opts, 1, undefined, count);
  return patchedNs(s, count);
}

const NO_COUNT: Partial<NsState> = {};

function onTimer(s: NsState, name: string, data: unknown, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  const id = (data as { id?: number } | undefined)?.id ?? -1;
  switch (name) {
    case 'tick': return tick(s, ctx, opts, bugs);
    case 'keepalive-timeout': return onKeepaliveTimeout(s, id, ctx, opts);
    case 'role-ask-timeout': return onRoleAskTimeout(s, id, ctx, opts, bugs);
    case 'tair-retry': return onTairRetry(s, id, ctx, opts, bugs);
    case 'tair-save': return onTairSave(s, ctx, opts);
    case 'peer-reconnect':
      if (s.peerConn !== null) return s;
      return patchedNs(s, { peerConn: ctx.connect(s.peer), isPeerConnOpen: false });
    case 'oplog-flush':
      ctx.setTimer('oplog-flush', opts.oplogFlushIntervalUs);
      return flushOplog(s, ctx);
    case 'oplog-ack-timeout': return onAckTimeout(s, (data as { batchId: number }).batchId, ctx, opts, bugs);
    case 'oplog-retry': {
      return onOplogRetry(s, (data as { leaseKey: string }).leaseKey, ctx, opts, bugs);
    }
    case 'replicate-plan':
      ctx.setTimer('replicate-plan', PLAN_PASS_US);
      return planReplicate(s, ctx, opts, bugs);
    case 'task':
      ctx.setTimer('task', opts.heartIntervalUs);
      return runBackgroundTask(s, ctx, opts, bugs);
    default: return s;
  }
}

function onMessage(s: NsState, from: NodeId, m: TfsMsg, connId: ConnId | null, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  if (m.type === 'ha-ping') {
    datagram(ctx, from, { type: 'ha-pong', n: m.n, role: s.status === 'initialized' ? s.role : 'slave' });
    return onVipNews(s, m.holder, m.epochUs, m.n, ctx, opts);
  }
  if (m.type === 'ha-switch') {
    return roleEstablish(onVipNews(s, s.self, m.epochUs, m.n, ctx, opts), ctx, opts, bugs);
  }
  switch (m.type) {
    case 'tair-advanced': return onTairAdvanced(s, m.id, m.value, m.mirror, ctx, opts);
    case 'ns-get-role':
      // Answered from the cached role: the conflict-exit liveness hole of the real design.
      if (connId !== null) send(ctx, connId, { type: 'ns-role', id: m.id, role: s.role });
      return s;
    case 'ns-role': return onPeerRole(s, m.id, m.role, ctx, opts, bugs);
    case 'ns-keepalive': return onKeepalive(s, m, connId, ctx, opts, bugs);
    case 'ns-keepalive-reply': return onKeepaliveReply(s, m, ctx);
    case 'oplog-sync': return onOplogSync(s, m, connId, ctx, opts);
    case 'oplog-ack': return onOplogAck(s, m, ctx, opts, bugs);
    case 'ds-heartbeat': return onDsHeartbeat(s, from, connId, ctx, opts, bugs);
    case 'block-report': return onBlockReport(s, from, m.blocks, ctx, opts, bugs);
    case 'client-req': return onClientRequest(s, m, connId, ctx, opts, bugs);
    case 'apply-block': return onApplyBlock(s, from, m.id, connId, ctx, opts, bugs);
    case 'replicate-block-done': return onReplicateDone(s, from, m, ctx, opts, bugs);
    case 'replicate-block': case 'copy-block': case 'copy-block-done': return s;
    case 'ds-heartbeat-reply': case 'apply-block-reply': case 'ds-write': case 'ds-write-reply': case 'client-resp': case 'ha-pong': case 'tair-advance': case 'tair-save': case 'new-block': case 'remove-block':
      return s;
    default: return unreachable(m);
  }
}

export function handleNs(s: NsState, input: Input<TfsMsg>, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  switch (input.type) {
    case 'message':
      if (!isIntact(input.msg)) return patchedNs(s, { corruptDropped: s.corruptDropped + 1 });
      return onMessage(s, input.from, input.msg, input.connId, ctx, opts, bugs);
    case 'timer': return onTimer(s, input.name, input.data, ctx, opts, bugs);
    case 'conn-opened':
      if (input.connId !== s.peerConn) return s;
      return shipOplog(onPeerLinkDuringStartup(patchedNs(s, { isPeerConnOpen: true }), ctx), ctx, opts, bugs);
    case 'conn-closed':
      if (input.connId === s.peerConn) {
        // An in-flight batch is re-sent when its response times out.
        ctx.setTimer('peer-reconnect', opts.reconnectDelayUs);
        return patchedNs(s, { peerConn: null, isPeerConnOpen: false });
      }
      return onDsConnClosed(s, input.peer, input.connId);
    case 'disk-done': {
      const tag = input.tag as { kind?: string } | undefined;
      if (tag?.kind === 'flush') {
        const t = tag as { leaseKey: string; end: number };
        return onFlushed(s, t.leaseKey, t.end, ctx, opts, bugs);
      }
      if (tag?.kind === 'staged') return onStaged(s, tag as ReplayTag, ctx);
      if (tag?.kind === 'replay') return onStagedRead(s, tag as ReplayTag, input.records, ctx, opts, bugs);
      return s;
    }
    case 'client': ctx.reply(input.reqId, { ok: false, error: 'not a client node' }); return s;
    default: return unreachable(input);
  }
}

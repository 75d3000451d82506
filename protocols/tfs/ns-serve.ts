// What a nameserver serves: dataserver leases and block reports (whatever its role, on its own address), and through
// the VIP as master: client block requests, apply_block, background tasks.
import { withKey, withoutKeys } from '../../sim/index.ts';
import { patchedNs } from './state-patch.ts';
import type { BugSet, ConnId, NodeId } from '../../sim/index.ts';
import type { ClientOpBody, TfsMsg } from './messages.ts';
import { heartbeatReply, resent, seal } from './messages.ts';
import { OPLOG_TYPE_BLOCK_OP, OPLOG_TYPE_COMPACT_MSG } from './oplog.ts';
import { isCopiesComplete } from './replicate-plan.ts';
import type { NsState } from './state.ts';
import type { TfsOptions } from './options.ts';
import type { NsCtx } from './ns-support.ts';
import { flushedMetaId, send } from './ns-support.ts';
import { isMasterActAllowed, masterActOf, masterMayAct, refuseMasterAct } from './ns-role.ts';
import { loggedOplog } from './ns-oplog.ts';
import { BUG_NO_ALIVE_CHECK } from './bugs.ts';
import { deleteBlock } from './ns-admin.ts';
import { forgetReportOfOldConn, noteReportAsked, relieveUnreported } from './ns-report-relieve.ts';
import { isPeriodicReportDue, notePeriodicReport, scheduleNextReport } from './ns-report-periodic.ts';
import { learnReported, runRedundant } from './redundant.ts';

/** get_alive_block_id_ skips ids the block manager already knows; a bound on that loop. */
const ALIVE_SKIP_MAX = 1_000_000;

/**
 * A DS lease heartbeat (apply / renew on the heart port) registers the DS; its block report is asked for separately.
 * No role check (heart_manager.cpp @0365c90 L129-141, L246-361): the slave keeps its own leases with the DSs and asks
 * for their reports on its own schedule (layout_manager.cpp L867-915 check_all_server_lease_timeout_, no master check).
 */
export function onDsHeartbeat(s0: NsState, from: NodeId, connId: ConnId | null, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  if (connId === null) return s0;
  // isDsLeaseVipOnly (the seed's picture): only a master that may act serves the DS, over the VIP.
  const [mayAct, s1r] = opts.isDsLeaseVipOnly ? masterMayAct(s0, ctx, opts, bugs, 'answer-dataserver') : [true, s0] as const;
  const s1 = mayAct ? forgetReportOfOldConn(s1r, from, connId) : s1r;
  // The first report on this connection, or the periodic one (ns-report-periodic.ts) once its time has come.
  const isReportWanted = mayAct && (s1.dsReported[from] !== true || isPeriodicReportDue(s1, from, ctx.nowUs));
  const role = opts.isDsLeaseVipOnly ? (mayAct ? 'master' : 'slave') : s1.role;
  ctx.send(connId, resent(heartbeatReply(role, isReportWanted)));
  const s = isReportWanted ? noteReportAsked(s1, from, connId) : s1;
  if (!mayAct || s.dsConns[from] === connId) return s;
  return patchedNs(s, { dsConns: withKey(s.dsConns, from, connId) });
}

/**
 * A full block report, applied whatever the role (heart_manager report_block_ -> ClientRequestServer::report_block ->
 * update_relation; nameserver.cpp L663-705 do_slave_msg_helper admits it): never logged ("block meta info build from
 * all dataserver"), so each nameserver's relations follow the DSs' own reports.
 */
export function onBlockReport(s0: NsState, from: NodeId, blocks: readonly number[], ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  const [mayAct, s] = opts.isDsLeaseVipOnly ? masterMayAct(s0, ctx, opts, bugs, 'learn-block-report') : [true, s0] as const;
  if (!mayAct) return s;
  // Reported blocks `from` is not listed on are built, or beyond max_replication_ swapped (and queued on the master: redundant.ts).
  const learnt = learnReported(s, from, blocks, ctx.nowUs);
  // A full report (trunk's update_relation): the blocks listed on `from` at the ask that it lacks are relieved.
  const ask = s.dsReportAsks?.[from];
  const has = new Set(blocks);
  const unreported = ask !== undefined && ask.connId === s.dsConns[from] ? ask.blocks.filter((id) => !has.has(id)) : [];
  const applied = relieveUnreported(patchedNs(learnt, { dsReported: withKey(s.dsReported, from, true) }), from, blocks);
  // report_block then sets the DS's next report time (the periodic full report).
  const next = notePeriodicReport(s, scheduleNextReport(applied, from, ctx, opts), from, blocks, ctx.nowUs);
  const count = withKey(s.dsReportCount ?? {}, from, (s.dsReportCount?.[from] ?? 0) + 1);
  return patchedNs(next, { dsReportCount: count, lastReport: { ds: from, reported: blocks, unreported, blocks: next.blocks } });
}

export function onDsConnClosed(s: NsState, peer: NodeId, connId: ConnId): NsState {
  if (s.dsConns[peer] !== connId) return s;
  return patchedNs(s, { dsConns: withoutKeys(s.dsConns, [peer]), dsReported: withoutKeys(s.dsReported, [peer]) });
}

// The helpers below are module functions (or return their closure unnamed), not closures bound to a name inside the
// handlers: under tsx (esbuild's keepNames) each such closure is named by an Object.defineProperty at every call.

function refuseApply(s: NsState, id: number, connId: ConnId, ctx: NsCtx): NsState {
  send(ctx, connId, { type: 'apply-block-reply', id, blockId: null, leaseUs: 0 });
  return s;
}

function isLeaseFree(s: NsState, id: number, nowUs: number): boolean {
  const l = s.blockLeases[id];
  return l === undefined || l.expiresAtUs <= nowUs;
}

/** Answers a client request with an error code. */
const failer = (ctx: NsCtx, connId: ConnId, id: number): ((error: string) => void) => (error) => send(ctx, connId, { type: 'client-resp', id, result: { ok: false, error } });

/** apply_block: grant a DS a write lease on a block it holds with all its copies (check_copies_complete) and no live lease here; refused in the safe window. */
export function onApplyBlock(s0: NsState, from: NodeId, id: number, connId: ConnId | null, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  if (connId === null) return s0;
  if (s0.role !== 'master' || s0.status !== 'initialized' || ctx.nowUs < s0.applyBlockSafeModeTimeUs) return refuseApply(s0, id, connId, ctx);
  const ids = s0.blocks.ids.filter((id, i) => s0.blocks.values[i]!.includes(from) && isCopiesComplete(s0.blocks.values[i]!, opts) && isLeaseFree(s0, id, ctx.nowUs));
  if (ids.length === 0) return refuseApply(s0, id, connId, ctx);
  const [mayAct, s] = masterMayAct(s0, ctx, opts, bugs, 'grant-block-lease');
  if (!mayAct) return refuseApply(s, id, connId, ctx);
  const blockId = ids[0]!;
  send(ctx, connId, { type: 'apply-block-reply', id, blockId, leaseUs: opts.dsLeaseExpireTimeUs });
  return patchedNs(s, { blockLeases: withKey(s.blockLeases, String(blockId), { ds: from, expiresAtUs: ctx.nowUs + opts.dsLeaseExpireTimeUs }) });
}

export function onClientRequest(s0: NsState, m: { id: number; op: ClientOpBody }, connId: ConnId | null, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  if (connId === null) return s0;
  const fail = failer(ctx, connId, m.id);
  if (s0.status !== 'initialized' || s0.role !== 'master') { fail('EXIT_ROLE_ERROR'); return s0; }
  switch (m.op.type) {
    case 'create-block': return createBlock(s0, m.id, connId, ctx, opts, bugs, fail);
    case 'write-file': {
      // The client writes to a block a DS holds a write lease on: the master names the block and that DS.
      const [mayAct, s] = masterMayAct(s0, ctx, opts, bugs, 'assign-write');
      if (!mayAct) { fail('EXIT_ROLE_ERROR'); return s; }
      const live = Object.keys(s.blockLeases).filter((k) => s.blockLeases[k]!.expiresAtUs > ctx.nowUs).map(Number).sort((a, b) => a - b);
      if (live.length === 0) { fail('EXIT_NO_WRITABLE_BLOCK'); return s; }
      const blockId = live[m.id % live.length]!;
      send(ctx, connId, { type: 'client-resp', id: m.id, result: { ok: true, blockId, servers: [s.blockLeases[String(blockId)]!.ds] } });
      return s;
    }
    case 'create-block-by-id': return createBlockById(s0, m.op.blockId, m.id, connId, ctx, opts, bugs, fail);
    case 'delete-block': return deleteBlock(s0, m.op.blockId, m.id, connId, ctx, opts, bugs, fail);
    case 'read-block': {
      const [mayAct, s] = masterMayAct(s0, ctx, opts, bugs, 'read-block');
      if (!mayAct) { fail('EXIT_ROLE_ERROR'); return s; }
      const ids = s.blocks.ids;
      if (ids.length === 0) { fail('EXIT_NO_BLOCK'); return s; }
      const at = Math.abs(m.op.nth) % ids.length;
      send(ctx, connId, { type: 'client-resp', id: m.id, result: { ok: true, blockId: ids[at]!, servers: s.blocks.values[at]! } });
      return s;
    }
    default: fail('EXIT_UNKNOWN_MSGTYPE'); return s0;
  }
}

/** Allocate an id (generation() past known ids), create it on every connected DS, log BLOCK_OP insert. */
function createBlock(s0: NsState, reqId: number, connId: ConnId, ctx: NsCtx, opts: TfsOptions, bugs: BugSet, fail: (e: string) => void): NsState {
  if (!s0.isAllocGateOpen) { fail('EXIT_BLOCK_ID_NOT_READY'); return s0; }
  // choose_create_block_target_server: max_replication_ of the connected dataservers (fewer if fewer are up: the
  // replicate planner completes the block later).
  const servers = Object.keys(s0.dsConns).sort().slice(0, opts.maxReplication);
  if (servers.length === 0) { fail('EXIT_NO_DATASERVER'); return s0; }
  if (!isMasterActAllowed(s0, opts, 'allocate-block')) { const refused = refuseMasterAct(s0, ctx, opts, bugs); fail('EXIT_ROLE_ERROR'); return refused; }
  // One copy of the state for the act, the allocation, the meta flush and the log (none of them reads another's field).
  const s1 = s0;
  let blockId = s1.globalBlockId + 1;
  // get_alive_block_id_: skip ids the block manager knows (tfs/create-by-id-no-alive-check drops the check).
  const isAliveChecked = !bugs.has(BUG_NO_ALIVE_CHECK);
  for (let i = 0; i < ALIVE_SKIP_MAX && isAliveChecked && s1.blocks.has(blockId); i++) blockId++;
  const tag = `${s1.self}:${s1.termNonce}:${blockId}`;
  // The Tair value this term's base came from, sent only for an id this master does not know: a DS holding it can then
  // tell 2.5.5's unsaved-id window from an allocation that skipped the alive check (tfs/create-by-id-no-alive-check).
  const mirror = !s1.blocks.has(blockId) ? s1.mirrorSeen ?? undefined : undefined;
  // One sealed announcement for every server: the same text each (messages.ts seal).
  const announce = seal({ type: 'new-block', blockId, tag, ...(mirror !== undefined ? { mirror } : {}) });
  for (const ds of servers) ctx.send(s1.dsConns[ds]!, announce);
  const lastMasterAct = masterActOf(s1, ctx, 'allocate-block');
  const blocks = s1.blocks.with(blockId, servers);
  const flushedBlockId = flushedMetaId(blockId, s1.flushedBlockId, ctx, opts);
  const oplog = loggedOplog(s1, ctx, opts, OPLOG_TYPE_BLOCK_OP, { kind: 'block-op', cmd: 'insert', blockId, servers });
  send(ctx, connId, { type: 'client-resp', id: reqId, result: { ok: true, blockId, servers } });
  return patchedNs(s1, { lastMasterAct, globalBlockId: blockId, blocks, flushedBlockId, oplog });
}

/**
 * A client opens a block by id with T_NEWBLK (client_request_server.cpp:155-167): a block the manager knows is simply
 * returned; an unknown one is created unless in the discard_newblk safe mode, and the factory's generation() is
 * called once (layout_manager.cpp:1116, which passes the id as `verify`: one id consumed, not advanced past it).
 */
function createBlockById(s0: NsState, blockId: number, reqId: number, connId: ConnId, ctx: NsCtx, opts: TfsOptions, bugs: BugSet, fail: (e: string) => void): NsState {
  if (!Number.isInteger(blockId) || blockId <= 0) { fail('EXIT_BLOCK_ID_INVALID_ERROR'); return s0; }
  const known = s0.blocks.get(blockId);
  if (known === undefined && (ctx.nowUs < s0.discardNewblkSafeModeTimeUs || !s0.isAllocGateOpen)) { fail('EXIT_DISCARD_NEWBLK_ERROR'); return s0; }
  const servers = known ?? Object.keys(s0.dsConns).sort().slice(0, opts.maxReplication);
  if (servers.length === 0) { fail('EXIT_CHOOSE_CREATE_BLOCK_TARGET_SERVER_ERROR'); return s0; }
  if (!isMasterActAllowed(s0, opts, 'create-block-by-id')) { const refused = refuseMasterAct(s0, ctx, opts, bugs); fail('EXIT_ROLE_ERROR'); return refused; }
  const lastMasterAct = masterActOf(s0, ctx, 'create-block-by-id');
  if (known !== undefined) {
    send(ctx, connId, { type: 'client-resp', id: reqId, result: { ok: true, blockId, servers } });
    return patchedNs(s0, { lastMasterAct });
  }
  // One copy of the state for the act, the block, the meta flush and the log (as createBlock).
  const tag = `${s0.self}:${s0.termNonce}:by-id:${blockId}`;
  const announce = seal({ type: 'new-block', blockId, tag });
  for (const ds of servers) ctx.send(s0.dsConns[ds]!, announce);
  const globalBlockId = s0.globalBlockId + 1;
  const blocks = s0.blocks.with(blockId, [...servers]);
  const flushedBlockId = flushedMetaId(globalBlockId, s0.flushedBlockId, ctx, opts);
  send(ctx, connId, { type: 'client-resp', id: reqId, result: { ok: true, blockId, servers } });
  const oplog = loggedOplog(s0, ctx, opts, OPLOG_TYPE_BLOCK_OP, { kind: 'block-op', cmd: 'insert', blockId, servers });
  return patchedNs(s0, { lastMasterAct, blocks, globalBlockId, flushedBlockId, oplog });
}

/**
 * The background slot: idle in safe mode. Replicate tasks are planned on their own 1 s pass (replicate-plan.ts,
 * ns.ts 'replicate-plan'); the redundant thread runs here; compaction is not modelled, so every other pass logs a
 * COMPACT_MSG record for a block without DS work (its replay changes nothing).
 */
export function runBackgroundTask(s00: NsState, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  const s0 = runRedundant(s00, ctx, opts, bugs);
  if (s0.role !== 'master' || s0.status !== 'initialized' || ctx.nowUs < s0.switchTimeUs) return s0;
  // The COMPACT stand-in (isCompactStandInLogged): trunk's check_compact needs a full block with deleted files above
  // compact_delete_ratio_, within compact_hour_range; block info is not modelled, so the stand-in keeps the record path.
  if (!opts.isCompactStandInLogged) return s0;
  if (s0.blocks.size === 0) return s0;
  if (!isMasterActAllowed(s0, opts, 'issue-task')) return refuseMasterAct(s0, ctx, opts, bugs);
  const s = s0;
  const lastMasterAct = masterActOf(s, ctx, 'issue-task');
  const taskSeq = s.taskSeq + 1;
  // The ids sorted as strings (the record's keys once were): which block a task names is in the trace.
  const ids = s.blocks.ids.map(String).sort();
  const blockId = Number(ids[taskSeq % ids.length]);
  if (taskSeq % 2 === 0) return patchedNs(s, { lastMasterAct, taskSeq });
  const oplog = loggedOplog(s, ctx, opts, OPLOG_TYPE_COMPACT_MSG, { kind: 'task', blockId });
  return patchedNs(s, { lastMasterAct, taskSeq, lastTask: { atUs: ctx.nowUs, switchTimeUs: s.switchTimeUs }, oplog });
}

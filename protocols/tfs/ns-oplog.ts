// OpLogSyncManager, master side: log() into the RAM slots, flush to the file queue, ship batches, handle responses.
import { patchedNs, patchedOplog } from './state-patch.ts';
import type { BugSet } from '../../sim/index.ts';
import { BUG_RETRY_CONSUMED } from './bugs.ts';
import type { TfsMsg } from './messages.ts';
import type { OplogBody } from './oplog.ts';
import { chainHash, makeOplogRecord, serializeRecords } from './oplog.ts';
import type { MasterOplog, NsState } from './state.ts';
import type { TfsOptions } from './options.ts';
import type { NsCtx } from './ns-support.ts';
import { QUEUE_FILE, hasValidSlaveLease, send } from './ns-support.ts';
import { isMasterActAllowed, masterActOf, noteMasterAct, refuseMasterAct } from './ns-role.ts';

/**
 * log(type, data): a no-op that still succeeds unless this is a master whose slave holds a valid lease
 * ("treat log operation as a trivial thing.. block meta info build from all dataserver").
 */
export function logOp(s: NsState, ctx: NsCtx, opts: TfsOptions, type: number, body: OplogBody): NsState {
  return patchedNs(s, { oplog: loggedOplog(s, ctx, opts, type, body) });
}

/**
 * logOp for a handler that patches the state itself in the same event: the oplog after the log (s.oplog itself when
 * nothing is logged), flushed when the slots fill. It reads s's role, oplog and slave lease only, so the caller may
 * pass its state from before its own patch when that patch changes none of them.
 */
export function loggedOplog(s: NsState, ctx: NsCtx, opts: TfsOptions, type: number, body: OplogBody): MasterOplog | null {
  const o = s.oplog;
  if (s.role !== 'master' || o === null || !hasValidSlaveLease(s, ctx.nowUs)) return o;
  const rec = makeOplogRecord(o.records.length + 1, ctx.nowUs, type, body);
  // concat, not [...a, x]: the spread walks the array's iterator into a growing copy (the whole oplog, every append).
  // Each argument an array, the hash wrapped too: V8's concat takes its fast path only when every argument is an array
  // (block-map.ts `with`).
  const next = patchedOplog(o, { records: o.records.concat([rec]), hashes: o.hashes.concat([chainHash(o.hashes[o.hashes.length - 1]!, rec.header.crc)]) });
  return next.records.length - next.flushIssuedCount >= opts.oplogSlotsMax ? flushedOplog(next, ctx) : next;
}

/** register_slots: move what waits in RAM into the file queue (appended, never fsync'd): the slots' serialized bytes. */
export function flushOplog(s: NsState, ctx: NsCtx): NsState {
  return s.oplog === null ? s : patchedNs(s, { oplog: flushedOplog(s.oplog, ctx) });
}

/** The oplog `o` after register_slots (o itself when nothing waits in RAM). */
function flushedOplog(o: MasterOplog, ctx: NsCtx): MasterOplog {
  if (o.records.length <= o.flushIssuedCount) return o;
  const end = o.records.length;
  const data = serializeRecords(o.records.slice(o.flushIssuedCount, end));
  ctx.append(QUEUE_FILE, { leaseKey: o.leaseKey, length: data.length, data }, { kind: 'flush', leaseKey: o.leaseKey, end });
  return patchedOplog(o, { flushIssuedCount: end });
}

export function onFlushed(s: NsState, leaseKey: string, end: number, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  if (s.oplog === null || s.oplog.leaseKey !== leaseKey || s.oplog.queuedCount >= end) return s;
  return shipOplogFrom(s, patchedOplog(s.oplog, { queuedCount: end }), ctx, opts, bugs);
}


/** send_log_: one batch in flight; spin until the slave lease is valid; re-send from what the slave acknowledged. */
export function shipOplog(s0: NsState, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  return shipOplogFrom(s0, s0.oplog, ctx, opts, bugs);
}

/**
 * shipOplog of `s0` with its oplog replaced by `o` (what the step before made of it): the new oplog, the act and the
 * batch go into one copy of the state. Nothing here reads s0's oplog; a refusal (which may switch the node down, and
 * that reads the oplog) gets the state with `o` set first.
 */
function shipOplogFrom(s0: NsState, o: MasterOplog | null, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  if (o === null || o.inflight !== null || o.queuedCount <= o.ackedCount) return patchedNs(s0, { oplog: o });
  if (!hasValidSlaveLease(s0, ctx.nowUs) || s0.peerConn === null || !s0.isPeerConnOpen) return patchedNs(s0, { oplog: o });
  if (!isMasterActAllowed(s0, opts, 'ship-oplog')) return refuseMasterAct(patchedNs(s0, { oplog: o }), ctx, opts, bugs);
  const s = s0;
  const endSeqno = Math.min(o.queuedCount, o.ackedCount + opts.oplogBatchMax);
  const batch = o.records.slice(o.ackedCount, endSeqno);
  const batchId = o.batchSeq + 1;
  const tries = o.nextTries;
  const isConsumedRetry = tries > 1 && bugs.has(BUG_RETRY_CONSUMED);
  const data = serializeRecords(batch);
  // Under aa007862 the re-send is the already-consumed packet: length_ still says the batch, data_ is gone (the
  // reader finds no header in it: EXIT_PARAMETER_ERROR, S12).
  send(ctx, s.peerConn!, { type: 'oplog-sync', leaseKey: o.leaseKey, batchId, startSeqno: o.ackedCount + 1, recordCount: batch.length, alloc: !isConsumedRetry, length: data.length, data: isConsumedRetry ? [] : data });
  if (isConsumedRetry) {
    // The retry loop saw the send succeed and moves on: the batch counts as delivered.
    return shipOplogFrom(noteMasterAct(s, ctx, 'ship-oplog'), patchedOplog(o, { ackedCount: endSeqno, batchSeq: batchId, nextTries: 1 }), ctx, opts, bugs);
  }
  const timerId = ctx.setTimer('oplog-ack-timeout', opts.oplogAckTimeoutUs, { batchId });
  return patchedNs(s, { lastMasterAct: masterActOf(s, ctx, 'ship-oplog'), oplog: patchedOplog(o, { batchSeq: batchId, inflight: { batchId, endSeqno, tries, timerId } }) });
}

/** No answer: send_log_ tries again, and after oplogSendTriesMax tries gives the batch up (the file queue moves on). */
export function onAckTimeout(s: NsState, batchId: number, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  const o = s.oplog;
  const inflight = o?.inflight;
  if (o === null || o === undefined || inflight === null || inflight === undefined || inflight.batchId !== batchId) return s;
  if (inflight.tries < opts.oplogSendTriesMax) {
    return shipOplogFrom(s, patchedOplog(o, { inflight: null, nextTries: inflight.tries + 1 }), ctx, opts, bugs);
  }
  const lost = inflight.endSeqno - o.ackedCount;
  ctx.anomaly('oplog-batch-given-up', `${s.self}: no complete answer for records ${o.ackedCount + 1}..${inflight.endSeqno} after ${inflight.tries} tries`);
  return shipOplogFrom(s, patchedOplog(o, { inflight: null, nextTries: 1, ackedCount: inflight.endSeqno, givenUpCount: o.givenUpCount + lost }), ctx, opts, bugs);
}

/** OpLogSyncResponeMessage: complete_flag trusted as the real code does; an incomplete answer (isIncompleteBatchRerequested) re-sends. */
export function onOplogAck(s: NsState, m: Extract<TfsMsg, { type: 'oplog-ack' }>, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  const o = s.oplog;
  if (o === null || m.leaseKey !== o.leaseKey) return s;
  const inflight = o.inflight;
  const isThisBatch = inflight !== null && inflight.batchId === m.batchId;
  let acked = Math.max(o.ackedCount, Math.min(m.nextSeqno - 1, o.records.length));
  if (isThisBatch && m.isComplete) acked = Math.max(acked, inflight.endSeqno);
  const isDone = inflight !== null && (isThisBatch || acked >= inflight.endSeqno);
  if (isDone) ctx.cancelTimer(inflight.timerId);
  const next = isDone ? patchedOplog(o, { ackedCount: acked, inflight: null, nextTries: m.isComplete ? 1 : inflight.tries + 1 }) : patchedOplog(o, { ackedCount: acked });
  if (acked >= next.flushIssuedCount && acked > o.ackedCount && next.inflight === null) {
    // Every queued batch consumed: the file queue can be emptied.
    ctx.truncate(QUEUE_FILE, 0);
  }
  if (isDone && !m.isComplete) {
    // The slave stopped (CRC error, gap, lease not yet known): ask again shortly from its position.
    ctx.setTimer('oplog-retry', Math.floor(opts.oplogAckTimeoutUs / 4), { leaseKey: o.leaseKey });
    return patchedNs(s, { oplog: next });
  }
  return shipOplogFrom(s, next, ctx, opts, bugs);
}

export function onOplogRetry(s: NsState, leaseKey: string, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  if (s.oplog === null || s.oplog.leaseKey !== leaseKey) return s;
  return shipOplog(s, ctx, opts, bugs);
}

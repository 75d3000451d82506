// OpLogSyncManager, master side: log() into the RAM slots, flush to the file queue, ship batches, handle responses.
import { patched } from '../../sim/index.ts';
import type { BugSet } from '../../sim/index.ts';
import { BUG_RETRY_CONSUMED } from './bugs.ts';
import type { TfsMsg } from './messages.ts';
import type { OplogBody } from './oplog.ts';
import { chainHash, makeOplogRecord, serializeRecords } from './oplog.ts';
import type { MasterOplog, NsState } from './state.ts';
import type { TfsOptions } from './options.ts';
import type { NsCtx } from './ns-support.ts';
import { QUEUE_FILE, hasValidSlaveLease, send } from './ns-support.ts';
import { masterMayAct } from './ns-role.ts';

/**
 * log(type, data): a no-op that still succeeds unless this is a master whose slave holds a valid lease
 * ("treat log operation as a trivial thing.. block meta info build from all dataserver").
 */
export function logOp(s: NsState, ctx: NsCtx, opts: TfsOptions, type: number, body: OplogBody): NsState {
  const o = s.oplog;
  if (s.role !== 'master' || o === null || !hasValidSlaveLease(s, ctx.nowUs)) return s;
  const rec = makeOplogRecord(o.records.length + 1, ctx.nowUs, type, body);
  const next = withOplog(s, { records: [...o.records, rec], hashes: [...o.hashes, chainHash(o.hashes[o.hashes.length - 1]!, rec.header.crc)] });
  return next.oplog!.records.length - next.oplog!.flushIssuedCount >= opts.oplogSlotsMax ? flushOplog(next, ctx) : next;
}

/** The state with its (non-null) master oplog updated; the same state when nothing changes. */
function withOplog(s: NsState, p: Partial<MasterOplog>): NsState {
  return patched(s, { oplog: patched(s.oplog!, p) });
}

/** register_slots: move what waits in RAM into the file queue (appended, never fsync'd): the slots' serialized bytes. */
export function flushOplog(s: NsState, ctx: NsCtx): NsState {
  const o = s.oplog;
  if (o === null || o.records.length <= o.flushIssuedCount) return s;
  const end = o.records.length;
  const data = serializeRecords(o.records.slice(o.flushIssuedCount, end));
  ctx.append(QUEUE_FILE, { leaseKey: o.leaseKey, length: data.length, data }, { kind: 'flush', leaseKey: o.leaseKey, end });
  return withOplog(s, { flushIssuedCount: end });
}

export function onFlushed(s: NsState, leaseKey: string, end: number, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  if (s.oplog === null || s.oplog.leaseKey !== leaseKey || s.oplog.queuedCount >= end) return s;
  return shipOplog(withOplog(s, { queuedCount: end }), ctx, opts, bugs);
}


/** send_log_: one batch in flight; spin until the slave lease is valid; re-send from what the slave acknowledged. */
export function shipOplog(s0: NsState, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  const o0 = s0.oplog;
  if (o0 === null || o0.inflight !== null || o0.queuedCount <= o0.ackedCount) return s0;
  if (!hasValidSlaveLease(s0, ctx.nowUs) || s0.peerConn === null || !s0.isPeerConnOpen) return s0;
  const [mayAct, s] = masterMayAct(s0, ctx, opts, bugs, 'ship-oplog');
  if (!mayAct) return s;
  const o = s.oplog!;
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
    return shipOplog(withOplog(s, { ackedCount: endSeqno, batchSeq: batchId, nextTries: 1 }), ctx, opts, bugs);
  }
  const timerId = ctx.setTimer('oplog-ack-timeout', opts.oplogAckTimeoutUs, { batchId });
  return withOplog(s, { batchSeq: batchId, inflight: { batchId, endSeqno, tries, timerId } });
}

/** No answer: send_log_ tries again, and after oplogSendTriesMax tries gives the batch up (the file queue moves on). */
export function onAckTimeout(s: NsState, batchId: number, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  const o = s.oplog;
  const inflight = o?.inflight;
  if (o === null || o === undefined || inflight === null || inflight === undefined || inflight.batchId !== batchId) return s;
  if (inflight.tries < opts.oplogSendTriesMax) {
    return shipOplog(withOplog(s, { inflight: null, nextTries: inflight.tries + 1 }), ctx, opts, bugs);
  }
  const lost = inflight.endSeqno - o.ackedCount;
  ctx.anomaly('oplog-batch-given-up', `${s.self}: no complete answer for records ${o.ackedCount + 1}..${inflight.endSeqno} after ${inflight.tries} tries`);
  return shipOplog(withOplog(s, { inflight: null, nextTries: 1, ackedCount: inflight.endSeqno, givenUpCount: o.givenUpCount + lost }), ctx, opts, bugs);
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
  const next = isDone ? withOplog(s, { ackedCount: acked, inflight: null, nextTries: m.isComplete ? 1 : inflight.tries + 1 }) : withOplog(s, { ackedCount: acked });
  if (acked >= next.oplog!.flushIssuedCount && acked > o.ackedCount && next.oplog!.inflight === null) {
    // Every queued batch consumed: the file queue can be emptied.
    ctx.truncate(QUEUE_FILE, 0);
  }
  if (isDone && !m.isComplete) {
    // The slave stopped (CRC error, gap, lease not yet known): ask again shortly from its position.
    ctx.setTimer('oplog-retry', Math.floor(opts.oplogAckTimeoutUs / 4), { leaseKey: o.leaseKey });
    return next;
  }
  return shipOplog(next, ctx, opts, bugs);
}

export function onOplogRetry(s: NsState, leaseKey: string, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  if (s.oplog === null || s.oplog.leaseKey !== leaseKey) return s;
  return shipOplog(s, ctx, opts, bugs);
}

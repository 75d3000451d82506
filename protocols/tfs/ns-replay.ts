// OpLogSyncManager, slave side: recv_log_ stages a batch in the file queue, reads it back and replays it record by record.
import { produce } from 'immer';
import type { BugSet, ConnId, DiskRecord } from '../../sim/index.ts';
import { canonicalJson } from '../../sim/index.ts';
import { BUG_ACK_CORRUPT_BATCH, BUG_NO_CRC_CHECK } from './bugs.ts';
import type { TfsMsg } from './messages.ts';
import { chainHash, replayHelper } from './oplog.ts';
import type { NsState } from './state.ts';
import type { TfsOptions } from './options.ts';
import type { NsCtx } from './ns-support.ts';
import { QUEUE_FILE, applyEffect, maybeFlushMeta, send } from './ns-support.ts';

/** Records one batch may hold before the slave stops reading it (a named limit on the replay loop). */
const BATCH_RECORDS_MAX = 100_000;

export interface ReplayTag { readonly kind: 'replay' | 'staged'; readonly index: number; readonly leaseKey: string; readonly batchId: number; readonly connId: ConnId }

export function onOplogSync(s: NsState, m: Extract<TfsMsg, { type: 'oplog-sync' }>, connId: ConnId | null, ctx: NsCtx): NsState {
  // A master does not replay (the real one forwards to its peer once a lease is valid: transfer_log_msg_).
  if (connId === null || s.role !== 'slave' || s.status !== 'initialized') return s;
  const batchId = typeof m.batchId === 'number' ? m.batchId : -1;
  if (typeof m.leaseKey !== 'string' || s.applied === null || m.leaseKey !== s.applied.leaseKey) {
    send(ctx, connId, { type: 'oplog-ack', leaseKey: String(m.leaseKey), batchId, isComplete: false, nextSeqno: 1 });
    return s;
  }
  // Stage the batch as received; replay what the disk gives back (a damaged record fails its CRC there).
  const tag: ReplayTag = { kind: 'replay', index: s.stagedCount, leaseKey: m.leaseKey, batchId, connId };
  ctx.append(QUEUE_FILE, { leaseKey: m.leaseKey, records: m.records }, { ...tag, kind: 'staged' });
  return produce(s, (d) => { d.stagedCount++; });
}

/** The batch is in the file queue: the FileQueueThread pops it (reads it back) to replay it. */
export function onStaged(s: NsState, tag: ReplayTag, ctx: NsCtx): NsState {
  if (s.applied === null || s.applied.leaseKey !== tag.leaseKey || s.role !== 'slave') return s;
  ctx.read(QUEUE_FILE, { ...tag, kind: 'replay' });
  return s;
}

/** The staged batch is back from disk: replay_helper each record, stop at the first error, answer the master. */
export function onStagedRead(s0: NsState, tag: ReplayTag, records: readonly DiskRecord[] | null, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  let s = s0;
  if (s.applied === null || s.applied.leaseKey !== tag.leaseKey || s.role !== 'slave') return s;
  const staged = records?.[tag.index]?.data as { leaseKey?: unknown; records?: unknown } | undefined;
  // A queue entry whose own header is damaged fails the file queue's check: nothing in it is replayed.
  const isEntryIntact = Array.isArray(staged?.records) && staged.leaseKey === tag.leaseKey;
  const list: readonly unknown[] = isEntryIntact ? (staged!.records as unknown[]) : [];
  let isStopped = !isEntryIntact;
  let isError = !isEntryIntact;
  if (!isEntryIntact) s = produce(s, (d) => { d.crcErrors++; });
  for (let i = 0; i < list.length && i < BATCH_RECORDS_MAX; i++) {
    const raw = list[i];
    const r = replayHelper(raw, !bugs.has(BUG_NO_CRC_CHECK));
    if (r.code !== 'TFS_SUCCESS') {
      ctx.log(`replay_helper: ${r.code} at seqno ${r.seqno}`);
      s = produce(s, (d) => {
        if (r.code === 'EXIT_CHECK_CRC_ERROR') d.crcErrors++;
        if (r.code === 'EXIT_PLAY_LOG_ERROR') d.playLogErrors++;
      });
      isStopped = true;
      isError = true;
      break;
    }
    const applied = s.applied!;
    if (r.seqno <= applied.count) continue;
    if (r.seqno !== applied.count + 1) { isStopped = true; break; }
    // The real CRC runs over header.length_ bytes: a record whose length or CRC does not match its content is bad.
    const header = (raw as { header: { crc: unknown; length: unknown } }).header;
    const isBad = header.crc !== r.contentCrc || header.length !== canonicalJson((raw as { body: unknown }).body).length;
    s = applyEffect(s, r.effect!);
    s = produce(s, (d) => {
      d.applied = { ...applied, count: applied.count + 1, hash: chainHash(applied.hash, r.contentCrc) };
      if (isBad) d.badCrcApplied++;
    });
  }
  s = maybeFlushMeta(s, ctx, opts);
  if (isError) s = produce(s, (d) => { d.rerequests++; });
  if (tag.index + 1 === s.stagedCount) {
    ctx.truncate(QUEUE_FILE, 0);
    s = produce(s, (d) => { d.stagedCount = 0; });
  }
  // recv_log_ answers complete even when replay failed: that is tfs/ack-corrupt-batch; the default asks again.
  const isComplete = bugs.has(BUG_ACK_CORRUPT_BATCH) ? true : !isStopped;
  send(ctx, tag.connId, { type: 'oplog-ack', leaseKey: tag.leaseKey, batchId: tag.batchId, isComplete, nextSeqno: s.applied!.count + 1 });
  return s;
}

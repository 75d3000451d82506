// OpLogSyncManager, slave side: recv_log_ stages a batch in the file queue, reads it back and replays it record by record.
import type { BugSet, ConnId, DiskRecord } from '../../sim/index.ts';
import { patched } from '../../sim/index.ts';
import { patchedNs, withNsDraft } from './state-patch.ts';
import { BUG_NO_CRC_CHECK } from './bugs.ts';
import type { TfsMsg } from './messages.ts';
import { chainHash, replayHelper } from './oplog.ts';
import type { NsState, SlaveApplied } from './state.ts';
import type { TfsOptions } from './options.ts';
import type { NsCtx } from './ns-support.ts';
import { QUEUE_FILE, applyEffect, maybeFlushMeta, send } from './ns-support.ts';

/** Records one batch may hold before the slave stops reading it (a named limit on the replay loop). */
const BATCH_RECORDS_MAX = 100_000;

export interface ReplayTag {
  readonly kind: 'replay' | 'staged';
  readonly index: number;
  readonly leaseKey: string;
  readonly batchId: number;
  readonly startSeqno: number;
  readonly recordCount: number;
  readonly connId: ConnId;
}

/**
 * recv_log_ runs on a node that is not master (a master hands the message to transfer_log_msg_, whose retry loop at
 * @0365c90 never sends: `ret` starts as TFS_SUCCESS and the loop runs only while it is not, so the message is dropped).
 * The real slave replays any batch; isIncompleteBatchRerequested refuses one for a lease it does not hold.
 */
export function onOplogSync(s: NsState, m: Extract<TfsMsg, { type: 'oplog-sync' }>, connId: ConnId | null, ctx: NsCtx, opts: TfsOptions): NsState {
  if (connId === null || s.status !== 'initialized') return s;
  if (s.role === 'master') {
    // handlePacketQueue -> transfer_log_msg_: no send, no reply; the sender's send_log_ times out (retries, gives up).
    ctx.log(`transfer_log_msg_: oplog batch ${m.batchId} (records ${m.startSeqno}..${m.startSeqno + m.recordCount - 1}) reached a master and was dropped`);
    return patchedNs(s, { oplogSyncDroppedAsMaster: s.oplogSyncDroppedAsMaster + 1 });
  }
  if (s.role !== 'slave') return s;
  const isOwnLease = s.applied !== null && m.leaseKey === s.applied.leaseKey;
  if (!isOwnLease && opts.isIncompleteBatchRerequested) {
    send(ctx, connId, { type: 'oplog-ack', leaseKey: m.leaseKey, batchId: m.batchId, isComplete: false, nextSeqno: 1 });
    return s;
  }
  // Stage the batch as received; replay what the disk gives back (a damaged record fails its CRC there).
  const tag: ReplayTag = { kind: 'replay', index: s.stagedCount, leaseKey: m.leaseKey, batchId: m.batchId, startSeqno: m.startSeqno, recordCount: m.recordCount, connId };
  ctx.append(QUEUE_FILE, { leaseKey: m.leaseKey, length: m.length, data: m.data }, { ...tag, kind: 'staged' });
  return patchedNs(s, { stagedCount: s.stagedCount + 1 });
}

/** The batch is in the file queue: the FileQueueThread pops it (reads it back) to replay it. */
export function onStaged(s: NsState, tag: ReplayTag, ctx: NsCtx): NsState {
  if (s.role !== 'slave') return s;
  ctx.read(QUEUE_FILE, { ...tag, kind: 'replay' });
  return s;
}

const freshApplied = (leaseKey: string): SlaveApplied =>
  ({ leaseKey, count: 0, gapCount: 0, droppedCount: 0, hash: 0, isContiguous: true, lastReplayed: [], masterLoggedCount: 0 });

/**
 * Observation: the slave accounts for the record at batch position `seqno` (startSeqno + index: the envelope is
 * checksummed, the record's own seqno is not trusted). Replayed records extend the prefix hash while no gap or drop
 * came before; a position above count + 1 means the records between never arrived (the master gave their batch up).
 */
function account(a: SlaveApplied, seqno: number, contentCrc: number | null): SlaveApplied {
  if (seqno <= a.count) return a;
  const gap = seqno - a.count - 1;
  const isContiguous = a.isContiguous && gap === 0 && contentCrc !== null;
  return {
    ...a, count: seqno, gapCount: a.gapCount + gap, isContiguous,
    droppedCount: a.droppedCount + (contentCrc === null ? 1 : 0),
    hash: isContiguous ? chainHash(a.hash, contentCrc) : a.hash,
  };
}

/**
 * The staged batch is back from disk: replay_helper each record. recv_log_ breaks at any error but
 * EXIT_PLAY_LOG_ERROR, then sets the complete flag whatever happened (oplog_sync_manager.cpp@0365c90 L317-342): the
 * tail after a damaged record is lost (anomaly oplog-batch-tail-dropped). isIncompleteBatchRerequested answers
 * incomplete with its position instead, skips records it has, and stops at a gap.
 */
export const onStagedRead = (s0: NsState, tag: ReplayTag, records: readonly DiskRecord[] | null, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState =>
  withNsDraft(replayStaged, s0, tag, records, ctx, opts, bugs);

/**
 * onStagedRead's replay, run in a draft scope (state-patch.ts withNsDraft): every patch below goes to the one local `s`
 * and no earlier version of it is kept (s0 is the world's state, never the draft; `ownApplied` and the other saved
 * values are fields, not states), so its patches after the first write into one copy.
 */
function replayStaged(s0: NsState, tag: ReplayTag, records: readonly DiskRecord[] | null, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  let s = s0;
  if (s.role !== 'slave' || s.status !== 'initialized') return s;
  const isOwnLease = s.applied !== null && s.applied.leaseKey === tag.leaseKey;
  if (!isOwnLease && opts.isIncompleteBatchRerequested) return s;
  // A batch of a lease the slave does not hold (yet) is replayed all the same (recv_log_ has no lease check); account
  // it apart, so a LOGIN reply that arrives after the master's first batch finds what was replayed under its lease.
  const ownApplied = s.applied;
  const isPreLease = !isOwnLease;
  if (isPreLease) {
    const pre = s.preLeaseApplied !== null && s.preLeaseApplied.leaseKey === tag.leaseKey ? s.preLeaseApplied : freshApplied(tag.leaseKey);
    s = patchedNs(s, { applied: pre });
  }
  const staged = records?.[tag.index]?.data as { leaseKey?: unknown; length?: unknown; data?: unknown } | undefined;
  // A queue entry whose own header is damaged fails the file queue's check: nothing in it is replayed.
  const isEntryIntact = Array.isArray(staged?.data) && typeof staged.length === 'number' && staged.leaseKey === tag.leaseKey;
  const data: readonly number[] = isEntryIntact ? (staged!.data as number[]) : [];
  // recv_log_ parses length_ bytes; the model reads no further than the bytes the buffer holds.
  const dataLen = isEntryIntact ? Math.min(staged!.length as number, data.length) : 0;
  let isStopped = !isEntryIntact;
  if (!isEntryIntact) s = patchedNs(s, { crcErrors: s.crcErrors + 1 });
  const replayed: [number, number][] = [];
  let stoppedAt = isEntryIntact ? tag.startSeqno + tag.recordCount : tag.startSeqno;
  // While aligned, call i starts at the master's record startSeqno + i. A call that leaves `pos` anywhere but the end
  // of its record (an unknown type_ leaves it after the header; a type_ turned into another valid type deserializes
  // the wrong body) misaligns the loop: later calls parse from inside records (see parseMisaligned).
  let lostFrom: number | null = null;
  let pos = 0;
  for (let i = 0; pos < dataLen && i < BATCH_RECORDS_MAX; i++) {
    const at = tag.startSeqno + i;
    const r = replayHelper(data, dataLen, pos, !bugs.has(BUG_NO_CRC_CHECK), (id) => s.blocks.has(id));
    if (lostFrom !== null) {
      // Bytes from inside a record parsed as a header: garbage to the master's oplog, played as trunk plays it.
      s = parseMisaligned(s, r, ctx);
      if (r.code !== 'TFS_SUCCESS' && r.code !== 'EXIT_PLAY_LOG_ERROR') break;
      pos = r.nextPos;
      continue;
    }
    if (r.code !== 'TFS_SUCCESS') {
      ctx.log(`replay_helper: ${r.code} at seqno ${at}`);
      if (r.code === 'EXIT_CHECK_CRC_ERROR') s = patchedNs(s, { crcErrors: s.crcErrors + 1 });
      if (r.code === 'EXIT_PLAY_LOG_ERROR') s = patchedNs(s, { playLogErrors: s.playLogErrors + 1 });
      if (r.code === 'EXIT_PLAY_LOG_ERROR' && !opts.isIncompleteBatchRerequested) {
        // recv_log_ goes on past a record it cannot play: that record is lost here.
        if (at > s.applied!.count) {
          ctx.anomaly('oplog-unplayable-record-skipped', `${s.self}: record ${at} could not be played (EXIT_PLAY_LOG_ERROR) and was skipped`);
          s = patchedNs(s, { applied: { ...account(s.applied!, at, null), lastReplayed: s.applied!.lastReplayed } });
        }
        if (!r.isAligned) {
          lostFrom = at + 1;
          ctx.anomaly('oplog-replay-misaligned', `${s.self}: record ${at}'s type_ (outside its CRC) is unknown; replay_helper left pos inside it and parses on from there`);
        }
        pos = r.nextPos;
        continue;
      }
      isStopped = true;
      stoppedAt = at;
      break;
    }
    if (opts.isIncompleteBatchRerequested) {
      if (at <= s.applied!.count) { pos = r.nextPos; continue; }
      // The fix also refuses a record whose body does not fill exactly length_ (a type_ damaged into another type).
      if (at !== s.applied!.count + 1 || !r.isAligned) { isStopped = true; stoppedAt = at; break; }
    }
    s = applyEffect(s, r.effect!);
    // The real CRC runs over header.length_ bytes: a record it rejects is applied only without the check.
    if (r.isCrcBad) s = patchedNs(s, { badCrcApplied: s.badCrcApplied + 1 });
    if (r.isAligned) {
      replayed.push([at, r.contentCrc]);
      s = patchedNs(s, { applied: { ...account(s.applied!, at, r.contentCrc), lastReplayed: s.applied!.lastReplayed } });
    } else {
      // type_ lies outside the CRC: a damaged one that names another valid type plays the body as that type.
      ctx.anomaly('oplog-record-misread', `${s.self}: record ${at} passed its CRC but its type_ was damaged: played as type ${r.effect!.kind}, not the master's record`);
      s = patchedNs(s, { applied: { ...account(s.applied!, at, null), lastReplayed: s.applied!.lastReplayed } });
      lostFrom = at + 1;
      ctx.anomaly('oplog-replay-misaligned', `${s.self}: record ${at} was played with a body length other than its length_; replay_helper parses on from inside the batch`);
    }
    pos = r.nextPos;
  }
  if (lostFrom !== null) { isStopped = true; stoppedAt = lostFrom; }
  s = maybeFlushMeta(s, ctx, opts);
  if (isStopped) s = patchedNs(s, { rerequests: s.rerequests + 1 });
  if (tag.index + 1 === s.stagedCount) {
    ctx.truncate(QUEUE_FILE, 0);
    s = patchedNs(s, { stagedCount: 0 });
  }
  const endSeqno = tag.startSeqno + tag.recordCount - 1;
  const a = s.applied!;
  if (!opts.isIncompleteBatchRerequested && isStopped && endSeqno > a.count) {
    // Answered complete without replaying the rest: the tail is lost here (the batch's records are known by position).
    const from = Math.max(a.count + 1, stoppedAt);
    ctx.anomaly('oplog-batch-tail-dropped', `${s.self}: replay stopped; records ${from}..${endSeqno} acknowledged complete but not replayed`);
    s = patchedNs(s, { applied: { ...a, lastReplayed: replayed, gapCount: a.gapCount + Math.max(0, from - a.count - 1), droppedCount: a.droppedCount + endSeqno - from + 1, count: endSeqno, isContiguous: false } });
  } else s = patchedNs(s, { applied: patched(a, { lastReplayed: replayed }) });
  const isComplete = !opts.isIncompleteBatchRerequested || !isStopped;
  const nextSeqno = isOwnLease ? s.applied!.count + 1 : endSeqno + 1;
  if (isPreLease) {
    const pre = s.applied;
    s = patchedNs(s, { preLeaseApplied: pre, applied: ownApplied });
  }
  send(ctx, tag.connId, { type: 'oplog-ack', leaseKey: tag.leaseKey, batchId: tag.batchId, isComplete, nextSeqno });
  return s;
}

/**
 * A replay_helper call after the loop lost alignment: its header is bytes from inside a record. Most such headers fail
 * the CRC (the loop breaks) or are short; a header whose crc_ and length_ read 0 passes (the CRC of no bytes is 0)
 * and its type_ dispatches the bytes after it: trunk plays whatever they deserialize to (anomaly
 * oplog-misparsed-record-applied). None of it is accounted as a master record (the batch's rest counts as dropped).
 */
function parseMisaligned(s: NsState, r: ReturnType<typeof replayHelper>, ctx: NsCtx): NsState {
  if (r.code === 'EXIT_CHECK_CRC_ERROR') return patchedNs(s, { crcErrors: s.crcErrors + 1 });
  if (r.code === 'EXIT_PLAY_LOG_ERROR') return patchedNs(s, { playLogErrors: s.playLogErrors + 1 });
  if (r.code !== 'TFS_SUCCESS') return s;
  ctx.anomaly('oplog-misparsed-record-applied', `${s.self}: bytes from inside a record passed replay_helper's CRC as a record and were played: ${JSON.stringify(r.effect)}`);
  const next = applyEffect(s, r.effect!);
  return r.isCrcBad ? patchedNs(next, { badCrcApplied: next.badCrcApplied + 1 }) : next;
}

// The transport checksum (crcOf of what a sum covers, messages.ts `covered`) folded from a table of each message type's
// members (sim's shape-crc.ts) instead of the generic canonical fold: the same CRC-32 steps over the same text.
//
// Why: seal() takes a sum for almost every event of a TFS seed (about 0.8 messages per event), and the generic fold pays
// per message for a key array and its sort, a call per token into its sink and a megamorphic keyed load per member.
// Here are TFS's tables: which members each message type, client op and result has, and which of them a sum covers.
import type { CrcMembers, CrcShape, CrcTable } from '../../sim/index.ts';
import { crcShapeOf, crcShapesByType, shapedCrc } from '../../sim/index.ts';
import type { ClientOpBody, ClientResult, TfsMsg } from './messages.ts';

/** Every member of M but the sum: true when the sum covers it, false when not (an OpLogSyncMessage's data_). */
type Members<M> = CrcMembers<M, 'sum'>;
type Table<U extends { readonly type: string }> = CrcTable<U, 'sum'>;

// The types make a member missing from an entry a compile error, and an extra one an excess-property error.
const MESSAGE_MEMBERS: Table<TfsMsg> = {
  'ns-keepalive': { type: true, id: true, kind: true, leaseKey: true },
  'ns-keepalive-reply': { type: true, id: true, ok: true, error: true, leaseKey: true, leaseUs: true, loggedCount: true },
  'ns-get-role': { type: true, id: true },
  'ns-role': { type: true, id: true, role: true },
  'oplog-sync': { type: true, leaseKey: true, batchId: true, startSeqno: true, recordCount: true, alloc: true, length: true, data: false },
  'oplog-ack': { type: true, leaseKey: true, batchId: true, isComplete: true, nextSeqno: true },
  'ha-ping': { type: true, epochUs: true, n: true, holder: true },
  'ha-pong': { type: true, n: true, role: true },
  'ha-switch': { type: true, epochUs: true, n: true },
  'tair-advance': { type: true, id: true, value: true, skip: true },
  'tair-advanced': { type: true, id: true, value: true, mirror: true },
  'tair-save': { type: true, value: true },
  'ds-heartbeat': { type: true },
  'ds-heartbeat-reply': { type: true, role: true, isReportWanted: true },
  'block-report': { type: true, blocks: true },
  'new-block': { type: true, blockId: true, tag: true, mirror: true },
  'apply-block': { type: true, id: true },
  'remove-block': { type: true, blockId: true },
  'apply-block-reply': { type: true, id: true, blockId: true, leaseUs: true },
  'replicate-block': { type: true, seqno: true, blockId: true, source: true, dest: true },
  'copy-block': { type: true, seqno: true, blockId: true, tag: true, source: true, dest: true },
  'copy-block-done': { type: true, seqno: true, blockId: true, source: true, dest: true, isFailed: true },
  'replicate-block-done': { type: true, seqno: true, blockId: true, source: true, dest: true, isMove: true, isFailed: true },
  'ds-write': { type: true, id: true, blockId: true },
  'ds-write-reply': { type: true, id: true, isOk: true, error: true },
  'client-req': { type: true, id: true, op: true },
  'client-resp': { type: true, id: true, result: true }
};

const OP_MEMBERS: Table<ClientOpBody> = {
  'create-block': { type: true },
  'create-block-by-id': { type: true, blockId: true },
  'read-block': { type: true, nth: true },
  'write-file': { type: true },
  'delete-block': { type: true, blockId: true }
};

const RESULT_MEMBERS: { readonly ok: Members<Extract<ClientResult, { ok: true }>>; readonly failed: Members<Extract<ClientResult, { ok: false }>> } = {
  ok: { ok: true, blockId: true, servers: true },
  failed: { ok: true, error: true }
};

const MESSAGE_SHAPES = crcShapesByType(MESSAGE_MEMBERS);
const OP_SHAPES = crcShapesByType(OP_MEMBERS);
const RESULT_OK = crcShapeOf(RESULT_MEMBERS.ok);
const RESULT_FAILED = crcShapeOf(RESULT_MEMBERS.failed);

/** A nested member's shape: a client-req's op (by its type), a client-resp's result (by ok). */
function nestedShape(v: object): CrcShape | undefined {
  const o = v as { readonly type?: unknown; readonly ok?: unknown };
  return typeof o.type === 'string' ? OP_SHAPES.get(o.type) : o.ok === true ? RESULT_OK : o.ok === false ? RESULT_FAILED : undefined;
}

/**
 * crcOf(covered(msg)) for a message without a sum (the ones seal() stamps), or null when the tables do not describe
 * it exactly (the caller then folds it the generic way).
 */
export function unsealedMessageCrc(msg: TfsMsg): number | null {
  if ((msg as { readonly sum?: unknown }).sum !== undefined) return null;
  const shape = MESSAGE_SHAPES.get(msg.type);
  if (shape === undefined) return null;
  return shapedCrc(msg, shape, nestedShape);
}

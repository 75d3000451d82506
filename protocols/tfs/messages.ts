// TFS messages (discriminated on `type`) and the transport checksum every message but OpLogSyncMessage carries.
import { crcOf } from '../../sim/index.ts';
import { unsealedMessageCrc } from './message-crc.ts';

export type KeepaliveKind = 'LOGIN' | 'RENEW' | 'LOGOUT';
export type NsRole = 'master' | 'slave';

export type ClientOpBody =
  | { readonly type: 'create-block' }
  | { readonly type: 'create-block-by-id'; readonly blockId: number }
  | { readonly type: 'read-block'; readonly nth: number }
  | { readonly type: 'write-file' }
  // The admin tool's delete-block (ssm/admintool `removeblock`, HANDLE_DELETE_BLOCK_FLAG_BOTH): scripted, not in the workload mix.
  | { readonly type: 'delete-block'; readonly blockId: number };

export type TfsMsg =
  // NS <-> NS (MasterAndSlaveHeartMessage and its response)
  | { readonly type: 'ns-keepalive'; readonly id: number; readonly kind: KeepaliveKind; readonly leaseKey: string | null; readonly sum?: number }
  | { readonly type: 'ns-keepalive-reply'; readonly id: number; readonly ok: boolean; readonly error: string | null; readonly leaseKey: string | null; readonly leaseUs: number; readonly loggedCount: number; readonly sum?: number }
  | { readonly type: 'ns-get-role'; readonly id: number; readonly sum?: number }
  | { readonly type: 'ns-role'; readonly id: number; readonly role: NsRole; readonly sum?: number }
  // OpLogSyncMessage{alloc_, length_, data_}: data is serialized records (OpLogHeader + body each, oplog-bytes.ts), whose
  // own CRCs are the only check on it: the transport checksum covers the rest. leaseKey, batchId, startSeqno and
  // recordCount are the model's plumbing (tbnet matches the answer by its channel; the observers account records by
  // position); the clean reader parses only data_ and length_.
  | { readonly type: 'oplog-sync'; readonly leaseKey: string; readonly batchId: number; readonly startSeqno: number; readonly recordCount: number; readonly alloc: boolean; readonly length: number; readonly data: readonly number[]; readonly sum?: number }
  | { readonly type: 'oplog-ack'; readonly leaseKey: string; readonly batchId: number; readonly isComplete: boolean; readonly nextSeqno: number; readonly sum?: number }
  // Heart agent <-> NS (datagrams), and the agent's Tair-like block-id mirror
  // ha-ping carries where the heart agent has the VIP: the recipient's is_local_addr(vip) follows it.
  // (epochUs, n) orders the agent's news: the agent's boot time, then its ping counter (datagrams may be reordered).
  | { readonly type: 'ha-ping'; readonly epochUs: number; readonly n: number; readonly holder: string | null; readonly sum?: number }
  | { readonly type: 'ha-pong'; readonly n: number; readonly role: NsRole; readonly sum?: number }
  | { readonly type: 'ha-switch'; readonly epochUs: number; readonly n: number; readonly sum?: number }
  | { readonly type: 'tair-advance'; readonly id: number; readonly value: number; readonly skip: number; readonly sum?: number }
  // mirror: the value Tair held when it answered (periodic saves only: the new term's base was computed from it).
  | { readonly type: 'tair-advanced'; readonly id: number; readonly value: number; readonly mirror?: number; readonly sum?: number }
  // The master's periodic save of its max id (stable-2.5.5 SyncBlockIdThreadHelper); no answer.
  | { readonly type: 'tair-save'; readonly value: number; readonly sum?: number }
  // Dataserver <-> VIP
  | { readonly type: 'ds-heartbeat'; readonly sum?: number }
  | { readonly type: 'ds-heartbeat-reply'; readonly role: NsRole; readonly isReportWanted: boolean; readonly sum?: number }
  | { readonly type: 'block-report'; readonly blocks: readonly number[]; readonly sum?: number }
  // mirror: the Tair value this term's base came from (periodic saves), so a DS can tell the unsaved-id window apart.
  | { readonly type: 'new-block'; readonly blockId: number; readonly tag: string; readonly mirror?: number; readonly sum?: number }
  | { readonly type: 'apply-block'; readonly id: number; readonly sum?: number }
  // RemoveBlockMessageV2: the master tells a DS to drop a block (posted, the answer not awaited).
  | { readonly type: 'remove-block'; readonly blockId: number; readonly sum?: number }
  | { readonly type: 'apply-block-reply'; readonly id: number; readonly blockId: number | null; readonly leaseUs: number; readonly sum?: number }
  // Replication (replicate-plan.ts, ds-replicate.ts): ReplicateBlockMessage BEGIN from the master to the source DS, the
  // DS-to-DS copy and its answer, then ReplicateBlockMessage END from the source DS back to the master (task.cpp L209-265).
  | { readonly type: 'replicate-block'; readonly seqno: number; readonly blockId: number; readonly source: string; readonly dest: string; readonly sum?: number }
  | { readonly type: 'copy-block'; readonly seqno: number; readonly blockId: number; readonly tag: string; readonly source: string; readonly dest: string; readonly sum?: number }
  | { readonly type: 'copy-block-done'; readonly seqno: number; readonly blockId: number; readonly source: string; readonly dest: string; readonly isFailed?: true; readonly sum?: number }
  // isFailed: PLAN_STATUS_FAILURE (the DS's translate_status of a failed do_replicate); absent: PLAN_STATUS_END.
  | { readonly type: 'replicate-block-done'; readonly seqno: number; readonly blockId: number; readonly source: string; readonly dest: string; readonly isMove: boolean; readonly isFailed?: true; readonly sum?: number }
  // Client <-> dataserver (the file data goes to the DS holding the block's write lease)
  | { readonly type: 'ds-write'; readonly id: number; readonly blockId: number; readonly sum?: number }
  | { readonly type: 'ds-write-reply'; readonly id: number; readonly isOk: boolean; readonly error: string | null; readonly sum?: number }
  // Client <-> VIP
  | { readonly type: 'client-req'; readonly id: number; readonly op: ClientOpBody; readonly sum?: number }
  | { readonly type: 'client-resp'; readonly id: number; readonly result: ClientResult; readonly sum?: number };

export type ClientResult =
  | { readonly ok: true; readonly blockId: number; readonly servers?: readonly string[] }
  | { readonly ok: false; readonly error: string };

export const isTfsMsg = (x: unknown): x is TfsMsg => typeof x === 'object' && x !== null && typeof (x as { type?: unknown }).type === 'string';

/**
 * What the transport checksum covers: the whole message, except an OpLogSyncMessage's data_ (its records carry their own
 * CRC). A message without a sum is its own cover: the canonical fold skips keys holding undefined, so the copy with
 * `sum: undefined` folds to the same text (every message seal() stamps comes here unsealed; a spread per send saved).
 */
const covered = (msg: TfsMsg): unknown => (msg.type === 'oplog-sync' ? { ...msg, data: undefined, sum: undefined } : msg.sum === undefined ? msg : { ...msg, sum: undefined });

/**
 * The messages seal() made and no isIntact has taken yet. Messages are immutable and a damaged one is a new object
 * (sim/netops.ts's maybeCorrupt copies it; a test's planted slip builds its own), so one seal() made still has the
 * content its sum was taken over: isIntact answers true without folding the message again (a fold per delivered message,
 * about 2 % of a TFS seed). Any other object, e.g. a copy with a stale or planted sum, is checked in full, and so is one
 * this set no longer holds (taken before: a duplicated datagram's second copy; or sealed before the set was last
 * emptied): the set only spares work, every answer is the full check's. A strong set of bounded size, not a mark on the
 * message (a non-enumerable symbol: defineProperty's runtime call per send, and a hidden class of its own per shape) nor
 * a WeakSet (its weak table, one entry per message sent, was most of seal's cost): a delivered message leaves it at
 * once, an undelivered one when it is emptied.
 */
const sealed = new Set<object>();
/** Emptied when this full: messages in flight are a few dozen, so only long-undelivered ones are dropped from it. */
const SEALED_MAX = 2048;

/**
 * Stamp a message with the CRC of its content (the TCP/UDP checksum stand-in), in place: every caller passes the object
 * literal it just built for this one send, so nothing else holds it yet. The copy `{ ...msg, sum }` this replaces cost
 * a spread over some thirty message shapes per send; the stamped object has the same keys in the same order (sum
 * appended last, or overwritten where it stood), so traces and their hashes are unchanged. The sum is folded from
 * message-crc.ts's member tables where they describe the message exactly (every message the model sends), else by
 * the generic canonical fold: the same number either way.
 */
export function seal<M extends TfsMsg>(msg: M): M {
  (msg as { sum?: number }).sum = unsealedMessageCrc(msg) ?? crcOf(covered(msg));
  if (sealed.size >= SEALED_MAX) sealed.clear();
  sealed.add(msg);
  return msg;
}

/** Is a sealed message intact? A damaged byte of an OpLogSyncMessage's data_ passes here: replay_helper's CRC must find it. */
export function isIntact(msg: TfsMsg): boolean {
  if (sealed.delete(msg)) return true;
  return typeof msg.sum === 'number' && crcOf(covered(msg)) === msg.sum;
}

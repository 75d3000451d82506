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
 * The last RING messages seal() stamped (and constants sent again: resent), newest at `head - 1`. Messages are immutable
 * and a damaged one is a new object (sim/netops.ts's maybeCorrupt copies it; a test's planted slip builds its own), so
 * one seal() made still has the content its sum was taken over: isIntact answers true for it without folding it again
 * (a fold per delivered message, about 2 % of a TFS seed). Any other object, e.g. a copy with a stale or planted sum, is
 * checked in full, and so is one sealed too long ago to be here still: the ring only spares work, every answer is the
 * full check's.
 *
 * Why a ring scanned newest first, not a Set of sealed messages (a delivered one taken out): a message is delivered
 * within a few seals of its own (tfs seeds: half before the next seal, 98 % within four), so the scan finds it in a few
 * compares, where the Set's add and delete cost 1 % of a seed (an identity hash per message, table rehashes); and a
 * message taken is not taken out, so one object sent to several peers (a new block's announcement to each server, the
 * agent's ping to both nameservers) or a shared constant (a dataserver heartbeat) is sealed once and found at each
 * delivery. Not a mark on the message (a non-enumerable symbol: defineProperty's runtime call per send, and a hidden
 * class of its own per shape) nor a WeakSet (its weak table, one entry per message sent, was most of seal's cost).
 */
const RING = 256;
const ring: (object | null)[] = new Array<object | null>(RING).fill(null);
let head = 0;

function remember(msg: object): void {
  ring[head] = msg;
  head = (head + 1) & (RING - 1);
}

/**
 * Stamp a message with the CRC of its content (the TCP/UDP checksum stand-in), in place: every caller passes the object
 * literal it just built for this one send, so nothing else holds it yet. The copy `{ ...msg, sum }` this replaces cost
 * a spread over some thirty message shapes per send; the stamped object has the same keys in the same order (sum
 * appended last, or overwritten where it stood), so traces and their hashes are unchanged. The sum is folded from
 * message-crc.ts's member tables where they describe the message exactly (every message the model sends), else by
 * the generic canonical fold: the same number either way. A caller may send the stamped object to several peers (it
 * is never written again): each gets the same text, as separately sealed copies would have given them.
 */
export function seal<M extends TfsMsg>(msg: M): M {
  (msg as { sum?: number }).sum = unsealedMessageCrc(msg) ?? crcOf(covered(msg));
  remember(msg);
  return msg;
}

/**
 * A message sealed once, frozen, and sent as it is every time (messages.ts consts below): the same keys, values and sum
 * as `seal` of a fresh literal would give, without the literal or the fold. Frozen, so no one can write it.
 */
function sealedConstant<M extends TfsMsg>(msg: M): M {
  return Object.freeze(seal(msg));
}

/** A sealed constant, sent again: put back in the ring so its delivery is found there. */
export function resent<M extends TfsMsg>(msg: M): M {
  remember(msg);
  return msg;
}

/** The dataserver's heartbeat: one object, it carries nothing but its type. */
export const DS_HEARTBEAT = sealedConstant({ type: 'ds-heartbeat' });

/** The nameserver's heartbeat answers: one object per (role, isReportWanted), built as onDsHeartbeat built its literal. */
const HEARTBEAT_REPLIES = {
  master: [sealedConstant({ type: 'ds-heartbeat-reply', role: 'master', isReportWanted: false }), sealedConstant({ type: 'ds-heartbeat-reply', role: 'master', isReportWanted: true })],
  slave: [sealedConstant({ type: 'ds-heartbeat-reply', role: 'slave', isReportWanted: false }), sealedConstant({ type: 'ds-heartbeat-reply', role: 'slave', isReportWanted: true })],
} as const;

export const heartbeatReply = (role: NsRole, isReportWanted: boolean): TfsMsg => HEARTBEAT_REPLIES[role][isReportWanted ? 1 : 0];

/** Is a sealed message intact? A damaged byte of an OpLogSyncMessage's data_ passes here: replay_helper's CRC must find it. */
export function isIntact(msg: TfsMsg): boolean {
  for (let k = 0, i = head; k < RING; k++) {
    i = (i - 1) & (RING - 1);
    const x = ring[i];
    if (x === msg) return true;
    if (x === null) break;
  }
  return typeof msg.sum === 'number' && crcOf(covered(msg)) === msg.sum;
}

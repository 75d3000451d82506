// Oplog records (OpLogHeader + body bytes) and OpLogSyncManager::replay_helper over trunk's byte buffer.
import { crc32 } from '../../sim/index.ts';
import {
  BLOCK_OP_FIXED_LENGTH, OPLOG_HEADER_LENGTH, REPLICATE_BODY_LENGTH, SERVER_ID_LENGTH, TASK_BODY_LENGTH,
  funcCrc, getHeader, getInt8, getServer, getUint, putHeader, putInt, putServer,
} from './oplog-bytes.ts';

/** Record types as in trunk oplog.h (enum OpLogType). */
export const OPLOG_TYPE_BLOCK_OP = 0;
export const OPLOG_TYPE_REPLICATE_MSG = 1;
export const OPLOG_TYPE_COMPACT_MSG = 2;

/** BlockOpLog cmd_: OPLOG_INSERT, OPLOG_UPDATE, OPLOG_REMOVE, OPLOG_RELIEVE_RELATION. */
export type BlockCmd = 'insert' | 'update' | 'remove' | 'relieve';
/** common/internal.h enum OplogFlag (OPLOG_RENAME = 4 is never logged by the nameserver, and replays as unknown). */
const CMD_CODE: Readonly<Record<BlockCmd, number>> = { insert: 1, update: 2, remove: 3, relieve: 5 };
const CMD_OF: Readonly<Record<number, BlockCmd>> = { 1: 'insert', 2: 'update', 3: 'remove', 5: 'relieve' };

export type OplogBody =
  | { readonly kind: 'block-op'; readonly cmd: BlockCmd; readonly blockId: number; readonly servers: readonly string[] }
  | { readonly kind: 'task'; readonly blockId: number }
  // A completed replicate (or move) task: the ReplicateBlockMessage the source DS sent, as handle_complete logs it.
  | { readonly kind: 'replicate'; readonly blockId: number; readonly source: string; readonly dest: string; readonly isMove: boolean };

export interface OplogHeader {
  readonly seqno: number;
  readonly timeUs: number;
  readonly type: number;
  /** length_: bytes of the serialized body. */
  readonly length: number;
  /** crc_: Func::crc over the body bytes only (trunk: seqno_, type_, length_ lie outside it). */
  readonly crc: number;
}

/** The master keeps records structured (its oplog in state); they go out as bytes (serializeRecords). */
export interface OplogRecord { readonly header: OplogHeader; readonly body: OplogBody }

/** BlockOpLog::serialize (cmd_, BlockInfoV2 with the block id and zeros for what the model lacks, servers) or a task body. */
export function encodeBody(body: OplogBody): number[] {
  const out: number[] = [];
  putBody(out, body);
  return out;
}

/** encodeBody's bytes appended to `out` (serializeRecords writes each body straight after its header, no array of its own). */
function putBody(out: number[], body: OplogBody): void {
  if (body.kind === 'task') {
    putInt(out, body.blockId, 8);
    return;
  }
  if (body.kind === 'replicate') {
    putInt(out, body.blockId, 8);
    putServer(out, body.source);
    putServer(out, body.dest);
    out.push(body.isMove ? 1 : 0);
    return;
  }
  out.push(CMD_CODE[body.cmd]);
  putInt(out, body.blockId, 8);
  // family_id_, version_, file_count_, size_, del_file_count_, del_size_, update_file_count_, update_size_,
  // last_access_time_, reserve_[2]: not modelled (S14), serialized as zeros.
  for (let i = 0; i < BLOCK_OP_FIXED_LENGTH - 1 - 8 - 1; i++) out.push(0);
  out.push(body.servers.length & 0xff);
  for (const s of body.servers) putServer(out, s);
}

export function makeOplogRecord(seqno: number, timeUs: number, type: number, body: OplogBody): OplogRecord {
  const bytes = encodeBody(body);
  return { header: { seqno, timeUs, type, length: bytes.length, crc: funcCrc(bytes, 0, bytes.length) }, body };
}

/** OpLog::write for each record into one buffer: what register_slots queues and an OpLogSyncMessage carries. */
export function serializeRecords(records: readonly OplogRecord[]): number[] {
  const out: number[] = [];
  for (const r of records) {
    putHeader(out, { seqno: r.header.seqno, timeS: Math.floor(r.header.timeUs / 1_000_000), crc: r.header.crc, length: r.header.length, type: r.header.type });
    putBody(out, r.body);
  }
  return out;
}

/** Chain a prefix hash with one more record's content CRC (the slave's prefix check compares these). */
export const chainHash = (prev: number, contentCrc: number): number => crc32(`${prev}|${contentCrc}`);

/** TFS return codes replay_helper can give (EXIT_DESERIALIZE_ERROR also stands for do_msg's failed deserialize). */
export type ReplayCode = 'TFS_SUCCESS' | 'EXIT_PARAMETER_ERROR' | 'EXIT_CHECK_CRC_ERROR' | 'EXIT_DESERIALIZE_ERROR' | 'EXIT_PLAY_LOG_ERROR';

export type ReplayEffect =
  | { readonly kind: 'block'; readonly cmd: BlockCmd; readonly blockId: number; readonly servers: readonly string[] }
  | { readonly kind: 'replicate'; readonly blockId: number; readonly source: string; readonly dest: string; readonly isMove: boolean }
  | { readonly kind: 'compact'; readonly blockId: number };

export interface ReplayResult {
  readonly code: ReplayCode;
  readonly effect: ReplayEffect | null;
  /** Where the next replay_helper call starts (trunk's `pos` after this one). */
  readonly nextPos: number;
  /** The header's seqno_ (-1 when no header could be read): trunk never uses it to replay. */
  readonly seqno: number;
  /** Func::crc over the body bytes the deserializer consumed (what was applied, not the header's claim). */
  readonly contentCrc: number;
  /** The call consumed exactly header + length_ bytes: the next call starts where the master's next record does. */
  readonly isAligned: boolean;
  /** The bytes length_ covers do not match crc_: a record the CRC check rejects (applied only without the check). */
  readonly isCrcBad: boolean;
}

/**
 * replay_helper(data, data_len, pos): deserialize the header, CRC over header.length_ data bytes, dispatch on type_.
 * `lengthField` is the message's length_, bounded here by the bytes it holds (the model cannot read memory it does not
 * have: a consumed packet's data_ reads as a short buffer).
 * `isCrcChecked` false is the tfs/no-crc-check mutation.
 */
export function replayHelper(data: readonly number[], lengthField: number, pos: number, isCrcChecked: boolean, hasBlock: (blockId: number) => boolean = () => true): ReplayResult {
  const dataLen = Math.min(lengthField, data.length);
  const fail = replayFailed;
  if (dataLen - pos < OPLOG_HEADER_LENGTH) return fail('EXIT_PARAMETER_ERROR', pos);
  const h = getHeader(data, pos);
  const at = pos + OPLOG_HEADER_LENGTH;
  const end = at + h.length;
  // Func::crc reads length_ bytes with no bound check: a length_ past the buffer reads memory that is not this
  // record's (a mismatch but for a 2^-32 chance), so the model counts it a mismatch.
  const isCrcBad = end > dataLen || funcCrc(data, at, h.length) !== h.crc;
  if (isCrcChecked && isCrcBad) return fail('EXIT_CHECK_CRC_ERROR', at, h.seqno);
  const done = replayDone(data, at, end, h.seqno, isCrcBad);
  switch (h.type) {
    case OPLOG_TYPE_REPLICATE_MSG: {
      // replay_helper_do_msg: ReplicateBlockMessage::deserialize from `pos` against data_len, not bounded by length_.
      if (dataLen - at <= 0) return fail('EXIT_PARAMETER_ERROR', at, h.seqno);
      if (dataLen - at < REPLICATE_BODY_LENGTH) return fail('EXIT_DESERIALIZE_ERROR', at, h.seqno);
      const effect = { kind: 'replicate', blockId: getUint(data, at, 8), source: getServer(data, at + 8), dest: getServer(data, at + 16), isMove: getInt8(data, at + 24) !== 0 } as const;
      return done('TFS_SUCCESS', at + REPLICATE_BODY_LENGTH, effect);
    }
    case OPLOG_TYPE_COMPACT_MSG: {
      if (dataLen - at <= 0) return fail('EXIT_PARAMETER_ERROR', at, h.seqno);
      if (dataLen - at < TASK_BODY_LENGTH) return fail('EXIT_DESERIALIZE_ERROR', at, h.seqno);
      return done('TFS_SUCCESS', at + TASK_BODY_LENGTH, { kind: 'compact', blockId: getUint(data, at, 8) });
    }
    case OPLOG_TYPE_BLOCK_OP:
      return doOplog(data, dataLen, at, hasBlock, done, fail, h.seqno);
    default:
      // "type: %d not found": EXIT_PLAY_LOG_ERROR with `pos` left just past the header (the data is not skipped).
      return done('EXIT_PLAY_LOG_ERROR', at, null);
  }
}

type Done = (code: ReplayCode, nextPos: number, effect: ReplayEffect | null) => ReplayResult;
type Fail = (code: ReplayCode, nextPos: number, seqno?: number) => ReplayResult;

// replay_helper's two ways out, built outside it: a closure bound to a name inside a function is named again at every
// call under tsx (esbuild's keepNames wraps it in __name, an Object.defineProperty each time); a returned arrow is not.
function replayFailed(code: ReplayCode, nextPos: number, seqno = -1, isAligned = false, isCrcBad = false): ReplayResult {
  return { code, effect: null, nextPos, seqno, contentCrc: 0, isAligned, isCrcBad };
}

function replayDone(data: readonly number[], at: number, end: number, seqno: number, isCrcBad: boolean): Done {
  return (code, nextPos, effect) => ({ code, effect, nextPos, seqno, contentCrc: funcCrc(data, at, nextPos - at), isAligned: nextPos === end, isCrcBad });
}

/** replay_helper_do_oplog: BlockOpLog::deserialize (against data_len, not length_), then server_num_ and cmd_. */
function doOplog(data: readonly number[], dataLen: number, at: number, hasBlock: (id: number) => boolean, done: Done, fail: Fail, seqno: number): ReplayResult {
  if (dataLen - at <= 0) return fail('EXIT_PARAMETER_ERROR', at, seqno);
  if (dataLen - at < BLOCK_OP_FIXED_LENGTH) return fail('EXIT_DESERIALIZE_ERROR', at, seqno);
  const cmd = getInt8(data, at);
  const blockId = getUint(data, at + 1, 8);
  const serverNum = getInt8(data, at + BLOCK_OP_FIXED_LENGTH - 1);
  let p = at + BLOCK_OP_FIXED_LENGTH;
  const servers: string[] = [];
  for (let i = 0; i < serverNum; i++, p += SERVER_ID_LENGTH) {
    if (dataLen - p < SERVER_ID_LENGTH) return fail('EXIT_DESERIALIZE_ERROR', p, seqno);
    servers.push(getServer(data, p));
  }
  // server_num_ <= 0, an unknown cmd_ and an UPDATE of a block the manager lacks are EXIT_PLAY_LOG_ERROR (pos moved on).
  const name = CMD_OF[cmd];
  if (serverNum <= 0 || name === undefined || (name === 'update' && !hasBlock(blockId))) return done('EXIT_PLAY_LOG_ERROR', p, null);
  return done('TFS_SUCCESS', p, { kind: 'block', cmd: name, blockId, servers });
}

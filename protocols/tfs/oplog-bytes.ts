// Oplog bytes as trunk lays them out: little-endian Serialization, Func::crc, OpLogHeader and the record bodies.
//
// Representation (why a plain number[] of bytes 0..255): the kernel's corrupt-messages and disk-corrupt
// (sim/corrupt.ts) change ONE leaf of a JSON value: a number leaf gets +1..255 (a string only its last char). In a
// number array every byte is its own leaf, so a damage picks one byte of the buffer uniformly and changes it
// (every reader masks `& 0xff`, so the damaged leaf is a different byte, never a value out of range). A hex or
// base64 string would only ever lose its last character; a typed array does not survive the JSON copy. A number
// array also folds cheaply into the trace hash and crcOf (canonicalJson of small integers), and a batch stays small
// (a BLOCK_OP record with three servers is 20 + 82 bytes).
import { CRC_TABLE } from '../../sim/index.ts';

/** OpLogHeader::length(): seqno_ int64, time_ int32, crc_ int32, length_ int16, type_ int8, reserve_ int8. */
export const OPLOG_HEADER_LENGTH = 20;
/** BlockOpLog without servers: cmd_ int8, BlockInfoV2 (56 bytes), server_num_ int8 (its deserialize checks this much). */
export const BLOCK_OP_FIXED_LENGTH = 1 + 56 + 1;
/** The model's DsCommitCompactBlockCompleteToNsMessage body: the block id only (compaction is not modelled, S14). */
export const TASK_BODY_LENGTH = 8;
/**
 * The model's ReplicateBlockMessage body (ReplBlock: block_id_, source_id_[0], destination_id_, is_move_): block id
 * uint64, source and destination server ids, move flag int8. start_time_, source_num_, status_ and seqno_ are not kept
 * (replay reads none of them but the status, which a logged message always has as PLAN_STATUS_END).
 */
export const REPLICATE_BODY_LENGTH = 8 + 8 + 8 + 1;
/** A server id (uint64: ip and port in trunk; here the dataserver's node id, up to 8 ASCII bytes, zero-padded). */
export const SERVER_ID_LENGTH = 8;

/**
 * Func::crc(0, data + from, len): bytes beyond the array read as 0 (callers check bounds first). Its table is crc32's
 * (sim's CRC_TABLE: the reflected CRC-32 polynomial, entries as int32, so the register is read back `>>> 0`); Func::crc
 * starts from 0 and has no final xor.
 */
export function funcCrc(data: readonly number[], from: number, len: number): number {
  let crc = 0;
  for (let i = 0; i < len; i++) crc = (crc >>> 8) ^ CRC_TABLE[(crc ^ ((data[from + i] ?? 0) & 0xff)) & 0xff]!;
  return crc >>> 0;
}

/** Serialization::set_intN: little-endian, `width` bytes (8 = int64, split in two 32-bit halves). */
export function putInt(out: number[], value: number, width: 1 | 2 | 4 | 8): void {
  if (width === 8) {
    putInt(out, value >>> 0, 4);
    putInt(out, Math.floor(value / 0x1_0000_0000) >>> 0, 4);
    return;
  }
  for (let i = 0; i < width; i++) out.push((value >>> (8 * i)) & 0xff);
}

/** Serialization::get_intN as unsigned (callers bound-check); 8 bytes give lo + hi * 2^32. */
export function getUint(data: readonly number[], pos: number, width: 1 | 2 | 4 | 8): number {
  if (width === 8) return getUint(data, pos, 4) + getUint(data, pos + 4, 4) * 0x1_0000_0000;
  let v = 0;
  for (let i = width - 1; i >= 0; i--) v = v * 256 + ((data[pos + i] ?? 0) & 0xff);
  return v;
}

/** An int8 read (type_, cmd_, server_num_ are signed chars: a byte above 127 is negative). */
export const getInt8 = (data: readonly number[], pos: number): number => {
  const b = getUint(data, pos, 1);
  return b > 127 ? b - 256 : b;
};

/** A dataserver id as a uint64's 8 bytes: its ASCII characters, zero-padded. */
export function putServer(out: number[], id: string): void {
  if (id.length > SERVER_ID_LENGTH || !/^[\x01-\x7f]*$/.test(id)) throw new Error(`tfs oplog: server id "${id}" does not fit a uint64 (8 ASCII bytes)`);
  for (let i = 0; i < SERVER_ID_LENGTH; i++) out.push(i < id.length ? id.charCodeAt(i) : 0);
}

/** The server id read back: its bytes up to the first zero (a damaged id reads as whatever the bytes spell). */
export function getServer(data: readonly number[], pos: number): string {
  let id = '';
  for (let i = 0; i < SERVER_ID_LENGTH; i++) {
    const b = getUint(data, pos + i, 1);
    if (b === 0) break;
    id += String.fromCharCode(b);
  }
  return id;
}

export interface WireHeader {
  readonly seqno: number;
  /** time_: seconds (uint32), as time(NULL). */
  readonly timeS: number;
  readonly crc: number;
  readonly length: number;
  readonly type: number;
}

/** OpLogHeader::serialize (OpLog::write puts the body bytes right after it). */
export function putHeader(out: number[], h: WireHeader): void {
  putInt(out, h.seqno, 8);
  putInt(out, h.timeS, 4);
  putInt(out, h.crc, 4);
  putInt(out, h.length, 2);
  out.push(h.type & 0xff, 0);
}

/** OpLogHeader::deserialize at `pos` (the caller checked OPLOG_HEADER_LENGTH bytes remain). */
export function getHeader(data: readonly number[], pos: number): WireHeader {
  return {
    seqno: getUint(data, pos, 8),
    timeS: getUint(data, pos + 8, 4),
    crc: getUint(data, pos + 12, 4),
    length: getUint(data, pos + 16, 2),
    type: getInt8(data, pos + 18),
  };
}

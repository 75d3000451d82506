// CRC-32 over a text known in advance (a member's `"key":` head, a message's `"type":"..."`), folded in one jump
// instead of a table step per code unit. shape-crc.ts folds a message's canonical text from a table of its members;
// most of that text is member names and type strings that are the same in every message of a type, so it paid per
// character for text it could have folded once, at load.
//
// Why a jump is exact: one step (crc32's `c = T[(c ^ b) & 0xff] ^ (c >>> 8)`) is an affine map of the register over
// GF(2) whose linear part does not depend on the byte b (T is linear, b only adds the constant T[b]). So folding a
// text s of n bytes from any register r gives fold(r, s) = fold(0, s) ^ M_n(r), with M_n the linear part of n steps,
// the same for every text of that length. M_n is kept as four 256-entry tables, one per byte of r (linearity again:
// M_n(r) is the xor of M_n over r's four bytes), so a jump costs four loads where the steps cost one per byte.
import { stepUnit } from './crc32.ts';

/** The register after folding `s` unit by unit from `r` (the plain fold a jump stands for). */
export function foldText(r: number, s: string): number {
  for (let i = 0; i < s.length; i++) r = stepUnit(r, s.charCodeAt(i));
  return r;
}

/** A text folded ahead: `base` is fold(0, text), `linear` M_n for its byte count n (shared by texts of one length). */
export interface Jump {
  readonly text: string;
  readonly base: number;
  readonly linear: Int32Array;
}

/** M_n by byte count: a handful of lengths (member heads are 4 to 20 bytes), 4 KB each. */
const linearByBytes = new Map<number, Int32Array>();

/** M_n as tables: entry [k * 256 + v] is M_n(v << 8k), found as fold(v << 8k, n zero bytes) ^ fold(0, n zero bytes). */
function linearOf(bytes: number): Int32Array {
  const known = linearByBytes.get(bytes);
  if (known !== undefined) return known;
  const zeros = '\0'.repeat(bytes);
  const offset = foldText(0, zeros);
  const t = new Int32Array(1024);
  for (let k = 0; k < 4; k++) for (let v = 0; v < 256; v++) t[k * 256 + v] = foldText(v << (8 * k), zeros) ^ offset;
  linearByBytes.set(bytes, t);
  return t;
}

/** The jump for `text`: bytes as crc32 folds them (a unit above 0xff is two bytes). */
export function jumpOf(text: string): Jump {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) bytes += text.charCodeAt(i) > 0xff ? 2 : 1;
  return { text, base: foldText(0, text), linear: linearOf(bytes) };
}

/** fold(r, j.text) in four table loads. */
export function jumped(r: number, j: Jump): number {
  const t = j.linear;
  return j.base ^ t[r & 0xff]! ^ t[256 + ((r >>> 8) & 0xff)]! ^ t[512 + ((r >>> 16) & 0xff)]! ^ t[768 + (r >>> 24)]!;
}

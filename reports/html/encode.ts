// Compact encodings for the HTML payload: integer columns as gzip'd little-endian int32 (delta-coded where they grow), text as gzip'd UTF-8.
// The page inflates them with the browser's own DecompressionStream, so a 300k-event report parses in milliseconds.
import { gzipSync } from 'node:zlib';

/** gzip (level 6: the mtime field is zero, so the output is a pure function of the input) then base64. */
export function gzipBase64(data: string | Uint8Array): string {
  return gzipSync(typeof data === 'string' ? Buffer.from(data, 'utf8') : data, { level: 6 }).toString('base64');
}

/** How the page turns a column back into numbers: 'i' as is, 'd' running sums (deltas), 'df' running sums into Float64 (times). */
export type ColumnCoding = 'i' | 'd' | 'df';

/** Where each column sits in the packed int32 buffer: [name, offset in ints, length, coding]. */
export type ColumnIndex = readonly (readonly [string, number, number, ColumnCoding])[];

export interface PackedColumns {
  readonly index: ColumnIndex;
  /** gzip + base64 of every column's int32 values, one after another. */
  readonly z: string;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Pack columns (values must be integers; delta-coded ones must have int32 steps). */
export function packColumns(cols: readonly (readonly [string, readonly number[], ColumnCoding])[]): PackedColumns {
  const total = cols.reduce((t, c) => t + c[1].length, 0);
  const buf = new Int32Array(total);
  const index: [string, number, number, ColumnCoding][] = [];
  let at = 0;
  for (const [name, values, coding] of cols) {
    index.push([name, at, values.length, coding]);
    let prev = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      const w = coding === 'i' ? v : v - prev;
      if (!Number.isInteger(w) || w < INT32_MIN || w > INT32_MAX) throw new Error(`html payload: column ${name}[${i}] = ${v} does not fit an int32${coding === 'i' ? '' : ' step'}`);
      buf[at + i] = w;
      prev = v;
    }
    at += values.length;
  }
  // Int32Array is little-endian on every platform Node runs on; the page reads it the same way.
  return { index, z: gzipBase64(new Uint8Array(buf.buffer)) };
}

export interface PackedText {
  /** UTF-16 offsets of each string in the joined text (length n + 1). */
  readonly offsets: number[];
  readonly z: string;
}

/** Many strings as one gzip'd text plus offsets, so the page slices out only the ones it draws. */
export function packText(strings: readonly string[]): PackedText {
  const offsets = [0];
  let n = 0;
  for (const s of strings) { n += s.length; offsets.push(n); }
  return { offsets, z: gzipBase64(strings.join('')) };
}

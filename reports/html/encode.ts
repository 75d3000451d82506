// Compact encodings for the HTML payload: integer columns as gzip'd narrow little-endian ints (delta-coded where they grow), text as gzip'd UTF-8 pages.
// The page inflates them with the browser's own DecompressionStream, so a 300k-event report parses in milliseconds.
import { gzipSync } from 'node:zlib';

/** gzip (level 6: level 9 is under 1% smaller here and three times slower; the mtime field is zero, so the output is a pure function of the input) then base64. */
export function gzipBase64(data: string | Uint8Array): string {
  return gzipSync(typeof data === 'string' ? Buffer.from(data, 'utf8') : data, { level: 6 }).toString('base64');
}

/** How the page turns a column back into numbers: 'i' as is, 'd' running sums (deltas), 'df' running sums into Float64 (times). */
export type ColumnCoding = 'i' | 'd' | 'df';

/** The packed columns: [name, byte offset, length, bytes per value (1, 2 or 4), coding]. */
export type ColumnIndex = readonly (readonly [string, number, number, 1 | 2 | 4, ColumnCoding])[];

export interface PackedColumns {
  readonly index: ColumnIndex;
  /**
   * gzip + base64 of the columns one after another, each as little-endian signed ints of the narrowest width that
   * holds its values (deltas for growing columns), 4-byte aligned: the page views them as typed arrays, no parsing.
   */
  readonly z: string;
}

const widthOf = (min: number, max: number): 1 | 2 | 4 => (min >= -128 && max <= 127 ? 1 : min >= -32768 && max <= 32767 ? 2 : 4);

/** Pack columns (values must be integers; stored values — deltas for 'd'/'df' — must fit an int32). */
export function packColumns(cols: readonly (readonly [string, readonly number[], ColumnCoding])[]): PackedColumns {
  const stored = cols.map(([name, values, coding]) => {
    const out = new Array<number>(values.length);
    let prev = 0;
    let min = 0;
    let max = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      const w = coding === 'i' ? v : v - prev;
      prev = v;
      if (!Number.isInteger(w) || w < -(2 ** 31) || w > 2 ** 31 - 1) throw new Error(`html payload: column ${name}[${i}] = ${v} does not fit the packing (int32 values or steps)`);
      out[i] = w;
      if (w < min) min = w;
      if (w > max) max = w;
    }
    return { name, coding, out, width: widthOf(min, max) };
  });
  const index: [string, number, number, 1 | 2 | 4, ColumnCoding][] = [];
  let at = 0;
  for (const c of stored) { index.push([c.name, at, c.out.length, c.width, c.coding]); at += Math.ceil((c.out.length * c.width) / 4) * 4; }
  const buf = Buffer.alloc(at);
  stored.forEach((c, k) => {
    const base = index[k]![1];
    for (let i = 0; i < c.out.length; i++) {
      if (c.width === 1) buf.writeInt8(c.out[i]!, base + i);
      else if (c.width === 2) buf.writeInt16LE(c.out[i]!, base + 2 * i);
      else buf.writeInt32LE(c.out[i]!, base + 4 * i);
    }
  });
  return { index, z: gzipBase64(buf) };
}

/** Records per text page: the page inflates only the pages of the rows it draws (a few KB each). */
export const TEXT_PAGE = 4096;

export interface PackedText {
  /** Each string's length (UTF-16 code units), to cut the pages. */
  readonly lengths: number[];
  /** gzip + base64 of each page of TEXT_PAGE strings joined. */
  readonly pages: string[];
}

/** Many strings as gzip'd pages plus lengths, so the page inflates only those it shows. */
export function packText(strings: readonly string[]): PackedText {
  const pages: string[] = [];
  for (let i = 0; i < strings.length; i += TEXT_PAGE) pages.push(gzipBase64(strings.slice(i, i + TEXT_PAGE).join('')));
  return { lengths: strings.map((s) => s.length), pages };
}

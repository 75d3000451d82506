// CRC32 (IEEE) over a record's canonical JSON, so disk and message corruption can be detected the way real systems do.
import { foldJson, isEscaped, type JsonSink } from './json-fold.ts';

/**
 * The CRC-32 step table (entry b: the register's update for byte b, as an int32): stepUnit's below, and tfs's Func::crc
 * (protocols/tfs/oplog-bytes.ts, the same polynomial over bytes). Shared, not copied: readers must not write it.
 */
export const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/**
 * One code unit folded into register `c` (a unit above 0xff folds its high byte too): the step every CRC-32 fold here
 * takes (crc32, crcOf's sink, crc-jump.ts and shape-crc.ts), written once.
 */
export function stepUnit(c: number, code: number): number {
  c = CRC_TABLE[(c ^ code) & 0xff]! ^ (c >>> 8);
  if (code > 0xff) c = CRC_TABLE[(c ^ (code >>> 8)) & 0xff]! ^ (c >>> 8);
  return c;
}

export function crc32(text: string): number {
  let c = 0xffffffff;
  for (let i = 0; i < text.length; i++) {
    c = stepUnit(c, text.charCodeAt(i));
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** JSON with object keys sorted, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(o).sort()) sorted[k] = o[k];
      return sorted;
    }
    return v;
  });
}

/** crc32 folded token by token (the same bytes as crc32(text) over their concatenation). */
class CrcSink implements JsonSink {
  c = 0xffffffff;
  put(text: string): void {
    let c = this.c;
    for (let i = 0; i < text.length; i++) {
      c = stepUnit(c, text.charCodeAt(i));
    }
    this.c = c;
  }
  putCode(code: number): void {
    this.c = stepUnit(this.c, code);
  }
  putQuoted(text: string): boolean {
    let c = stepUnit(this.c, 0x22);
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (isEscaped(code)) return false;
      c = stepUnit(c, code);
    }
    this.c = stepUnit(c, 0x22);
    return true;
  }
}

/** crc32(canonicalJson(data)), without building the text (a hot path: every disk record and many messages). */
export function crcOf(data: unknown): number {
  const sink = new CrcSink();
  const r = foldJson(data, true, sink);
  if (r === 'ok') return (sink.c ^ 0xffffffff) >>> 0;
  return crc32(canonicalJson(data) ?? 'undefined');
}

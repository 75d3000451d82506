// CRC32 (IEEE) over a record's canonical JSON, so disk and message corruption can be detected the way real systems do.
import { foldJson, isEscaped, type JsonSink } from './json-fold.ts';

/**
 * The CRC-32 step table (entry b: the register's update for byte b, as an int32): crc32's, crcOf's and crc-jump.ts's.
 * Shared, not copied: readers must not write it.
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

export function crc32(text: string): number {
  let c = 0xffffffff;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    c = CRC_TABLE[(c ^ code) & 0xff]! ^ (c >>> 8);
    if (code > 0xff) c = CRC_TABLE[(c ^ (code >>> 8)) & 0xff]! ^ (c >>> 8);
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
      const code = text.charCodeAt(i);
      c = CRC_TABLE[(c ^ code) & 0xff]! ^ (c >>> 8);
      if (code > 0xff) c = CRC_TABLE[(c ^ (code >>> 8)) & 0xff]! ^ (c >>> 8);
    }
    this.c = c;
  }
  putCode(code: number): void {
    let c = this.c;
    c = CRC_TABLE[(c ^ code) & 0xff]! ^ (c >>> 8);
    if (code > 0xff) c = CRC_TABLE[(c ^ (code >>> 8)) & 0xff]! ^ (c >>> 8);
    this.c = c;
  }
  putQuoted(text: string): boolean {
    let c = CRC_TABLE[(this.c ^ 0x22) & 0xff]! ^ (this.c >>> 8);
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (isEscaped(code)) return false;
      c = CRC_TABLE[(c ^ code) & 0xff]! ^ (c >>> 8);
      if (code > 0xff) c = CRC_TABLE[(c ^ (code >>> 8)) & 0xff]! ^ (c >>> 8);
    }
    this.c = CRC_TABLE[(c ^ 0x22) & 0xff]! ^ (c >>> 8);
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

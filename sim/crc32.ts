// CRC32 (IEEE) over a record's canonical JSON, so disk and message corruption can be detected the way real systems do.
import { CRC_TABLE as TABLE } from './crc-table.ts';
import { foldJsonCrc } from './json-crc.ts';
import { isSkipped } from './json-fold.ts';

export function crc32(text: string): number {
  let c = 0xffffffff;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    c = TABLE[(c ^ code) & 0xff]! ^ (c >>> 8);
    if (code > 0xff) c = TABLE[(c ^ (code >>> 8)) & 0xff]! ^ (c >>> 8);
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

/** crcOf's running CRC register, reused; a getter that calls crcOf mid-walk (re-entry) gets the text's CRC instead. */
const crcState = new Int32Array(1);
let isBusy = false;

/** crc32(canonicalJson(data)), without building the text (a hot path: every disk record and many messages). */
export function crcOf(data: unknown): number {
  if (!isSkipped(data) && !isBusy) {
    isBusy = true;
    try {
      crcState[0] = 0xffffffff;
      if (foldJsonCrc(data, crcState)) return (crcState[0]! ^ 0xffffffff) >>> 0;
    } finally {
      isBusy = false;
    }
  }
  return crc32(canonicalJson(data) ?? 'undefined');
}

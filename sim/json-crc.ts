// crc32 of canonicalJson(v)'s text (keys sorted), walked directly from the value instead of through json-fold.ts's
// token sink: the CRC stays in a local for a whole container (the sink kept it in a field, per token) and integers
// fold digit by digit (no String()). The same walk as json-hash.ts (the trace's lanes) with the CRC's step and
// canonical key order; anything json-fold.ts does not model either (toJSON, boxed primitives, bigint, a '__proto__'
// key, nesting deeper than DEPTH_MAX) returns false and the caller folds the text.
import { canonicalKeys, DEPTH_MAX, isSkipped, needsEscape } from './json-fold.ts';
import { CRC_TABLE as T } from './crc-table.ts';

/** Digits of the integer being folded, least significant first (an int32 has at most 10). */
const digits = new Int32Array(10);

/** The CRC step of one UTF-16 code unit (its high byte too when it has one), as crc32() folds text. */
function step(c: number, code: number): number {
  c = T[(c ^ code) & 0xff]! ^ (c >>> 8);
  return code > 0xff ? T[(c ^ (code >>> 8)) & 0xff]! ^ (c >>> 8) : c;
}

/** Folds canonicalJson(v)'s text into state[0] (the running CRC register). v must not be a skipped value. */
export function foldJsonCrc(v: unknown, state: Int32Array): boolean {
  return foldValue(v, state, 0);
}

function foldValue(v: unknown, state: Int32Array, depth: number): boolean {
  if (v !== null && typeof v === 'object') return foldContainer(v, state, depth);
  let c = state[0]!;
  let s: string;
  switch (typeof v) {
    case 'string':
      if (needsEscape(v)) { s = JSON.stringify(v); break; }
      c = T[(c ^ 0x22) & 0xff]! ^ (c >>> 8);
      for (let i = 0; i < v.length; i++) c = step(c, v.charCodeAt(i));
      state[0] = T[(c ^ 0x22) & 0xff]! ^ (c >>> 8);
      return true;
    case 'number':
      if ((v | 0) === v) {
        // String(v) of an int32 (and of -0, which is '0'): '-' first, then the digits most significant first.
        if (v < 0) c = T[(c ^ 0x2d) & 0xff]! ^ (c >>> 8);
        let u = (v < 0 ? -v : v) >>> 0;
        let k = 0;
        do { const q = (u / 10) >>> 0; digits[k++] = u - q * 10; u = q; } while (u !== 0);
        while (k > 0) c = T[(c ^ (0x30 + digits[--k]!)) & 0xff]! ^ (c >>> 8);
        state[0] = c;
        return true;
      }
      s = Number.isFinite(v) ? String(v) : 'null';
      break;
    case 'boolean': s = v ? 'true' : 'false'; break;
    case 'object': s = 'null'; break;
    default: return false;
  }
  for (let i = 0; i < s.length; i++) c = step(c, s.charCodeAt(i));
  state[0] = c;
  return true;
}

function foldContainer(v: object, state: Int32Array, depth: number): boolean {
  if (depth >= DEPTH_MAX) return false;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function' || v instanceof Number || v instanceof String || v instanceof Boolean) return false;
  if (Array.isArray(v)) {
    state[0] = T[(state[0]! ^ 0x5b) & 0xff]! ^ (state[0]! >>> 8); // '['
    for (let i = 0; i < v.length; i++) {
      if (i > 0) state[0] = T[(state[0]! ^ 0x2c) & 0xff]! ^ (state[0]! >>> 8);
      const m: unknown = v[i];
      if (!foldValue(isSkipped(m) ? null : m, state, depth + 1)) return false;
    }
    state[0] = T[(state[0]! ^ 0x5d) & 0xff]! ^ (state[0]! >>> 8); // ']'
    return true;
  }
  const keys = canonicalKeys(v);
  let c = T[(state[0]! ^ 0x7b) & 0xff]! ^ (state[0]! >>> 8); // '{'
  let hasWritten = false;
  const o = v as Record<string, unknown>;
  for (let j = 0; j < keys.length; j++) {
    const key = keys[j]!;
    if (key === '__proto__') return false;
    const m = o[key];
    if (isSkipped(m)) continue;
    if (hasWritten) c = T[(c ^ 0x2c) & 0xff]! ^ (c >>> 8);
    hasWritten = true;
    state[0] = c;
    foldValue(key, state, depth + 1);
    c = T[(state[0]! ^ 0x3a) & 0xff]! ^ (state[0]! >>> 8); // ':'
    state[0] = c;
    if (!foldValue(m, state, depth + 1)) return false;
    c = state[0]!;
  }
  state[0] = T[(c ^ 0x7d) & 0xff]! ^ (c >>> 8); // '}'
  return true;
}

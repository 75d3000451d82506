// The trace hash's fold of a delivered message's JSON text (JSON.stringify's exact text, character by character, into
// the two lanes of sim/trace.ts), walked directly instead of through json-fold.ts's token sink: the lanes stay in
// locals for a whole container (the sink read and wrote the lane array per token), integers fold digit by digit
// (no String()), and object keys come from for-in over own properties (no key array per object; for a plain object
// for-in gives the own enumerable string keys first and in Object.keys' order, and hasOwn drops inherited ones).
// Recursive per container: the lanes pass through the lane array only when a member is itself a container.
// Anything json-fold.ts does not model either (toJSON, boxed primitives, bigint, a '__proto__' key, nesting deeper
// than DEPTH_MAX) returns false, with the lanes then meaningless: the caller restores them and folds the text.

import { DEPTH_MAX, isSkipped, needsEscape } from './json-fold.ts';

/** FNV-1a's and the second lane's multipliers, as in trace.ts. */
const PA = 0x01000193;
const PB = 0x5bd1e995;

const C_QUOTE = 0x22;
const C_COMMA = 0x2c;
const C_COLON = 0x3a;
const C_MINUS = 0x2d;
const C_ZERO = 0x30;

/** Digits of the integer being folded, least significant first (an int32 has at most 10). */
const digits = new Int32Array(10);

/**
 * Folds JSON.stringify(v)'s text into lanes[0] (a) and lanes[1] (b), exactly as folding that string's characters one
 * by one would (no end-of-string mark). v must not be a skipped value. False: not modelled (lanes meaningless).
 */
export function foldJsonHash(v: unknown, lanes: Int32Array): boolean {
  return foldValue(v, lanes, 0);
}

/** One value: a scalar folded here, a container through foldContainer. */
function foldValue(v: unknown, lanes: Int32Array, depth: number): boolean {
  if (v !== null && typeof v === 'object') return foldContainer(v, lanes, depth);
  let a = lanes[0]!;
  let b = lanes[1]!;
  let s: string;
  switch (typeof v) {
    case 'string':
      if (needsEscape(v)) { s = JSON.stringify(v); break; }
      a = Math.imul(a ^ C_QUOTE, PA); b = Math.imul(b ^ C_QUOTE, PB) ^ (b >>> 15);
      for (let i = 0; i < v.length; i++) { const c = v.charCodeAt(i); a = Math.imul(a ^ c, PA); b = Math.imul(b ^ c, PB) ^ (b >>> 15); }
      lanes[0] = Math.imul(a ^ C_QUOTE, PA); lanes[1] = Math.imul(b ^ C_QUOTE, PB) ^ (b >>> 15);
      return true;
    case 'number':
      if ((v | 0) === v) {
        // String(v) of an int32 (and of -0, which is '0'): '-' first, then the digits most significant first.
        let n = v;
        if (n < 0) { a = Math.imul(a ^ C_MINUS, PA); b = Math.imul(b ^ C_MINUS, PB) ^ (b >>> 15); n = -n; }
        let k = 0;
        // -(2 ** 31) negated is 2 ** 31, past int32: >>> 0 keeps it exact as an unsigned value.
        let u = n >>> 0;
        do { const q = (u / 10) >>> 0; digits[k++] = u - q * 10; u = q; } while (u !== 0);
        while (k > 0) { const c = C_ZERO + digits[--k]!; a = Math.imul(a ^ c, PA); b = Math.imul(b ^ c, PB) ^ (b >>> 15); }
        lanes[0] = a; lanes[1] = b;
        return true;
      }
      s = Number.isFinite(v) ? String(v) : 'null';
      break;
    case 'boolean': s = v ? 'true' : 'false'; break;
    case 'object': s = 'null'; break; // null (containers returned above)
    default: return false; // bigint (JSON.stringify throws), or a skipped value the caller should have handled
  }
  for (let i = 0; i < s.length; i++) { const c = s.charCodeAt(i); a = Math.imul(a ^ c, PA); b = Math.imul(b ^ c, PB) ^ (b >>> 15); }
  lanes[0] = a; lanes[1] = b;
  return true;
}

/** An array or object: its brackets, commas, keys and members, the lanes in locals between member values. */
function foldContainer(v: object, lanes: Int32Array, depth: number): boolean {
  if (depth >= DEPTH_MAX) return false;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function' || v instanceof Number || v instanceof String || v instanceof Boolean) return false;
  if (Array.isArray(v)) {
    lanes[0] = Math.imul(lanes[0]! ^ 0x5b, PA); lanes[1] = Math.imul(lanes[1]! ^ 0x5b, PB) ^ (lanes[1]! >>> 15); // '['
    for (let i = 0; i < v.length; i++) {
      if (i > 0) { const b: number = lanes[1]!; lanes[0] = Math.imul(lanes[0]! ^ C_COMMA, PA); lanes[1] = Math.imul(b ^ C_COMMA, PB) ^ (b >>> 15); }
      const c: unknown = v[i];
      if (!foldValue(isSkipped(c) ? null : c, lanes, depth + 1)) return false;
    }
    const b: number = lanes[1]!;
    lanes[0] = Math.imul(lanes[0]! ^ 0x5d, PA); lanes[1] = Math.imul(b ^ 0x5d, PB) ^ (b >>> 15); // ']'
    return true;
  }
  let a = Math.imul(lanes[0]! ^ 0x7b, PA); // '{'
  let b = Math.imul(lanes[1]! ^ 0x7b, PB) ^ (lanes[1]! >>> 15);
  let hasWritten = false;
  const o = v as Record<string, unknown>;
  for (const key in o) {
    if (!Object.hasOwn(o, key)) continue;
    if (key === '__proto__') return false;
    const c = o[key];
    if (isSkipped(c)) continue;
    if (hasWritten) { a = Math.imul(a ^ C_COMMA, PA); b = Math.imul(b ^ C_COMMA, PB) ^ (b >>> 15); }
    hasWritten = true;
    if (needsEscape(key)) {
      lanes[0] = a; lanes[1] = b;
      foldValue(key, lanes, depth + 1);
      a = lanes[0]!; b = lanes[1]!;
    } else {
      a = Math.imul(a ^ C_QUOTE, PA); b = Math.imul(b ^ C_QUOTE, PB) ^ (b >>> 15);
      for (let i = 0; i < key.length; i++) { const k = key.charCodeAt(i); a = Math.imul(a ^ k, PA); b = Math.imul(b ^ k, PB) ^ (b >>> 15); }
      a = Math.imul(a ^ C_QUOTE, PA); b = Math.imul(b ^ C_QUOTE, PB) ^ (b >>> 15);
    }
    a = Math.imul(a ^ C_COLON, PA); b = Math.imul(b ^ C_COLON, PB) ^ (b >>> 15);
    lanes[0] = a; lanes[1] = b;
    if (!foldValue(c, lanes, depth + 1)) return false;
    a = lanes[0]!; b = lanes[1]!;
  }
  lanes[0] = Math.imul(a ^ 0x7d, PA); lanes[1] = Math.imul(b ^ 0x7d, PB) ^ (b >>> 15); // '}'
  return true;
}

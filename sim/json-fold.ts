// What the JSON walkers share (json-hash.ts: the trace hash of a message; json-crc.ts: crcOf; and jsonTextLength
// here, the catalog's message sizes): which values JSON.stringify skips, which strings it escapes, the key order of
// canonicalJson, and the nesting depth past which a walker hands the value back to JSON.stringify. Each walker
// reproduces JSON.stringify's exact text without building it; anything they do not model (toJSON, boxed primitives,
// bigint, a '__proto__' key, nesting deeper than DEPTH_MAX, cycles) goes to JSON.stringify instead.

export const DEPTH_MAX = 512;

export const isSkipped = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** Would JSON.stringify escape something in this string (quote, backslash, control char, a surrogate that may be lone)? */
export function needsEscape(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return true;
  }
  return false;
}

const isIndexKey = (k: string): boolean => /^(?:0|[1-9][0-9]*)$/.test(k) && Number(k) <= 4_294_967_294;

/** Key lists up to this long are sorted by insertion in place: Array.prototype.sort allocates a work array per call. */
const SMALL_SORT = 16;

/** `keys.sort()` for distinct strings: the same order (UTF-16 code units, as `<` compares), without allocating. */
function sortSmall(keys: string[]): string[] {
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > k) { keys[j + 1] = keys[j]!; j--; }
    keys[j + 1] = k;
  }
  return keys;
}

/** The order JSON.stringify writes canonicalJson's sorted copy in: index-like keys numerically first, then the rest sorted. */
export function canonicalKeys(o: object): string[] {
  const keys = Object.keys(o);
  let hasDigitKey = false;
  for (const k of keys) { const c = k.charCodeAt(0); if (c >= 0x30 && c <= 0x39) { hasDigitKey = true; break; } }
  if (!hasDigitKey) return keys.length <= SMALL_SORT ? sortSmall(keys) : keys.sort();
  const index = keys.filter(isIndexKey).sort((a, b) => Number(a) - Number(b));
  const rest = keys.filter((k) => !isIndexKey(k)).sort();
  return [...index, ...rest];
}

/** Powers of ten up to the largest safe integer's digit count: a safe integer's decimal length without String(). */
const TENS = Array.from({ length: 16 }, (_, i) => 10 ** (i + 1));

/** String(x).length for a finite number: integers counted against powers of ten, other numbers printed. */
function numberLength(x: number): number {
  if (!Number.isSafeInteger(x)) return String(x).length;
  let n = 1;
  if (x < 0) { n = 2; x = -x; }
  for (let i = 0; i < TENS.length && x >= TENS[i]!; i++) n++;
  return n;
}

/**
 * The length of v's JSON text (v not a skipped value), or -1 for anything the walkers would not model either
 * (the caller then stringifies). Recursive: the lengths of members add up whatever order they come in, so an object's
 * own enumerable keys are read with for-in (no key array), and no token is put anywhere.
 */
function textLength(v: unknown, depth: number): number {
  switch (typeof v) {
    case 'string': return needsEscape(v) ? JSON.stringify(v).length : v.length + 2;
    case 'number': return Number.isFinite(v) ? numberLength(v) : 4;
    case 'boolean': return v ? 4 : 5;
    case 'object': break;
    default: return -1;
  }
  if (v === null) return 4;
  if (depth >= DEPTH_MAX) return -1;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function' || v instanceof Number || v instanceof String || v instanceof Boolean) return -1;
  if (Array.isArray(v)) {
    // '[' and ']', a comma between members, and 'null' for a skipped member.
    let n = v.length === 0 ? 2 : v.length + 1;
    for (let i = 0; i < v.length; i++) {
      const c: unknown = v[i];
      if (isSkipped(c)) { n += 4; continue; }
      const k = textLength(c, depth + 1);
      if (k < 0) return -1;
      n += k;
    }
    return n;
  }
  // '{' and '}', and per member written: its key's text, ':', and a comma before all but the first.
  let n = 2;
  let members = 0;
  const o = v as Record<string, unknown>;
  for (const key in o) {
    if (!Object.hasOwn(o, key)) continue;
    if (key === '__proto__') return -1;
    const c = o[key];
    if (isSkipped(c)) continue;
    const k = textLength(c, depth + 1);
    if (k < 0) return -1;
    n += k + 1 + (needsEscape(key) ? JSON.stringify(key).length : key.length + 2);
    members++;
  }
  return members === 0 ? 2 : n + members - 1;
}

/** JSON.stringify(v).length for a value JSON.stringify gives a text for, without building the text. */
export function jsonTextLength(v: unknown): number {
  const n = isSkipped(v) ? -1 : textLength(v, 0);
  return n >= 0 ? n : JSON.stringify(v).length;
}

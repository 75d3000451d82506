// JSON.stringify's exact text, fed token by token to a sink instead of built: CRCs and the trace hash fold it
// without allocating the string. Canonical mode reproduces canonicalJson (keys sorted by the replacer in crc32.ts).
// Recursive, to at most DEPTH_MAX levels; anything it does not model (toJSON, boxed primitives, bigint, a '__proto__'
// key, nesting deeper than DEPTH_MAX, cycles) returns 'unsupported' and the caller uses JSON.stringify.

/**
 * Where the tokens go. Besides whole tokens (put), a sink folds single structural characters (putCode) and quoted
 * strings (putQuoted, which checks for escapes in the same pass as it folds): a member key was a scan for escapes and
 * three put calls, a comma or colon a one-character string loop, and these are most of a message's tokens.
 */
export interface JsonSink {
  /** Folds a token's text. */
  put(s: string): void;
  /** Folds one UTF-16 code unit (put(String.fromCharCode(c))). */
  putCode(c: number): void;
  /** put('"' + s + '"') and true when JSON.stringify(s) is that text (isEscaped of no code unit); else false, folding nothing. */
  putQuoted(s: string): boolean;
}

/** Would JSON.stringify escape this code unit (a control char, quote, backslash, or a surrogate that may be lone)? */
export const isEscaped = (c: number): boolean => c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff);

export type FoldResult = 'ok' | 'undefined' | 'unsupported';

const DEPTH_MAX = 512;

const isSkipped = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** Would JSON.stringify escape something in this string (quote, backslash, control char, a surrogate that may be lone)? */
export function needsEscape(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (isEscaped(s.charCodeAt(i))) return true;
  }
  return false;
}

function putString(s: string, sink: JsonSink): void {
  if (!sink.putQuoted(s)) sink.put(JSON.stringify(s));
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
function canonicalKeys(o: object): string[] {
  const keys = Object.keys(o);
  let hasDigitKey = false;
  for (const k of keys) { const c = k.charCodeAt(0); if (c >= 0x30 && c <= 0x39) { hasDigitKey = true; break; } }
  if (!hasDigitKey) return keys.length <= SMALL_SORT ? sortSmall(keys) : keys.sort();
  const index = keys.filter(isIndexKey).sort((a, b) => Number(a) - Number(b));
  const rest = keys.filter((k) => !isIndexKey(k)).sort();
  return [...index, ...rest];
}

/**
 * A Number, String or Boolean object (JSON.stringify writes its primitive)? A plain object or array cannot be one, and
 * asking its prototype is one map load where each instanceof walks the chain.
 */
function isBoxed(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === Array.prototype) return false;
  return v instanceof Number || v instanceof String || v instanceof Boolean;
}

/** A plain object's for-in lists only its own keys (Object.prototype has no enumerable property): no own check. */
const isPlain = (o: object): boolean => Object.getPrototypeOf(o) === Object.prototype;

/** Folds v's text (v not a skipped value). False when the value is not modelled (the caller then folds the built text). */
function fold(v: unknown, isCanonical: boolean, sink: JsonSink, depth: number): boolean {
  switch (typeof v) {
    case 'string': putString(v, sink); return true;
    case 'number': sink.put(Number.isFinite(v) ? String(v) : 'null'); return true;
    case 'boolean': sink.put(v ? 'true' : 'false'); return true;
    case 'object': break;
    default: return false; // bigint (JSON.stringify throws), or a skipped value the caller should have handled
  }
  if (v === null) { sink.put('null'); return true; }
  if (depth >= DEPTH_MAX) return false;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function' || isBoxed(v)) return false;
  if (Array.isArray(v)) return foldArray(v, isCanonical, sink, depth);
  return isCanonical ? foldCanonical(v, sink, depth) : foldObject(v as Record<string, unknown>, sink, depth);
}

function foldArray(a: unknown[], isCanonical: boolean, sink: JsonSink, depth: number): boolean {
  sink.putCode(0x5b); // [
  for (let i = 0; i < a.length; i++) {
    if (i > 0) sink.putCode(0x2c); // ,
    const c: unknown = a[i];
    if (isSkipped(c)) sink.put('null');
    else if (!fold(c, isCanonical, sink, depth + 1)) return false;
  }
  sink.putCode(0x5d); // ]
  return true;
}

/**
 * An object in JSON.stringify's order, its keys from for-in: no key array, and V8 reads `o[key]` of the key for-in
 * just gave straight from the object's enum cache (a keyed load of any name off any message shape was megamorphic).
 * For-in lists own keys in Object.keys order (integer-like first, then insertion order) before inherited ones.
 */
function foldObject(o: Record<string, unknown>, sink: JsonSink, depth: number): boolean {
  sink.putCode(0x7b); // {
  const isOwnOnly = isPlain(o);
  let hasWritten = false;
  for (const key in o) {
    if (!isOwnOnly && !Object.hasOwn(o, key)) continue;
    if (key === '__proto__') return false;
    const c = o[key];
    if (isSkipped(c)) continue;
    if (hasWritten) sink.putCode(0x2c); // ,
    hasWritten = true;
    putString(key, sink);
    sink.putCode(0x3a); // :
    if (!fold(c, false, sink, depth + 1)) return false;
  }
  sink.putCode(0x7d); // }
  return true;
}

/** An object with its keys in canonicalJson's order. */
function foldCanonical(v: object, sink: JsonSink, depth: number): boolean {
  const keys = canonicalKeys(v);
  if (keys.includes('__proto__')) return false;
  const o = v as Record<string, unknown>;
  sink.putCode(0x7b); // {
  let hasWritten = false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const c = o[key]; // each member read once (a megamorphic keyed load: a stub-cache probe each)
    if (isSkipped(c)) continue;
    if (hasWritten) sink.putCode(0x2c); // ,
    hasWritten = true;
    putString(key, sink);
    sink.putCode(0x3a); // :
    if (!fold(c, true, sink, depth + 1)) return false;
  }
  sink.putCode(0x7d); // }
  return true;
}

export function foldJson(root: unknown, isCanonical: boolean, sink: JsonSink): FoldResult {
  if (isSkipped(root)) return 'undefined';
  return fold(root, isCanonical, sink, 0) ? 'ok' : 'unsupported';
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
 * A member key's JSON text length, remembered per key: keys are the few property names of a protocol's messages,
 * internalized strings whose hash V8 keeps, so the look-up costs less than scanning the key for escapes each time
 * (textLength of the recording run's messages: 30 % less). Capped so that data-shaped keys (ids as keys) cannot grow it
 * without bound; past the cap a key is measured each time, as before.
 */
const keyLengths = new Map<string, number>();
const KEY_LENGTHS_MAX = 4096;

function keyLength(key: string): number {
  let n = keyLengths.get(key);
  if (n === undefined) {
    n = needsEscape(key) ? JSON.stringify(key).length : key.length + 2;
    if (keyLengths.size < KEY_LENGTHS_MAX) keyLengths.set(key, n);
  }
  return n;
}

/** memberLength's answer for a value JSON.stringify leaves out of an object (undefined, a function, a symbol). */
const SKIPPED = -2;

/**
 * The length of v's JSON text, SKIPPED for a value JSON.stringify leaves out (writes as null in an array), or -1 for
 * anything the walk above would not model either (the caller then stringifies). One typeof per value: the member
 * loops below ask nothing else of a value before sizing it, and numbers, strings and booleans are sized without a call
 * further down.
 */
function memberLength(v: unknown, depth: number): number {
  switch (typeof v) {
    case 'number': return Number.isFinite(v) ? numberLength(v) : 4;
    case 'string': return needsEscape(v) ? JSON.stringify(v).length : v.length + 2;
    case 'boolean': return v ? 4 : 5;
    case 'object': return v === null ? 4 : compositeLength(v, depth);
    case 'undefined': case 'function': case 'symbol': return SKIPPED;
    default: return -1; // bigint: JSON.stringify throws
  }
}

/** An object's or array's text length (see memberLength), or -1. */
function compositeLength(v: object, depth: number): number {
  if (depth >= DEPTH_MAX) return -1;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function' || isBoxed(v)) return -1;
  if (Array.isArray(v)) {
    // '[' and ']', a comma between members, and 'null' for a skipped member.
    let n = v.length === 0 ? 2 : v.length + 1;
    for (let i = 0; i < v.length; i++) {
      const k = memberLength(v[i], depth + 1);
      if (k === SKIPPED) n += 4;
      else if (k < 0) return -1;
      else n += k;
    }
    return n;
  }
  // '{', and per member written its key's text, ':', its value's text and a ',' or the closing '}'.
  let n = 1;
  const o = v as Record<string, unknown>;
  const isOwnOnly = isPlain(o);
  for (const key in o) {
    if (!isOwnOnly && !Object.hasOwn(o, key)) continue;
    if (key === '__proto__') return -1;
    const k = memberLength(o[key], depth + 1);
    if (k === SKIPPED) continue;
    if (k < 0) return -1;
    n += k + 2 + keyLength(key);
  }
  return n === 1 ? 2 : n;
}

/** JSON.stringify(v).length for a value JSON.stringify gives a text for, without building the text. */
export function jsonTextLength(v: unknown): number {
  const n = memberLength(v, 0);
  return n >= 0 ? n : JSON.stringify(v).length;
}

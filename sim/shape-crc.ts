// crcOf of a plain object (a message, a record) folded from a table of its members instead of the generic canonical
// fold: the same CRC-32 steps over the same text, canonicalJson's.
//
// Why: the generic fold (crcOf, json-fold.ts) pays per object for a key array and its sort (canonical order), a call
// per token into its sink and a megamorphic keyed load per member; here each shape's member names come sorted and
// quoted once, at load, and the characters go straight into one CRC register (integers digit by digit, no string
// built). Anything a shape does not describe exactly (a member not listed, one holding undefined, a nested value that
// is not a listed shape or an array of primitives, a string JSON would escape) makes the answer null and the caller
// folds the generic way: the fast fold is used only where its text is canonicalJson's by construction. The member
// heads and a shape's own type string are the same text in every object, so they are folded ahead and applied in one
// jump each (crc-jump.ts). A protocol keeps its tables (which members each message type has, which a sum covers);
// this file is the folding they share.
import type { Jump } from './crc-jump.ts';
import { stepUnit } from './crc32.ts';
import { foldText, jumpOf, jumped } from './crc-jump.ts';
import { isEscaped, needsEscape } from './json-fold.ts';

/** Every member of M but the `Left` ones: true when the CRC covers it, false when not (a member the sum leaves out). */
export type CrcMembers<M, Left extends PropertyKey = never> = { readonly [K in Exclude<keyof M, Left>]-?: boolean };
/** A union's members by its `type` tag. The types make a member missing from an entry a compile error, an extra one an excess-property error. */
export type CrcTable<U extends { readonly type: string }, Left extends PropertyKey = never> = {
  readonly [T in U['type']]: CrcMembers<Extract<U, { readonly type: T }>, Left>
};

/** One object shape: the covered members in canonical order with their `"key":` text, and the members left out. */
export interface CrcShape {
  readonly keys: readonly string[];
  /** `"key":` for the first member written, `,"key":` for the others, as jumps. */
  readonly heads: readonly Jump[];
  readonly nextHeads: readonly Jump[];
  readonly skipped: readonly string[];
  /** The position of `type` in keys when the shape is one type's (its table key) and that type's text is folded ahead; else -1. */
  readonly typeAt: number;
  readonly type: string | undefined;
  /** `"type":"<type>"` and `,"type":"<type>"`: head and value in one jump. */
  readonly typeHead: Jump | undefined;
  readonly typeNextHead: Jump | undefined;
}

/** The shape a nested object member is folded by (a message's body, a result), or undefined when none describes it. */
export type NestedShapeOf = (o: object) => CrcShape | undefined;

const isIndexKey = (k: string): boolean => /^(?:0|[1-9][0-9]*)$/.test(k);

/**
 * canonicalJson's member order (Object.keys(o).sort(), then JSON.stringify's own order, which puts integer-like keys
 * first: a shape refuses them, and `__proto__`, at load), each head quoted by JSON.stringify itself. `type` names the
 * one type an object of this shape carries (the table key it was found by): its `"type":"..."` text is then folded
 * ahead too, unless JSON would escape a unit of it (quoted() would then call the fold inexact, so the jump must not
 * stand for it).
 */
export function crcShapeOf(members: Readonly<Record<string, boolean>>, type?: string): CrcShape {
  for (const k of Object.keys(members)) if (isIndexKey(k) || k === '__proto__') throw new Error(`crcShapeOf: member ${JSON.stringify(k)} is not in sorted order in canonical JSON`);
  const keys = Object.keys(members).filter((k) => members[k]).sort();
  const heads = keys.map((k) => `${JSON.stringify(k)}:`);
  const typeAt = type !== undefined && !needsEscape(type) ? keys.indexOf('type') : -1;
  const typeText = typeAt >= 0 ? `${heads[typeAt]!}${JSON.stringify(type)}` : undefined;
  return {
    keys, heads: heads.map(jumpOf), nextHeads: heads.map((h) => jumpOf(`,${h}`)), skipped: Object.keys(members).filter((k) => !members[k]),
    typeAt, type: typeAt >= 0 ? type : undefined,
    typeHead: typeText !== undefined ? jumpOf(typeText) : undefined, typeNextHead: typeText !== undefined ? jumpOf(`,${typeText}`) : undefined
  };
}

/** Each table entry's shape, by its type. */
export const crcShapesByType = (table: Readonly<Record<string, Readonly<Record<string, boolean>>>>): Map<string, CrcShape> =>
  new Map(Object.keys(table).map((t) => [t, crcShapeOf(table[t]!, t)]));

/** The register (crc32's `c`, as an int32) and whether everything so far was folded exactly. */
let reg = -1;
let isExact = true;
/** The caller's nested shapes, for this fold. */
let nestedOf: NestedShapeOf = () => undefined;

/** Folds a code unit as crc32 does. */
function unit(code: number): void {
  reg = stepUnit(reg, code);
}

function text(s: string): void {
  reg = foldText(reg, s);
}

/** JSON.stringify's text of a string; not exact when it would escape a code unit. */
function quoted(s: string): void {
  unit(0x22);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isEscaped(c)) { isExact = false; return; }
    unit(c);
  }
  unit(0x22);
}

/** Decimal digits of a safe integer, least significant first. */
const digits = new Int32Array(16);

/** String(x) for a finite number: a safe integer digit by digit, anything else through String. */
function number(x: number): void {
  if (!Number.isSafeInteger(x)) { text(String(x)); return; }
  if (x < 0) { unit(0x2d); x = -x; }
  let n = 0;
  // In int32 range (ids, counts, sim times below ~35 min) the digits come from integer division: `% 10` and
  // Math.floor of a double division cost ~1.7x as much per number (micro, node 20). Same digits either way.
  if (x <= 0x7fffffff) do { const q = (x / 10) | 0; digits[n++] = x - q * 10; x = q; } while (x > 0);
  else do { digits[n++] = x % 10; x = Math.floor(x / 10); } while (x > 0);
  while (n > 0) unit(0x30 + digits[--n]!);
}

/** Folds a primitive's JSON text; false for undefined (a member JSON skips). Not exact for anything else. */
function primitive(v: unknown): boolean {
  switch (typeof v) {
    case 'string': quoted(v); return true;
    case 'number': if (Number.isFinite(v)) number(v); else text('null'); return true;
    case 'boolean': text(v ? 'true' : 'false'); return true;
    case 'undefined': return false;
    case 'object': if (v === null) text('null'); else isExact = false; return true;
    default: isExact = false; return true;
  }
}

/** An array of primitives (a skipped member is written null). */
function array(a: readonly unknown[]): void {
  if (Object.getPrototypeOf(a) !== Array.prototype) { isExact = false; return; }
  unit(0x5b);
  for (let i = 0; i < a.length; i++) {
    if (i > 0) unit(0x2c);
    if (!primitive(a[i])) text('null');
  }
  unit(0x5d);
}

/** A member's value; false when it is undefined (not written). */
function value(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return primitive(v);
  if (Array.isArray(v)) { array(v); return true; }
  const shape = nestedOf(v);
  if (shape === undefined) isExact = false;
  else object(v, shape);
  return true;
}

/**
 * A plain object of this shape in canonical order. Every own enumerable member must be listed and defined (for-in
 * counts them against the ones written or skipped), so no member can be left out of the text unseen.
 */
function object(o: object, shape: CrcShape): void {
  if (Object.getPrototypeOf(o) !== Object.prototype) { isExact = false; return; }
  const r = o as Readonly<Record<string, unknown>>;
  let seen = 0;
  unit(0x7b);
  for (let i = 0; i < shape.keys.length; i++) {
    const v = r[shape.keys[i]!];
    if (v === undefined) continue;
    if (i === shape.typeAt && v === shape.type) reg = jumped(reg, seen === 0 ? shape.typeHead! : shape.typeNextHead!);
    else {
      reg = jumped(reg, seen === 0 ? shape.heads[i]! : shape.nextHeads[i]!);
      value(v);
    }
    seen++;
  }
  unit(0x7d);
  for (const k of shape.skipped) if (r[k] !== undefined) seen++;
  let own = 0;
  for (const _ in r) own++;
  if (own !== seen) isExact = false;
}

/**
 * crcOf of `o` with its skipped members left out (crcOf of a copy without them), folded by `shape`, its nested objects
 * by `nested`; or null when the shapes do not describe it exactly (the caller then folds it the generic way).
 */
export function shapedCrc(o: object, shape: CrcShape, nested: NestedShapeOf): number | null {
  reg = -1;
  isExact = true;
  nestedOf = nested;
  object(o, shape);
  return isExact ? (reg ^ -1) >>> 0 : null;
}

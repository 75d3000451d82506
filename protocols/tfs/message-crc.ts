// The transport checksum (crcOf of what a sum covers, messages.ts `covered`) folded from a table of each message type's
// members instead of the generic canonical fold: the same CRC-32 steps over the same text, canonicalJson's.
//
// Why: seal() takes a sum for almost every event of a TFS seed (about 0.8 messages per event), and the generic fold pays
// per message for a key array and its sort (canonical order), a call per token into its sink and a megamorphic
// keyed load per member; here each type's member names come sorted and quoted once, at load, and the characters go
// straight into one CRC register (integers digit by digit, no string built). Anything the tables do not describe
// exactly (a member not listed, one holding undefined, a nested value that is not a listed shape or an array of
// primitives, a string JSON would escape) makes the answer null and the caller folds the generic way: the fast fold
// is used only where its text is canonicalJson's by construction. The member heads and a shape's own type string are
// the same text in every message, so they are folded ahead and applied in one jump each (crc-jump.ts).
import { isEscaped, needsEscape } from '../../sim/index.ts';
import type { Jump } from './crc-jump.ts';
import { foldText, jumpOf, jumped, stepUnit } from './crc-jump.ts';
import type { ClientOpBody, ClientResult, TfsMsg } from './messages.ts';

/** Every member of M but the sum: true when the sum covers it, false when not (an OpLogSyncMessage's data_). */
type Members<M> = { readonly [K in Exclude<keyof M, 'sum'>]-?: boolean };
type Table<U extends { readonly type: string }> = { readonly [T in U['type']]: Members<Extract<U, { readonly type: T }>> };

// The types make a member missing from an entry a compile error, and an extra one an excess-property error.
const MESSAGE_MEMBERS: Table<TfsMsg> = {
  'ns-keepalive': { type: true, id: true, kind: true, leaseKey: true },
  'ns-keepalive-reply': { type: true, id: true, ok: true, error: true, leaseKey: true, leaseUs: true, loggedCount: true },
  'ns-get-role': { type: true, id: true },
  'ns-role': { type: true, id: true, role: true },
  'oplog-sync': { type: true, leaseKey: true, batchId: true, startSeqno: true, recordCount: true, alloc: true, length: true, data: false },
  'oplog-ack': { type: true, leaseKey: true, batchId: true, isComplete: true, nextSeqno: true },
  'ha-ping': { type: true, epochUs: true, n: true, holder: true },
  'ha-pong': { type: true, n: true, role: true },
  'ha-switch': { type: true, epochUs: true, n: true },
  'tair-advance': { type: true, id: true, value: true, skip: true },
  'tair-advanced': { type: true, id: true, value: true, mirror: true },
  'tair-save': { type: true, value: true },
  'ds-heartbeat': { type: true },
  'ds-heartbeat-reply': { type: true, role: true, isReportWanted: true },
  'block-report': { type: true, blocks: true },
  'new-block': { type: true, blockId: true, tag: true, mirror: true },
  'apply-block': { type: true, id: true },
  'remove-block': { type: true, blockId: true },
  'apply-block-reply': { type: true, id: true, blockId: true, leaseUs: true },
  'replicate-block': { type: true, seqno: true, blockId: true, source: true, dest: true },
  'copy-block': { type: true, seqno: true, blockId: true, tag: true, source: true, dest: true },
  'copy-block-done': { type: true, seqno: true, blockId: true, source: true, dest: true, isFailed: true },
  'replicate-block-done': { type: true, seqno: true, blockId: true, source: true, dest: true, isMove: true, isFailed: true },
  'ds-write': { type: true, id: true, blockId: true },
  'ds-write-reply': { type: true, id: true, isOk: true, error: true },
  'client-req': { type: true, id: true, op: true },
  'client-resp': { type: true, id: true, result: true }
};

const OP_MEMBERS: Table<ClientOpBody> = {
  'create-block': { type: true },
  'create-block-by-id': { type: true, blockId: true },
  'read-block': { type: true, nth: true },
  'write-file': { type: true },
  'delete-block': { type: true, blockId: true }
};

const RESULT_MEMBERS: { readonly ok: Members<Extract<ClientResult, { ok: true }>>; readonly failed: Members<Extract<ClientResult, { ok: false }>> } = {
  ok: { ok: true, blockId: true, servers: true },
  failed: { ok: true, error: true }
};

/** One object shape: the covered members in canonical order with their `"key":` text, and the members left out. */
interface Shape {
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

/**
 * canonicalJson's member order (Object.keys(o).sort(), then JSON.stringify's own order, which puts integer-like keys
 * first: no member name here is one), each head quoted by JSON.stringify itself. `type` names the one type a message
 * of this shape carries (the table key it was found by): its `"type":"..."` text is then folded ahead too, unless JSON
 * would escape a unit of it (quoted() would then call the fold inexact, so the jump must not stand for it).
 */
function shapeOf(members: Readonly<Record<string, boolean>>, type?: string): Shape {
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


const shapesOf = (table: Readonly<Record<string, Readonly<Record<string, boolean>>>>): Map<string, Shape> =>
  new Map(Object.keys(table).map((t) => [t, shapeOf(table[t]!, t)]));

const MESSAGE_SHAPES = shapesOf(MESSAGE_MEMBERS);
const OP_SHAPES = shapesOf(OP_MEMBERS);
const RESULT_OK = shapeOf(RESULT_MEMBERS.ok);
const RESULT_FAILED = shapeOf(RESULT_MEMBERS.failed);

/** The register (crc32's `c`, as an int32) and whether everything so far was folded exactly. */
let reg = -1;
let isExact = true;

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
  const o = v as { readonly type?: unknown; readonly ok?: unknown };
  const shape = typeof o.type === 'string' ? OP_SHAPES.get(o.type) : o.ok === true ? RESULT_OK : o.ok === false ? RESULT_FAILED : undefined;
  if (shape === undefined) isExact = false;
  else object(v, shape);
  return true;
}

/**
 * A plain object of this shape in canonical order. Every own enumerable member must be listed and defined (for-in
 * counts them against the ones written or skipped), so no member can be left out of the text unseen.
 */
function object(o: object, shape: Shape): void {
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
 * crcOf(covered(msg)) for a message without a sum (the ones seal() stamps), or null when the tables do not describe
 * it exactly (the caller then folds it the generic way).
 */
export function unsealedMessageCrc(msg: TfsMsg): number | null {
  if ((msg as { readonly sum?: unknown }).sum !== undefined) return null;
  const shape = MESSAGE_SHAPES.get(msg.type);
  if (shape === undefined) return null;
  reg = -1;
  isExact = true;
  object(msg, shape);
  return isExact ? (reg ^ -1) >>> 0 : null;
}

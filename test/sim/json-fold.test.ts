// The JSON walkers (crcOf, the trace hash of messages, jsonTextLength) must see exactly JSON.stringify's text, canonical or not.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, crc32, crcOf } from '../../sim/index.ts';
import { jsonTextLength } from '../../sim/json-fold.ts';
import { foldJsonHash } from '../../sim/json-hash.ts';

/** Values protocols put in records and messages, plus the awkward corners of JSON.stringify. */
const awkward = fc.oneof(
  fc.constantFrom(undefined, null, NaN, Infinity, -0, 1e21, 5e-7, '\u2028', '\ud800', 'a"b\\c\n\u0001', 'é', '\u{1F600}'),
  fc.string({ unit: 'binary' }), fc.double(), fc.integer(), fc.boolean(),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, awkward, fc.array(tie('v')), fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('10', '2', '01', '4294967295', '4294967294', 'b', 'a')), tie('v'))),
})).v;

describe('json-fold', () => {
  it('jsonTextLength gives the length of JSON.stringify\'s text (the catalog\'s message sizes), odd values included', () => {
    fc.assert(fc.property(value.filter((v) => v !== undefined), (v) => { expect(jsonTextLength(v)).toBe(JSON.stringify(v).length); }), { numRuns: 1000 });
    fc.assert(fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double(), fc.constantFrom(9_999_999_999_999_999, 1e15, -1e15, 2 ** 53, -(2 ** 31))), (x) => {
      expect(jsonTextLength([x])).toBe(JSON.stringify([x]).length);
    }), { numRuns: 1000 });
    const odd = [{ toJSON: () => 'x' }, { a: new Number(3) }, Object.fromEntries([['__proto__', 1]]), [undefined, () => 1], { f: () => 1, s: Symbol('x') }, {}, [], { a: undefined }, Object.create({ inherited: 1 })];
    for (const v of odd) expect(jsonTextLength(v)).toBe(JSON.stringify(v).length);
  });
  it('crcOf equals crc32 of the canonical text, and falls back for what it does not model', () => {
    fc.assert(fc.property(value, (v) => { expect(crcOf(v)).toBe(crc32(canonicalJson(v) ?? 'undefined')); }), { numRuns: 300 });
    const odd = [{ toJSON: () => 'x' }, { a: new Number(3) }, Object.fromEntries([['__proto__', 1]]), [undefined, () => 1], { f: () => 1, s: Symbol('x') }];
    for (const v of odd) expect(crcOf(v)).toBe(crc32(canonicalJson(v) ?? 'undefined'));
  });
});

/** The trace's lane fold of a string's characters (trace.ts put(): FNV-1a in lane a, the second multiplier in lane b). */
function lanesOfText(s: string): [number, number] {
  let a = 0x811c9dc5 | 0;
  let b = 0x84222325 | 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return [a, b];
}

/** foldJsonHash's lanes, or the text's lanes when it declines (as the trace does). */
function hashLanes(v: unknown): [number, number] {
  const lanes = Int32Array.of(0x811c9dc5 | 0, 0x84222325 | 0);
  return foldJsonHash(v, lanes) ? [lanes[0]!, lanes[1]!] : lanesOfText(JSON.stringify(v));
}

describe('json-hash (the trace hash of a message, folded without the text)', () => {
  it('folds exactly JSON.stringify\'s characters', () => {
    fc.assert(fc.property(value.filter((v) => v !== undefined), (v) => { expect(hashLanes(v)).toEqual(lanesOfText(JSON.stringify(v))); }), { numRuns: 1000 });
  });
  it('folds integers digit by digit as String() writes them, and other numbers as JSON writes them', () => {
    const corners = [0, -0, 1, -1, 9, 10, -10, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 2 ** 32, 1e21, -1e21, 1e-7, 0.1, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2];
    for (const x of corners) expect(hashLanes({ x, a: [x] })).toEqual(lanesOfText(JSON.stringify({ x, a: [x] })));
    fc.assert(fc.property(fc.oneof(fc.integer(), fc.integer({ min: -1000, max: 1000 }), fc.maxSafeInteger(), fc.double()), (x) => {
      expect(hashLanes([x, { x }])).toEqual(lanesOfText(JSON.stringify([x, { x }])));
    }), { numRuns: 1000 });
  });
  it('writes keys in Object.keys\' order (integer-like first), skips inherited and non-enumerable ones, and declines what it does not model', () => {
    const proto = { inherited: 1, shadowed: 2 };
    const withProto = Object.create(proto) as Record<string, unknown>;
    withProto['b'] = 1; withProto['2'] = 'two'; withProto['a'] = [undefined, () => 1, Symbol('s')]; withProto['10'] = -0;
    Object.defineProperty(withProto, 'shadowed', { value: 3, enumerable: false });
    Object.defineProperty(withProto, 'hidden', { value: 4, enumerable: false });
    class Msg { type = 'm'; zxid = 7; constructor(public readonly from: string) {} method(): number { return 1; } }
    const odd: unknown[] = [
      withProto, new Msg('n1'), { toJSON: () => 'x' }, { a: new Number(3) }, { s: new String('s') }, Object.fromEntries([['__proto__', 1]]),
      [undefined, () => 1], { f: () => 1, s: Symbol('x'), u: undefined }, {}, [], [[]], [{}], { a: undefined }, { 'k"\n': '\ud800', '\u2028': 'é' },
      { 4294967295: 1, 4294967294: 2, '01': 3, 1: 4, z: 5 }, new Date(0), new Map([[1, 2]]), Int8Array.of(1, -2), null, true, 'str', 12.5,
      Array.from({ length: 3 }), Object.assign(Object.create(null) as object, { b: 1, a: 2 }),
    ];
    for (const v of odd) expect(hashLanes(v)).toEqual(lanesOfText(JSON.stringify(v)));
    const lanes = new Int32Array(2);
    expect(foldJsonHash({ toJSON: () => 1 }, lanes)).toBe(false);
    expect(foldJsonHash([1, 2n], lanes)).toBe(false);
    expect(foldJsonHash(Object.fromEntries([['__proto__', 1]]), lanes)).toBe(false);
    let deep: unknown = 1;
    for (let i = 0; i < 600; i++) deep = [deep];
    expect(foldJsonHash(deep, lanes)).toBe(false);
  });
});

describe('json-crc (crcOf walked from the value)', () => {
  it('equals crc32 of the canonical text for integers, wide characters, escaped keys and odd values', () => {
    const crcOfText = (v: unknown): number => crc32(canonicalJson(v) ?? 'undefined');
    fc.assert(fc.property(value, (v) => { expect(crcOf(v)).toBe(crcOfText(v)); }), { numRuns: 1000 });
    fc.assert(fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double()), fc.string({ unit: 'binary' }), (x, k) => {
      const v = { [k]: x, z: [x, k], [`${k}\u0101`]: -x };
      expect(crcOf(v)).toBe(crcOfText(v));
    }), { numRuns: 1000 });
    const odd: unknown[] = [0, -0, -(2 ** 31), 2 ** 31, 1e21, NaN, 'ĀĂ\u{1F600}', '\ud800', { 'k"\n': 1, b: undefined, a: () => 1 }, [undefined, Symbol('s')],
      { 10: 1, 2: 2, '01': 3, b: 4, a: 5 }, new Date(0), Object.create({ inherited: 1 }), Object.fromEntries([['__proto__', 1]]), { a: new String('s') }];
    for (const v of odd) expect(crcOf(v)).toBe(crcOfText(v));
    // A getter that takes a CRC mid-walk: both CRCs still right (the inner one folds the text).
    let inner = 0;
    const reentrant = { a: 1, get b(): number { inner = crcOf({ x: [1, 2] }); return 2; } };
    expect(crcOf(reentrant)).toBe(crcOfText({ a: 1, b: 2 }));
    expect(inner).toBe(crcOfText({ x: [1, 2] }));
  });
});

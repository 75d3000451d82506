// shape-crc.ts folds a plain object's canonical CRC from a table of its members instead of the generic fold. This
// checks it against crcOf (the generic canonical fold) on drawn objects of a small table (members present and absent,
// awkward numbers and strings, nested shapes, arrays), that it answers for everything the table describes, and that
// what it does not describe exactly (a member not listed, one holding undefined, a string JSON escapes, a nested shape
// not listed, an array of arrays, a non-plain object) is left to the generic fold (null), not guessed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, crc32, crcOf, crcShapeOf, crcShapesByType, shapedCrc } from '../../sim/index.ts';
import type { CrcShape, CrcTable } from '../../sim/index.ts';

type Body = { readonly type: 'get'; readonly key: string } | { readonly type: 'put'; readonly key: string; readonly value?: number };
type Msg =
  | { readonly type: 'ping'; readonly n: number; readonly from?: string; readonly sum?: number }
  | { readonly type: 'req'; readonly id: number; readonly body: Body; readonly sum?: number }
  | { readonly type: 'batch'; readonly ids: readonly unknown[]; readonly flag: boolean; readonly data?: unknown; readonly sum?: number }
  | { readonly type: 'esc"aped'; readonly x: number; readonly sum?: number };

const MSG: CrcTable<Msg, 'sum'> = {
  ping: { type: true, n: true, from: true },
  req: { type: true, id: true, body: true },
  batch: { type: true, ids: true, flag: true, data: false },
  'esc"aped': { type: true, x: true },
};
const BODY: CrcTable<Body> = { get: { type: true, key: true }, put: { type: true, key: true, value: true } };
const MSG_SHAPES = crcShapesByType(MSG);
const BODY_SHAPES = crcShapesByType(BODY);
const nested = (o: object): CrcShape | undefined => {
  const t = (o as { readonly type?: unknown }).type;
  return typeof t === 'string' ? BODY_SHAPES.get(t) : undefined;
};
const fast = (m: object): number | null => shapedCrc(m, MSG_SHAPES.get((m as { type: string }).type)!, nested);
/** The generic answer: crcOf of the object without the members its shape leaves out. */
const generic = (m: object): number => crcOf({ ...m, data: undefined });

const num = fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double(), fc.constantFrom(0, -0, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), 2 ** 53 - 1, 2 ** 53, 1e21, 5e-7, NaN, Infinity));
const str = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('ds1', 'a"b', '\ud800', '\u2028', 'é\u4e2d'));
const prim = fc.oneof(num, str, fc.boolean(), fc.constant(null));
const body = fc.oneof(
  fc.record({ type: fc.constant('get' as const), key: str }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('put' as const), key: str, value: num }, { requiredKeys: ['type', 'key'], noNullPrototype: true }),
);
const msg = fc.oneof(
  fc.record({ type: fc.constant('ping' as const), n: num, from: str }, { requiredKeys: ['type', 'n'], noNullPrototype: true }),
  fc.record({ type: fc.constant('req' as const), id: num, body }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('batch' as const), ids: fc.array(fc.oneof(prim, fc.constant(undefined))), flag: fc.boolean(), data: fc.anything().filter((d) => d !== undefined) }, { requiredKeys: ['type', 'ids', 'flag'], noNullPrototype: true }),
  fc.record({ type: fc.constant('esc"aped' as const), x: num }, { noNullPrototype: true }),
);

describe('shape-crc: table fold against the generic canonical fold', () => {
  it('gives crcOf of the covered members whenever it answers, and answers unless a string holds a unit JSON may escape', () => {
    let answered = 0;
    fc.assert(fc.property(msg, (m) => {
      const got = fast(m);
      if (got !== null) { answered++; expect(got, JSON.stringify(m)).toBe(generic(m)); }
      else expect(JSON.stringify(m)).toMatch(/[\\\ud800-\udfff]/); // only a unit JSON may escape (isEscaped) makes it give up here
    }), { numRuns: 2000 });
    expect(answered).toBeGreaterThan(500); // about half: the drawn strings often hold a quote, a backslash or a surrogate
  });

  it('agrees on listed shapes, optional members present and absent, odd numbers included', () => {
    const msgs: Msg[] = [
      { type: 'ping', n: 1 }, { type: 'ping', n: 1, from: 'ns2\u00e9\u4e2d' }, { from: 'x', n: -0, type: 'ping' },
      { type: 'req', id: 2147483647, body: { type: 'get', key: 'k' } }, { type: 'req', id: -2147483648, body: { type: 'put', key: 'k', value: 2 ** 53 - 1 } },
      { type: 'batch', ids: [], flag: true }, { type: 'batch', ids: [1, 2e21, -3, 4.25, null, 'x', true, undefined], flag: false, data: [1, 2] },
    ];
    for (const m of msgs) expect(fast(m), JSON.stringify(m)).toBe(generic(m));
    // The step is sim/crc32.ts's: a text folded here and there gives one CRC.
    expect(fast(msgs[1]!)).toBe(crc32(canonicalJson(msgs[1])));
  });

  it('leaves to the generic fold what the shapes do not describe exactly', () => {
    const planted: unknown[] = [
      { type: 'ping', n: 1, extra: 1 }, // a member no table lists
      { type: 'ping', n: 1, from: undefined }, // a member holding undefined
      { type: 'ping', n: 1, from: 'a"b' }, // a string JSON escapes
      { type: 'ping', n: 1, from: '\ud800' }, // a lone surrogate
      { type: 'req', id: 1, body: { type: 'get', key: 'k', x: 1 } }, // a nested member no table lists
      { type: 'req', id: 1, body: { type: 'nope' } }, // a nested shape not listed
      { type: 'req', id: 1, body: [{ type: 'get', key: 'k' }] }, // an array of objects
      { type: 'batch', ids: [[1]], flag: true }, // an array of arrays
      { type: 'batch', ids: Object.assign(Object.create([]) as unknown[], { length: 0 }), flag: true }, // not a plain array
      Object.assign(Object.create({ inherited: 1 }) as object, { type: 'ping', n: 1 }), // not a plain object
      { type: 'ping', n: 1n }, // a bigint
      { type: 'ping', n: () => 1 }, // a function
      { type: 'esc"aped', x: 1 }, // a type JSON escapes (not folded ahead, and then escaped in the value)
    ];
    for (const m of planted) expect(fast(m as object), String(Object.keys(m as object))).toBeNull();
    // A slip the member count guards: with the extra member the generic sum differs from the listed members' one.
    expect(generic(planted[0] as object)).not.toBe(fast({ type: 'ping', n: 1 }));
  });

  it('refuses member names canonical JSON would not write in sorted order', () => {
    expect(() => crcShapeOf({ a: true, 10: true })).toThrow(/sorted order/);
    expect(() => crcShapeOf(Object.fromEntries([['__proto__', true]]))).toThrow(/sorted order/);
  });
});

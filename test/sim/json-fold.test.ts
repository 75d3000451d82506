// The token-folded JSON (crcOf, the trace hash of messages) must be exactly JSON.stringify's text, canonical or not.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, crc32, crcOf } from '../../sim/index.ts';
import { foldJson, isEscaped, jsonTextLength } from '../../sim/json-fold.ts';
import { Trace } from '../../sim/trace.ts';

function folded(v: unknown, isCanonical: boolean): string | undefined {
  let text = '';
  const sink = {
    put: (s: string): void => { text += s; },
    putCode: (c: number): void => { text += String.fromCharCode(c); },
    putQuoted: (s: string): boolean => {
      for (let i = 0; i < s.length; i++) if (isEscaped(s.charCodeAt(i))) return false;
      text += `"${s}"`;
      return true;
    },
  };
  const r = foldJson(v, isCanonical, sink);
  if (r === 'undefined') return undefined;
  return r === 'ok' ? text : (isCanonical ? canonicalJson(v) : JSON.stringify(v));
}

/** Values protocols put in records and messages, plus the awkward corners of JSON.stringify. */
const awkward = fc.oneof(
  fc.constantFrom(undefined, null, NaN, Infinity, -0, 1e21, 5e-7, '\u2028', '\ud800', 'a"b\\c\n\u0001', 'é', '\u{1F600}'),
  fc.string({ unit: 'binary' }), fc.double(), fc.integer(), fc.boolean(),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, awkward, fc.array(tie('v')), fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('10', '2', '01', '4294967295', '4294967294', 'b', 'a')), tie('v'))),
})).v;

describe('json-fold', () => {
  it('gives JSON.stringify\'s text', () => {
    fc.assert(fc.property(value, (v) => { expect(folded(v, false)).toBe(JSON.stringify(v)); }), { numRuns: 500 });
  });
  it('gives canonicalJson\'s text in canonical mode (sorted keys, index-like keys first as JSON writes them)', () => {
    fc.assert(fc.property(value, (v) => { expect(folded(v, true)).toBe(canonicalJson(v)); }), { numRuns: 500 });
  });
  it('gives the same texts for objects whose for-in is not Object.keys (inherited, null-prototype, class, integer-like, getters)', () => {
    const proto = { inherited: 1, also: [2] };
    const withGetter = { a: 1, get b(): number { return crcOf({ c: 'inner' }); }, d: [undefined, 'x'] };
    const odd: unknown[] = [
      Object.assign(Object.create(proto) as object, { own: 2, 10: 'x', 2: 'y', z: { q: 1 } }),
      Object.assign(Object.create(null) as object, { a: [1, { b: null }], '01': 3, 5: 4 }),
      new (class { x = 1; y = 'z'; w = undefined; })(), { 'a"b': { 'a"b': 2 } }, withGetter,
      Object.fromEntries([['__proto__', 1]]), { a: { toJSON: () => 'x' } }, [new Number(3)], Object.defineProperty({ a: 1 }, 'hidden', { value: 2 }),
    ];
    let deep: unknown = [1];
    for (let i = 0; i < 600; i++) deep = i % 2 ? [deep] : { k: deep }; // past DEPTH_MAX: unsupported, the text is built
    odd.push(deep);
    for (const v of odd) {
      expect(folded(v, false)).toBe(JSON.stringify(v));
      expect(folded(v, true)).toBe(canonicalJson(v));
    }
  });
  it('jsonTextLength gives the length of JSON.stringify\'s text (the catalog\'s message sizes), odd values included', () => {
    fc.assert(fc.property(value.filter((v) => v !== undefined), (v) => { expect(jsonTextLength(v)).toBe(JSON.stringify(v).length); }), { numRuns: 1000 });
    fc.assert(fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double(), fc.constantFrom(9_999_999_999_999_999, 1e15, -1e15, 2 ** 53, -(2 ** 31))), (x) => {
      expect(jsonTextLength([x])).toBe(JSON.stringify([x]).length);
    }), { numRuns: 1000 });
    const odd = [{ toJSON: () => 'x' }, { a: new Number(3) }, Object.fromEntries([['__proto__', 1]]), [undefined, () => 1], { f: () => 1, s: Symbol('x') }, {}, [], { a: undefined }, Object.create({ inherited: 1 })];
    // Not plain objects (their for-in needs the own check), and escaped keys measured again from the key cache.
    odd.push(Object.assign(Object.create({ inherited: 1 }) as object, { own: 2 }), Object.assign(Object.create(null) as object, { a: [1] }), new (class { x = 1; y = 'z'; })(), { 'a"b': 1 }, { 'a"b': { 'a"b': 2 } });
    for (const v of odd) expect(jsonTextLength(v)).toBe(JSON.stringify(v).length);
  });
  it('crcOf equals crc32 of the canonical text, and falls back for what it does not model', () => {
    fc.assert(fc.property(value, (v) => { expect(crcOf(v)).toBe(crc32(canonicalJson(v) ?? 'undefined')); }), { numRuns: 300 });
    const odd = [{ toJSON: () => 'x' }, { a: new Number(3) }, Object.fromEntries([['__proto__', 1]]), [undefined, () => 1], { f: () => 1, s: Symbol('x') }];
    for (const v of odd) expect(crcOf(v)).toBe(crc32(canonicalJson(v) ?? 'undefined'));
  });
});

describe('trace hash of a delivered message', () => {
  it('folds the message exactly as a record whose detail is its JSON text (Trace as a JsonSink)', () => {
    fc.assert(fc.property(value.filter((v) => v !== null && typeof v === 'object'), (v) => {
      const folded = new Trace(10, false, false);
      folded.addMessage(0, 5, 'n1', v as object, 'n2', 'n1', 't', 3);
      const text = new Trace(10, false, false);
      text.add(0, 5, 'n1', 'message', JSON.stringify(v), 'n2', 'n1', 't', 3);
      expect(folded.hash()).toBe(text.hash());
    }), { numRuns: 500 });
  });
});

describe('trace records with a JSON detail (client calls and replies)', () => {
  it('hash and read back exactly as a record whose detail is the built text, any value', () => {
    fc.assert(fc.property(value, fc.constantFrom('', '#7 ', '#12 c3 '), fc.constantFrom(null, 'n1'), (v, prefix, node) => {
      const lazy = new Trace(10, false, false);
      lazy.addJson(0, 5, node, 'reply', prefix, v);
      const text = new Trace(10, false, false);
      text.add(0, 5, node, 'reply', prefix + JSON.stringify(v));
      expect(lazy.hash()).toBe(text.hash());
      expect(lazy.records()).toEqual(text.records());
      // An unhashed trace keeps the same record.
      const unhashed = new Trace(10, false, false, false);
      unhashed.addJson(0, 5, node, 'reply', prefix, v);
      expect(unhashed.records()).toEqual(text.records());
    }), { numRuns: 500 });
  });
});

// The canonical fold's remembered key orders (sim/json-fold.ts orderOf): an object must fold as canonicalJson writes it
// whichever shapes were folded before it, including shapes that share a first key, a prefix, or a key set in another
// order, and past the caps (where nothing more is remembered).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, crc32, crcOf } from '../../sim/index.ts';

const plain = (v: unknown): number => crc32(canonicalJson(v) ?? 'undefined');

/** An object with these keys in this insertion order (values by position, so two shapes' texts differ by their keys). */
const shape = (keys: readonly string[]): Record<string, unknown> => Object.fromEntries(keys.map((k, i) => [k, i % 3 === 0 ? i : { [k]: [i, 'x'] }]));

describe('canonical fold key orders', () => {
  it('folds shapes sharing a first key (a prefix, a longer list, the same set reordered) as canonicalJson', () => {
    const shapes = [['type', 'a', 'b'], ['type', 'a'], ['type', 'b', 'a'], ['type', 'a', 'b', 'c'], ['type'], ['type', 'z', 'a'], ['type', 'a', 'c'], [], ['10', '2', 'type'], ['b', 'type']];
    for (let round = 0; round < 3; round++) {
      for (const keys of shapes) { const o = shape(keys); expect(crcOf(o)).toBe(plain(o)); }
      for (const keys of [...shapes].reverse()) { const o = shape(keys); expect(crcOf(o)).toBe(plain(o)); }
    }
  });
  it('folds any sequence of objects over a small key alphabet as canonicalJson (past the per-key cap too)', () => {
    const keys = fc.uniqueArray(fc.constantFrom('type', 'a', 'b', 'c', 'd', 'e', '1', '02', 'zz'), { maxLength: 7 });
    fc.assert(fc.property(fc.array(keys, { minLength: 1, maxLength: 60 }), (lists) => {
      for (const l of lists) { const o = shape(l); expect(crcOf(o)).toBe(plain(o)); }
    }), { numRuns: 300 });
  });
  it('keeps folding right past the first-key cap (data-shaped keys)', () => {
    for (let i = 0; i < 1500; i++) { const o = { [`id${i}`]: i, b: 1, a: [2] }; expect(crcOf(o)).toBe(plain(o)); }
    const o = { id7: 1, a: 2 };
    expect(crcOf(o)).toBe(plain(o));
  });
});

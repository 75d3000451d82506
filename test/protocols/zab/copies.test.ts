// The shape-specific copies ownField uses for zab's hot fields (protocols/zab/copies.ts) must copy what the generic copy
// does (sim/copy-on-write.ts: `slice` for an array, a spread for anything else): a new object with every own enumerable
// field, in the same order, arrays still arrays; settleCopy compares a copy's fields with its original's.
import { describe, expect, it } from 'vitest';
import * as copies from '../../../protocols/zab/copies.ts';

const generic = (x: object): object => (Array.isArray(x) ? x.slice() : { ...x });

/** Samples of each shape the copies see: integer-keyed records (with holes), string-keyed ones, arrays, a vote. */
const samples: readonly object[] = [
  {}, [], { 3: 'a', 17: 'b', 5: 'c' }, { n1: 4, n2: 7 }, { b: 1, a: 2, 10: 3 }, [1, 2, 3], [{ zxid: 1 }, { zxid: 2 }],
  { leader: 'n1', zxid: 5, electionEpoch: 2, peerEpoch: 1, state: 'LOOKING' },
];

describe('zab field copies', () => {
  for (const [name, copy] of Object.entries(copies)) {
    it(`${name} copies like the generic copy`, () => {
      for (const x of samples) {
        // Each copy is typed for its field; the check is about shapes, so every sample goes through every copy kind
        // that fits it (arrays to slices, records to spreads).
        const isArrayCopy = Array.isArray((copy as (x: object) => object)([]));
        if (Array.isArray(x) !== isArrayCopy) continue;
        const c = (copy as (x: object) => object)(x);
        const g = generic(x);
        expect(c).not.toBe(x);
        expect(Array.isArray(c)).toBe(Array.isArray(x));
        expect(Object.keys(c)).toEqual(Object.keys(g));
        expect(JSON.stringify(c)).toBe(JSON.stringify(g));
        for (const k of Object.keys(g)) expect((c as Record<string, unknown>)[k]).toBe((g as Record<string, unknown>)[k]);
      }
    });
  }
});

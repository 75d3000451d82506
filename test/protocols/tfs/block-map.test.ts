// BlockMap (protocols/tfs/block-map.ts) against the plain record it replaced: the same reads, the same walk order
// (integer keys ascending, then any others in insertion order), the same JSON text, and the same identity rule as withKey (an update that changes nothing
// gives back the very map), over random operations.
import { describe, expect, it } from 'vitest';
import { withKey, withoutKeys } from '../../../sim/index.ts';
import { BlockMap, emptyBlocks } from '../../../protocols/tfs/block-map.ts';

/** A small deterministic generator (no Math.random in tests that pin behaviour). */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; return x / 2 ** 32; };
}

// The last five are not array indices (a damaged oplog record's id may be any 64-bit value): a record keeps them after
// the integer keys, in insertion order, and so must the map.
const ID_POOL = [7, 8, 9, 100, 100101, 100102, 100247, 200101, 200113, 300519, 4_000_000, 2 ** 32 - 1, 2 ** 32, 2 ** 63, -1, 0.5];

describe('BlockMap agrees with the record it replaced', () => {
  it('with, without and draft give the record ops\' reads, order, JSON text and identities (2,000 random steps)', () => {
    const rnd = lcg(17);
    const pick = () => ID_POOL[Math.floor(rnd() * ID_POOL.length)]!;
    const vals = [['ds1'], ['ds1', 'ds2'], [], ['ds3']] as const;
    let rec: Readonly<Record<string, readonly string[]>> = {};
    let map = emptyBlocks<readonly string[]>();
    for (let step = 0; step < 2000; step++) {
      const r = rnd();
      if (r < 0.5) {
        const id = pick();
        // Half the time the very value already held: both keep their object.
        const held = rec[String(id)];
        const v = held !== undefined && rnd() < 0.5 ? held : vals[Math.floor(rnd() * vals.length)]!;
        const rec2 = withKey(rec, String(id), v);
        const map2 = map.with(id, v);
        expect(map2 === map).toBe(rec2 === rec);
        rec = rec2; map = map2;
      } else if (r < 0.7) {
        const ids = [pick(), pick()];
        const rec2 = withoutKeys(rec, ids.map(String));
        const map2 = map.without(ids);
        expect(map2 === map).toBe(rec2 === rec);
        rec = rec2; map = map2;
      } else {
        const d = map.draft();
        const copy: Record<string, readonly string[]> = { ...rec };
        let isSet = false;
        for (let k = 0; k < 3; k++) {
          const id = pick();
          expect(d.get(id)).toBe(copy[String(id)]);
          if (rnd() < 0.5) { const v = [`ds${k}`]; d.set(id, v); copy[String(id)] = v; isSet = true; }
        }
        const done = d.done();
        expect(done === null).toBe(!isSet);
        if (done !== null) { rec = copy; map = done; }
      }
      expect(map.ids).toEqual(Object.keys(rec).map(Number));
      expect(map.size).toBe(Object.keys(rec).length);
      for (const id of ID_POOL) {
        expect(map.get(id)).toBe(rec[String(id)]);
        expect(map.has(id)).toBe(String(id) in rec);
      }
      expect(JSON.stringify(map)).toBe(JSON.stringify(rec));
    }
  });

  it('of() reads a record back, and toJSON writes it in its key order', () => {
    const rec = { '200101': ['ds2'], '7': ['ds1'], '100101': [] };
    const m = BlockMap.of(rec);
    expect(m.ids).toEqual([7, 100101, 200101]);
    expect(JSON.stringify(m)).toBe(JSON.stringify(rec));
    expect(BlockMap.of({})).toBe(emptyBlocks());
  });
});

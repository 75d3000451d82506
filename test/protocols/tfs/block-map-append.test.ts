// BlockMap's in-place appends (block-map.ts `with`: a new map pushing onto the arrays of the map it extends) against
// plain records, on a history that branches: each step updates a random earlier version, not only the newest, reads
// some versions through get/has/size/JSON (which leave their arrays appendable) and others through ids/values (which
// hand the arrays out). After every step every version kept still reads as the record it was made equal to, and every
// ids/values array handed out still holds what it held then: no append in place is ever seen by another map or reader.
import { describe, expect, it } from 'vitest';
import { withKey, withoutKeys } from '../../../sim/index.ts';
import { emptyBlocks, type BlockMap } from '../../../protocols/tfs/block-map.ts';

function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; return x / 2 ** 32; };
}

const sameItems = (a: readonly unknown[], b: readonly unknown[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

interface Version { readonly map: BlockMap<string>; readonly rec: Readonly<Record<string, string>>; readonly json: string }

describe('BlockMap appends in place agree with copies', () => {
  it('every version and every handed-out array stays as made, over 2,000 branching steps', () => {
    const rnd = lcg(2026);
    const versions: Version[] = [{ map: emptyBlocks<string>(), rec: {}, json: '{}' }];
    const handedOut: { readonly arr: readonly unknown[]; readonly copy: readonly unknown[] }[] = [];
    let nextId = 100;
    let inPlaceSeen = 0;
    for (let step = 0; step < 2000; step++) {
      // Mostly the newest version (the run's case), sometimes an older one (a branch: it must not push in place).
      // The one before the newest often: the branch a value change shares its ids with.
      const pickAt = rnd();
      const at = pickAt < 0.7 ? versions.length - 1 : pickAt < 0.85 ? Math.max(0, versions.length - 2) : Math.floor(rnd() * versions.length);
      const from = versions[at]!;
      const r = rnd();
      let map: BlockMap<string>;
      let rec: Readonly<Record<string, string>>;
      if (r < 0.7) {
        // Mostly appends (ids ascending), some inserts below the top and some value changes of a held id.
        const id = r < 0.55 ? (nextId += 1 + Math.floor(rnd() * 3)) : Math.floor(rnd() * nextId);
        const v = `v${Math.floor(rnd() * 3)}`;
        const before = (from.map as unknown as { backIds: number[] }).backIds;
        map = from.map.with(id, v);
        rec = withKey(from.rec, String(id), v);
        if (map !== from.map && (map as unknown as { backIds: number[] }).backIds === before) inPlaceSeen++;
      } else if (r < 0.8) {
        const ids = [Math.floor(rnd() * nextId), Math.floor(rnd() * nextId)];
        map = from.map.without(ids);
        rec = withoutKeys(from.rec, ids.map(String));
      } else {
        map = from.map; rec = from.rec;
        // Read through the arrays: what they hold now must never change.
        // One of the two (each must keep the arrays from growing on its own).
        const arr: readonly unknown[] = rnd() < 0.5 ? map.ids : map.values;
        handedOut.push({ arr, copy: arr.slice() });
        if (handedOut.length > 20) handedOut.shift();
      }
      expect(map === from.map).toBe(rec === from.rec);
      if (map !== from.map) versions.push({ map, rec, json: JSON.stringify(rec) });
      if (versions.length > 40) versions.splice(1, 1);
      for (const v of versions) {
        if (JSON.stringify(v.map) !== v.json) expect(JSON.stringify(v.map)).toBe(v.json);
        if (v.map.size !== Object.keys(v.rec).length) expect(v.map.size).toBe(Object.keys(v.rec).length);
      }
      for (const id of [nextId, nextId - 1, Math.floor(rnd() * nextId)]) {
        expect(map.get(id)).toBe(rec[String(id)]);
        expect(map.has(id)).toBe(String(id) in rec);
      }
      for (const h of handedOut) if (!sameItems(h.arr, h.copy)) expect(h.arr).toEqual(h.copy);
    }
    // The walk exercised the in-place path (not only the copies) many times.
    expect(inPlaceSeen).toBeGreaterThan(500);
    const last = versions[versions.length - 1]!;
    expect(last.map.ids).toEqual(Object.keys(last.rec).map(Number));
  });
});

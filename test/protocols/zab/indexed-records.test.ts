// zab's integer-keyed records (protocols/zab/indexed.ts) are made in V8's dictionary elements (a literal holding one
// far key, then deleted) and copied key by key instead of by a spread: the representation changes, the entries must
// not. Each is checked against the plain way (`{}` and stores, `{ ...x }`, deleteKey on a plain record) by its JSON,
// its keys in order and its values, and every such record of 20 timed and 20 aimed fuzz seeds' states holds only ids.
import { describe, expect, it } from 'vitest';
import { beginCopies, endCopies } from '../../../sim/index.ts';
import { deleteKey } from '../../../protocols/zab/env.ts';
import { EMPTY_INDEXED, copyIndexed, emptyIndexed } from '../../../protocols/zab/indexed.ts';
import { visitStates } from './state-census.ts';

type Rec = Record<number, unknown>;

/** Every observable of a record's entries: its JSON, its for-in keys in order, Object.keys, and `in` for each. */
function entries(r: object): unknown {
  const forIn: string[] = [];
  for (const k in r) forIn.push(k);
  return { json: JSON.stringify(r), forIn, keys: Object.keys(r), values: Object.values(r), has: forIn.map((k) => k in r) };
}

/** Ids as the runs make them: a few, from small to past 1,024 (where V8 goes to dictionary elements by itself). */
const ID_SETS: readonly (readonly number[])[] = [[], [0], [7], [700], [3, 150, 800], [1500, 20, 999, 4000], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]];

describe('zab: integer-keyed records in dictionary elements', () => {
  it('an empty record made so is empty, and takes stores as a plain one does', () => {
    expect(entries(emptyIndexed())).toEqual(entries({}));
    expect(entries(EMPTY_INDEXED)).toEqual(entries({}));
    for (const ids of ID_SETS) {
      const plain: Rec = {};
      const sparse = emptyIndexed<Rec>();
      for (const id of ids) { plain[id] = `v${id}`; sparse[id] = `v${id}`; }
      expect(entries(sparse)).toEqual(entries(plain));
    }
  });

  it('a copy has the spread copy\'s entries, and is a new object', () => {
    expect(entries(copyIndexed(EMPTY_INDEXED))).toEqual(entries({}));
    expect(copyIndexed(EMPTY_INDEXED)).not.toBe(EMPTY_INDEXED);
    for (const ids of ID_SETS) {
      const plain: Rec = {};
      for (const id of ids) plain[id] = { id };
      const sparse = copyIndexed(plain);
      expect(sparse).not.toBe(plain);
      expect(entries(sparse)).toEqual(entries({ ...plain }));
      expect(entries(copyIndexed(sparse))).toEqual(entries({ ...plain }));
    }
  });

  it('deleteKey of an indexed record leaves the entries a plain one leaves', () => {
    for (const ids of ID_SETS) {
      for (const id of ids) {
        const plain: Rec = {};
        for (const i of ids) plain[i] = i;
        beginCopies();
        const a = { m: plain as Readonly<Rec> };
        const b = { m: copyIndexed(plain) as Readonly<Rec> };
        deleteKey(a, 'm', id);
        deleteKey(b, 'm', id, true);
        expect(entries(b.m)).toEqual(entries(a.m));
        endCopies(null, null);
      }
    }
  });

  it('the integer-keyed records of every state of 20 timed and 20 aimed fuzz seeds hold only ids', () => {
    const bad: string[] = [];
    const isIds = (where: string, r: object): void => {
      for (const k in r) if (!(Number(k) < 2 ** 31 - 16)) bad.push(`${where}[${k}]`);
    };
    visitStates(20, (s) => {
      isIds('pendingClients', s.pendingClients);
      isIds('cnx.unknown', s.cnx.unknown);
      isIds('cnx.foreign', s.cnx.foreign);
      isIds('cnx.scans', s.cnx.scans);
      if (s.role.type === 'learner') isIds('role.pendingSyncs', s.role.pendingSyncs);
      if (s.role.type === 'leader') isIds('role.learners', s.role.learners);
    });
    expect(bad.slice(0, 5)).toEqual([]);
  }, 120_000);
});

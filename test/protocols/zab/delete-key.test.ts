// deleteKey (protocols/zab/env.ts) rebuilds a record without one key where the handlers used `delete` on a copy: the
// result must be what the delete left (entries, key order, JSON), and settle the same way (a record that ends up equal
// to its original is the original again; a changed one is a new object; the original is never written).
import { describe, expect, it } from 'vitest';
import { beginCopies, endCopies, isOwned, settleCopy } from '../../../sim/index.ts';
import { deleteKey, ownField } from '../../../protocols/zab/env.ts';

type Holder = { m: Readonly<Record<string | number, unknown>> };

/** The old way: copy the record, delete from the copy. */
function byDelete(m: Holder['m'], key: string | number): Holder['m'] {
  beginCopies();
  const h: Holder = { m };
  delete (ownField(h, 'm') as Record<string | number, unknown>)[key];
  const out = settleCopy(m, h.m) as Holder['m'];
  endCopies(m, out);
  return out;
}

function byDeleteKey(m: Holder['m'], key: string | number, before?: (h: Holder) => void): Holder['m'] {
  beginCopies();
  const h: Holder = { m };
  before?.(h);
  deleteKey(h, 'm', key);
  expect(isOwned(h.m)).toBe(true);
  const out = settleCopy(m, h.m) as Holder['m'];
  endCopies(m, out);
  return out;
}

const records: Holder['m'][] = [
  { n1: 1, n2: 2, n3: 3 },
  { 450: 'n2', 106: 'n3', 121: 'n1' },
  { 4294967297: ['n1'], 4294967298: ['n1', 'n2'] },
  { b: undefined, a: null, 7: true },
  // One entry: deleting it takes deleteKey's shortcut to an empty record.
  { n2: true },
  { 450: 'n2' },
  {},
];

describe('zab deleteKey', () => {
  it('leaves what a delete on a copy left: entries, key order and JSON, for named, index and large numeric keys', () => {
    for (const m of records) {
      const frozen = JSON.stringify(m);
      for (const key of [...Object.keys(m), 'absent', 999]) {
        const want = byDelete(m, key);
        const got = byDeleteKey(m, key);
        expect(Object.keys(got)).toEqual(Object.keys(want));
        expect(JSON.stringify(got)).toBe(JSON.stringify(want));
        expect(got).toStrictEqual(want);
        expect(got === m).toBe(want === m); // an absent key changes nothing: the original comes back
      }
      expect(JSON.stringify(m)).toBe(frozen); // the original record is never written
    }
  });

  it('settles to the original when the handler put the key back first or deleted a key it had just added', () => {
    const m = { n1: 1, n2: 2 };
    const added = byDeleteKey(m, 'n3', (h) => { (ownField(h, 'm') as Record<string, unknown>).n3 = 3; });
    expect(added).toBe(m);
    const changed = byDeleteKey(m, 'n1');
    expect(changed).not.toBe(m);
    expect(changed).toEqual({ n2: 2 });
  });
});

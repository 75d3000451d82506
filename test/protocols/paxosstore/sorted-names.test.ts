// sorted-names.ts keeps the last sorted name list while a record holds the same names: its answer must be
// Object.keys(r).sort() for every record, whether it was kept or made afresh.
import { describe, expect, it } from 'vitest';
import { hasNames, sortedNames } from '../../../protocols/paxosstore/sorted-names.ts';

describe('paxosstore: sortedNames', () => {
  it('answers Object.keys(r).sort() for records with the same, other, more and fewer names', () => {
    const records: Record<string, number>[] = [
      { e1: 1, e0: 2 }, { e1: 3, e0: 4 }, { e0: 1, e1: 2 }, { e0: 1 }, { e0: 1, e1: 2, e2: 3 }, {}, { e2: 1, e1: 2, e0: 3 }, { e2: 5, e1: 6, e0: 7 },
    ];
    for (const r of records) expect(sortedNames(r)).toEqual(Object.keys(r).sort());
    const a = sortedNames({ e1: 0, e0: 0 });
    expect(sortedNames({ e1: 9, e0: 9 })).toBe(a); // kept while the names are the same
    expect(Object.isFrozen(a)).toBe(true);
  });

  it('hasNames compares names and their order', () => {
    expect(hasNames({ a: 1, b: 2 }, ['a', 'b'])).toBe(true);
    expect(hasNames({ b: 1, a: 2 }, ['a', 'b'])).toBe(false);
    expect(hasNames({ a: 1 }, ['a', 'b'])).toBe(false);
    expect(hasNames({ a: 1, b: 2 }, ['a'])).toBe(false);
    expect(hasNames(undefined, [])).toBe(true);
  });
});

// The shared copy-on-write (sim/copy-on-write.ts): an update that changes nothing returns the very same object (the
// kernel skips scoped invariants and coverage for unchanged states, so a stray copy would hide nothing but a missing
// copy would corrupt an earlier state), and a handler's working copy settles back to its original when nothing moved.
import { describe, expect, it } from 'vitest';
import { applyStateFreezing } from '../../sim/freeze.ts';
import { beginCopies, endCopies, own, patched, settleCopy, withKey, withoutKeys } from '../../sim/index.ts';

type S = { readonly a: number; readonly inner: { readonly xs: readonly number[]; readonly tag: string } };
const base = (): S => ({ a: 1, inner: { xs: [1, 2], tag: 't' } });

describe('sim/copy-on-write: working copies', () => {
  it('settles a copy whose fields all came back to the original into the original itself', () => {
    const s = base();
    beginCopies();
    const d = own(s) as { a: number; inner: S['inner'] };
    const inner = own(d.inner) as { xs: number[]; tag: string };
    d.inner = inner;
    inner.xs = own(inner.xs) as number[];
    inner.xs.push(3);
    inner.xs.pop(); // same contents, new array
    expect(endCopies(s, settleCopy(s, d) as S)).toBe(s);
  });

  it('keeps a changed copy and shares every unchanged part with the original', () => {
    const s = base();
    beginCopies();
    const d = own(s) as { a: number; inner: S['inner'] };
    d.a = 2;
    const out = endCopies(s, settleCopy(s, d) as S);
    expect(out).not.toBe(s);
    expect(out.a).toBe(2);
    expect(out.inner).toBe(s.inner);
    expect(s.a).toBe(1);
  });

  it('deep-freezes a new state only when the running run freezes states', () => {
    const changed = (): S => {
      const s = base();
      beginCopies();
      const d = own(s) as { a: number; inner: S['inner'] };
      d.a = 2;
      return endCopies(s, settleCopy(s, d) as S);
    };
    try {
      applyStateFreezing(true);
      expect(Object.isFrozen(changed().inner)).toBe(true);
      applyStateFreezing(false);
      expect(Object.isFrozen(changed())).toBe(false);
    } finally {
      applyStateFreezing(undefined);
    }
  });

  it('copies an object once per handler: a second own gives the same writable copy', () => {
    const s = base();
    beginCopies();
    const first = own(s);
    expect(own(first)).toBe(first);
    expect(first).not.toBe(s);
  });

  it('sees a key added or removed as a change', () => {
    const s: Record<string, number> = { x: 1 };
    beginCopies();
    const added = own(s);
    added.y = 2;
    expect(settleCopy(s, added)).toBe(added);
    beginCopies();
    const removed = own(s);
    delete removed.x;
    expect(settleCopy(s, removed)).toBe(removed);
  });
});

describe('sim/copy-on-write: persistent updates', () => {
  it('patched returns the same object when every field is already identical, else a copy', () => {
    const s = base();
    expect(patched(s, { a: 1 })).toBe(s);
    const p = patched(s, { a: 5 });
    expect(p).not.toBe(s);
    expect(p).toEqual({ ...s, a: 5 });
    expect(p.inner).toBe(s.inner);
  });

  it('patched through a copy of the kind\'s own gives the double spread: same keys in the same order, new ones appended', () => {
    const s = base();
    const copy = (x: typeof s): typeof s => ({ ...x });
    expect(patched(s, { a: 1 }, copy)).toBe(s);
    const p = { a: 5, extra: 7 } as Partial<typeof s>;
    const got = patched(s, p, copy);
    expect(Object.keys(got)).toEqual(Object.keys({ ...s, ...p }));
    expect(got).toStrictEqual({ ...s, ...p });
    expect(s).toEqual(base());
  });

  it('withKey and withoutKeys return the same record when nothing changes', () => {
    const r = { k: 1 };
    expect(withKey(r, 'k', 1)).toBe(r);
    expect(withKey(r, 'k', 2)).toEqual({ k: 2 });
    expect(withoutKeys(r, ['absent'])).toBe(r);
    expect(withoutKeys(r, ['k'])).toEqual({});
    expect(r).toEqual({ k: 1 });
  });

  it('withKey and withoutKeys give what the spread (and delete) gave: same entries in the same key order', () => {
    // Their key-by-key copies replaced `{ ...r, [key]: value }` and `{ ...r }` plus `delete`; states are hashed and
    // dumped in key order, so the order must be the spread's, for named and integer keys, present or new.
    const records: Record<string, number>[] = [
      { b: 1, a: 2, c: 3 },
      { 10: 1, 2: 2, x: 3, 300: 4 },
      { n3: 1, n1: 2, n2: 3, 7: 4 },
      {},
    ];
    const spreadWith = (r: Record<string, number>, k: string | number, v: number) => ({ ...r, [k]: v });
    const spreadWithout = (r: Record<string, number>, ks: readonly (string | number)[]) => {
      const out = { ...r };
      for (const k of ks) delete out[k];
      return out;
    };
    for (const r of records) {
      const keys: (string | number)[] = [...Object.keys(r), 'new', 5, 1000, 'a'];
      for (const k of keys) {
        expect(Object.entries(withKey(r, k, 9))).toEqual(Object.entries(spreadWith(r, k, 9)));
        expect(Object.entries(withoutKeys(r, [k]))).toEqual(Object.entries(spreadWithout(r, [k])));
        expect(Object.entries(withoutKeys(r, [k, 'x', 300]))).toEqual(Object.entries(spreadWithout(r, [k, 'x', 300])));
      }
    }
  });
});

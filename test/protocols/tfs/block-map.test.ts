// withBlock (protocols/tfs/block-map.ts) is withKey (sim/copy-on-write.ts) with another copy loop, for block maps kept
// in V8's dictionary elements: it must give the same record (keys, order, values) and keep identity when unchanged.
import { describe, expect, it } from 'vitest';
import { withKey } from '../../../sim/index.ts';
import { withBlock } from '../../../protocols/tfs/block-map.ts';

describe('tfs withBlock', () => {
  it('gives what withKey gives, for sparse block ids, small ids and string keys', () => {
    let a: Readonly<Record<string, readonly string[]>> = {};
    let b: Readonly<Record<string, readonly string[]>> = {};
    const keys = ['300121', '100101', '200104', '7', 'x', '100101', '4294967296', '200101'];
    for (const [i, k] of keys.entries()) {
      const v = [`ds${i % 3}`];
      a = withKey(a, k, v);
      b = withBlock(b, k, v);
      expect(Object.keys(b)).toEqual(Object.keys(a));
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      for (const key of Object.keys(a)) expect(b[key]).toBe(a[key]);
    }
  });

  it('returns the same map when the key already holds exactly the value', () => {
    const v = ['ds1'];
    const m = withBlock({}, '100101', v);
    expect(withBlock(m, '100101', v)).toBe(m);
    expect(withBlock(m, '100101', ['ds1'])).not.toBe(m);
    const u = withBlock<undefined | number>({}, '5', undefined);
    expect('5' in u).toBe(true);
    expect(withBlock(u, '5', undefined)).toBe(u);
  });
});

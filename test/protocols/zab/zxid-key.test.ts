// zxidKey (protocols/zab/zxid-key.ts) hands back the acks key string of a zxid from a ring of the last 16 asked for:
// it must be String(zxid) for every zxid, asked again or not, in whatever order and past the ring's size.
import { describe, expect, it } from 'vitest';
import { zxidKey } from '../../../protocols/zab/zxid-key.ts';
import { EPOCH_UNIT, makeZxid } from '../../../protocols/zab/zxid.ts';

describe('zab: zxidKey', () => {
  it('is String(zxid) for zxids asked in order, again, interleaved and past the ring', () => {
    let x = 12345;
    const rand = (n: number): number => { x = (x * 1103515245 + 12345) % 2 ** 31; return x % n; };
    for (let i = 0; i < 5000; i++) {
      // Mostly the newest few zxids of a few epochs, sometimes an old one (evicted) or one near a counter rollover.
      const z = rand(10) === 0 ? makeZxid(1 + rand(3), EPOCH_UNIT - 1 - rand(3)) : makeZxid(1 + rand(3), 1 + rand(40));
      expect(zxidKey(z)).toBe(String(z));
    }
  });

  it('keys a record as the number does', () => {
    const z = makeZxid(7, 3);
    const r: Record<number, string> = { [z]: 'a' };
    expect((r as Record<string, string>)[zxidKey(z)]).toBe(r[z]);
  });
});

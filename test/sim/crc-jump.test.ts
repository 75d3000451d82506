// crc-jump.ts folds a text known ahead in one jump (four table loads) instead of a step per code unit. This checks
// the jump against the plain fold, from many registers, for every length shape-crc.ts uses and for texts with units
// above 0xff (two bytes each), and that crc32 of a text split at any point folds the same with the first part jumped.
import { describe, expect, it } from 'vitest';
import { crc32, foldText, jumpOf, jumped } from '../../sim/index.ts';

/** Registers to jump from: the corners, each single bit, and a fixed pseudo-random walk (no Math.random in tests either). */
function registers(): number[] {
  const rs = [0, -1, 1, 0x7fffffff, -0x80000000];
  for (let b = 0; b < 32; b++) rs.push(1 << b);
  let x = 0x2545f491;
  for (let i = 0; i < 200; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; rs.push(x | 0); }
  return rs;
}

describe('crc-jump: a jump is the plain fold', () => {
  it('agrees with the unit-by-unit fold from every register, for heads, type texts and wide units', () => {
    const texts = ['', '"', '{', '"id":', ',"id":', ',"isReportWanted":', '"type":"ns-keepalive-reply"', ',"type":"replicate-block-done"', 'ns2\u00e9\u4e2d', '\u4e2d\u4e2d\u4e2d'];
    for (let n = 1; n <= 40; n++) texts.push('x'.repeat(n));
    for (const t of texts) {
      const j = jumpOf(t);
      for (const r of registers()) expect(jumped(r, j) | 0, `${JSON.stringify(t)} from ${r}`).toBe(foldText(r, t) | 0);
    }
  });

  it('gives crc32 of a text whose prefix is jumped and the rest folded', () => {
    const s = '{"error":null,"id":12,"leaseKey":"ns1:3","ok":true,"type":"ns-keepalive-reply"}';
    for (let cut = 0; cut <= s.length; cut++) {
      const r = foldText(jumped(-1, jumpOf(s.slice(0, cut))), s.slice(cut));
      expect((r ^ -1) >>> 0).toBe(crc32(s));
    }
  });
});

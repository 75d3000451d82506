import { describe, expect, it } from 'vitest';
import { KeyInterner } from '../../sim/key-interner.ts';

describe('KeyInterner', () => {
  it('builds the parts joined by the separator', () => {
    const k = new KeyInterner('|');
    expect(k.pair('n1', 'leader,voter')).toBe('n1|leader,voter');
    expect(k.pair('', 'append|log')).toBe('|append|log');
    expect(new KeyInterner('>').pair('n1', 'n2')).toBe('n1>n2');
  });

  it('tells different parts apart, including ones whose joined text would collide only without the levels', () => {
    const k = new KeyInterner('|');
    const a = k.pair('a', 'b');
    expect(k.pair('a', 'b')).toBe(a);
    expect(k.pair('a', 'b')).toBe('a|b');
    expect(k.pair('a', 'c')).toBe('a|c');
    expect(k.pair('b', 'b')).toBe('b|b');
  });

  it('matches the template text for many parts, the same answer on every ask', () => {
    const k = new KeyInterner('>');
    const parts = ['n1', 'n2', 'n10', '', 'x|y', 'n1>n2'];
    for (let round = 0; round < 2; round++) {
      for (const a of parts) for (const b of parts) {
        expect(k.pair(a, b)).toBe(`${a}>${b}`);
      }
    }
  });
});

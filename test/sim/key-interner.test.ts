import { describe, expect, it } from 'vitest';
import { KeyInterner } from '../../sim/key-interner.ts';

describe('KeyInterner', () => {
  it('builds the parts joined by the separator', () => {
    const k = new KeyInterner('|');
    expect(k.triple('n1', 'leader,voter', 'PROPOSAL')).toBe('n1|leader,voter|PROPOSAL');
    expect(k.triple('n1', '', 'append|log')).toBe('n1||append|log');
    expect(new KeyInterner('>').pair('n1', 'n2')).toBe('n1>n2');
  });

  it('tells different parts apart, including ones whose joined text would collide only without the levels', () => {
    const k = new KeyInterner('|');
    const a = k.triple('a', 'b', 'c');
    expect(k.triple('a', 'b', 'd')).toBe('a|b|d');
    expect(k.triple('a', 'c', 'c')).toBe('a|c|c');
    expect(k.triple('b', 'b', 'c')).toBe('b|b|c');
    expect(k.triple('a', 'b', 'c')).toBe(a);
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
        for (const c of parts) expect(k.triple(a, b, c)).toBe(`${a}>${b}>${c}`);
      }
    }
  });
});

// zab's election connection maps (and the leader's acks) settle from the keys their handlers wrote (protocols/zab/keyed.ts settleKeys), not by
// settleCopy's walk of the whole record: the two must agree on every settle of real runs (timed and aimed fuzz seeds,
// bug flags on), or an event that changed a map would hand back the old one (or one that changed nothing a copy).
import { afterAll, describe, expect, it } from 'vitest';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { beginCopies, endCopies } from '../../../sim/index.ts';
import { zabProtocol } from '../../../protocols/zab/index.ts';
import { checkSettleKeys, forgetWrittenKeys, settleKeys, settleKeysDisagreements } from '../../../protocols/zab/keyed.ts';
import { clearKeys, dropKey, ownField, setKey } from '../../../protocols/zab/env.ts';

type Holder = { m: Readonly<Record<string, unknown>> };

/** One handler's writes to `h.m`, then its settle against the original `m`. */
function settled(m: Holder['m'], write: (h: Holder) => void): Holder['m'] {
  beginCopies();
  forgetWrittenKeys();
  const h: Holder = { m };
  write(h);
  const out = settleKeys(m, h.m, h, 'm');
  endCopies(m, out);
  return out;
}

describe('zab: keyed settles agree with settleCopy', () => {
  afterAll(() => checkSettleKeys(false));

  it('writes that end where they began give the original back; any other write gives a new record', () => {
    const m = { n1: 1, n2: 2 };
    expect(settled(m, (h) => setKey(h, 'm', 'n1', 1))).toBe(m);
    expect(settled(m, (h) => { setKey(h, 'm', 'n1', 5); setKey(h, 'm', 'n1', 1); })).toBe(m);
    expect(settled(m, (h) => { dropKey(h, 'm', 'n2'); setKey(h, 'm', 'n2', 2); })).toBe(m);
    expect(settled(m, (h) => dropKey(h, 'm', 'n3'))).toBe(m);
    expect(settled(m, (h) => setKey(h, 'm', 'n3', 3))).toEqual({ n1: 1, n2: 2, n3: 3 });
    expect(settled(m, (h) => dropKey(h, 'm', 'n1'))).toEqual({ n2: 2 });
    // A record replaced (a new leader role's acks) is compared whole: its written keys alone would match the original.
    expect(settled(m, (h) => { clearKeys(h, 'm'); setKey(h, 'm', 'n1', 1); })).toEqual({ n1: 1 });
  });

  it('a write that bypasses setKey is caught while checking', () => {
    checkSettleKeys(true);
    const m = { n1: 1, n2: 2 };
    expect(() => settled(m, (h) => { setKey(h, 'm', 'n1', 1 + 1); (ownField(h, 'm') as Record<string, unknown>).n2 = 7; setKey(h, 'm', 'n1', 1); })).toThrow(/settleKeys/);
    checkSettleKeys(false);
  });

  it('every settle of 40 timed and 40 aimed fuzz seeds agrees', () => {
    checkSettleKeys(true);
    for (let seed = 1; seed <= 40; seed++) {
      for (const faults of ['timed', 'aimed'] as const) {
        const r = runFuzzSeed({ protocol: zabProtocol, seed, faults });
        expect(r.violation?.message ?? '').not.toMatch(/settleKeys/);
      }
    }
    expect(settleKeysDisagreements()).toBe(0);
    checkSettleKeys(false);
  }, 120_000);
});

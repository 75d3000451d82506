// Every protocol option declares its range and unit (OptionDoc min/max/unit), the defaults and the fuzzer's option
// draws lie inside it, and validation rejects a value outside it with the closest valid value.
import { describe, expect, it } from 'vitest';
import { protocols } from '../../protocols/index.ts';
import type { OptionDoc } from '../../sim/index.ts';
import { checkOptions } from '../../scenarios/option-ranges.ts';

const inRange = (v: number, d: OptionDoc): boolean => (d.min === undefined || v >= d.min) && (d.max === undefined || v <= d.max);

describe('protocol option ranges', () => {
  for (const p of protocols) {
    it(`${p.name}: every numeric option has min, max and unit, with its default inside`, () => {
      const docs = p.optionDocs as Record<string, OptionDoc>;
      for (const [k, v] of Object.entries(p.defaultOptions as Record<string, unknown>)) {
        if (typeof v !== 'number') continue;
        const d = docs[k]!;
        expect([k, d.min !== undefined, d.max !== undefined, d.unit !== undefined]).toEqual([k, true, true, true]);
        expect(inRange(v, d), `${p.name}.${k} default ${v}`).toBe(true);
      }
    });

    it(`${p.name}: the fuzzer's perturbed option ranges lie inside the declared ones`, () => {
      const perturb = ((p.faultBudget as { perturb?: Record<string, { min: number; max: number } | { oneOf: readonly unknown[] }> } | undefined)?.perturb) ?? {};
      const docs = p.optionDocs as Record<string, OptionDoc>;
      for (const [k, r] of Object.entries(perturb)) {
        const values = 'oneOf' in r ? r.oneOf.filter((x): x is number => typeof x === 'number') : [r.min, r.max];
        for (const v of values) expect(inRange(v, docs[k]!), `${p.name}.${k} perturb ${v}`).toBe(true);
      }
    });
  }

  it('rejects a value outside the range with units and the closest valid value, and accepts duration strings', () => {
    const zab = protocols.find((x) => x.name === 'zab')!;
    expect(() => checkOptions('s.json', zab, { tickTimeUs: 0 })).toThrow('s.json: options.tickTimeUs: expected 1ms to 60s, found 0us; closest valid value: 1ms (1000 microseconds)');
    expect(() => checkOptions('s.json', zab, { serverCount: 12 })).toThrow('options.serverCount: expected 1 to 9 (count), found 12; closest valid value: 9');
    expect(() => checkOptions('s.json', zab, { tickTimeUs: 1.5 })).toThrow('options.tickTimeUs: expected an integer number of microseconds');
    expect(checkOptions('s.json', zab, { tickTimeUs: '500ms' })).toEqual({ tickTimeUs: 500_000 });
    expect(() => checkOptions('s.json', zab, { tickTimeUs: 'soon' })).toThrow('options.tickTimeUs: expected a duration with a unit');
  });
});

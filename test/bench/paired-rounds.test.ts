// bench/paired-rounds.ts: the ratio is taken within each round (so a drift of the host that scales both figures of a
// round drops out), and the median of the rounds' ratios is reported with their range.
import { describe, expect, it } from 'vitest';
import { pairedRatios, pairedText, spread } from '../../bench/paired-rounds.ts';

describe('paired rounds', () => {
  it('divides within each round, so a host twice as slow in one round leaves that round\'s ratio unchanged', () => {
    const kernel = [0.12, 0.24, 0.12, 0.13, 0.12];
    const seeds = [12, 24, 12, 13, 30]; // the second round: the whole host slow; the last: a disturbed seed round
    const p = pairedRatios(seeds, kernel);
    expect(p.median).toBeCloseTo(100);
    expect(p.min).toBeCloseTo(100);
    expect(p.max).toBeCloseTo(250);
    expect(p.rounds).toBe(5);
    expect(pairedText(p, 0)).toBe('100x (100-250x)');
  });

  it('gives the mean of the middle two of an even count and rejects unpaired rounds', () => {
    expect(spread([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, rounds: 4 });
    expect(() => pairedRatios([1, 2], [1])).toThrow();
    expect(() => spread([])).toThrow();
  });
});

// bench/paired-ceiling.ts: the --jobs figure prices each campaign against the loop run beside it.
import { describe, expect, it } from 'vitest';
import { ofPairedCeiling, pairedCeiling, summary } from '../../bench/paired-ceiling.ts';

describe('paired plain-loop ceiling', () => {
  it('is (jobs2 / loop2) / (jobs1 / loop1)', () => {
    const r = { jobs1: 600, jobs2: 1080, loop1: 1000, loop2: 1900 };
    expect(pairedCeiling(r)).toBeCloseTo(1.9, 12);
    expect(ofPairedCeiling(r)).toBeCloseTo(1080 / 1900 / (600 / 1000), 12);
  });

  it('does not move when the machine slows a campaign and its paired loop alike', () => {
    const r = { jobs1: 600, jobs2: 1080, loop1: 1000, loop2: 1900 };
    const busier2 = { ...r, jobs2: r.jobs2 * 0.6, loop2: r.loop2 * 0.6 }; // the second core taken away during --jobs 2
    const busier1 = { ...r, jobs1: r.jobs1 * 0.7, loop1: r.loop1 * 0.7 };
    expect(ofPairedCeiling(busier2)).toBeCloseTo(ofPairedCeiling(r), 12);
    expect(ofPairedCeiling(busier1)).toBeCloseTo(ofPairedCeiling(r), 12);
    // ...while a slower --jobs 2 against an unchanged loop lowers it.
    expect(ofPairedCeiling({ ...r, jobs2: r.jobs2 * 0.9 })).toBeLessThan(ofPairedCeiling(r));
  });

  it('reports the median (middle two averaged) and the spread', () => {
    expect(summary([0.9, 0.7, 1.1])).toBe('median 0.90 (spread 0.70-1.10 over 3 rounds)');
    expect(summary([0.8, 1.0, 0.6, 0.9])).toBe('median 0.85 (spread 0.60-1.00 over 4 rounds)');
    expect(summary([0.9, 1.14])).toBe('median 1.02 (spread 0.90-1.14 over 2 rounds)');
  });
});

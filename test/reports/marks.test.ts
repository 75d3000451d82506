// Marks in reports: the campaign's terminal lines, JUnit cases (never reached = skipped), a run's JSON report and summary.
import { describe, expect, it } from 'vitest';
import { buildJsonReport, campaignCoverageLines, markJunitCases, renderJunit, renderSummary, type CampaignCoverage } from '../../reports/index.ts';
import { runSimulation, seconds } from '../../sim/testing.ts';
import { zabProtocol } from '../../protocols/zab/index.ts';

const tally: CampaignCoverage = {
  seeds: 40, keyCount: 123,
  marks: [
    { name: 'sync-by-trunc', description: 'a learner was synced with TRUNC', firstSeed: 7, count: 3 },
    { name: 'two-leading', description: 'two servers LEADING', firstSeed: null, count: 0 },
  ],
};

describe('reports: sometimes-marks of a campaign', () => {
  it('lists every reached mark with its first seed and count, and names the never reached', () => {
    const lines = campaignCoverageLines(tally);
    expect(lines[0]).toBe('coverage: 123 distinct keys over 40 seeds; marks reached 1/2');
    expect(lines).toContain('  reached sync-by-trunc: first seed 7, 3 seeds');
    expect(lines.at(-1)).toBe('  NEVER REACHED: two-leading');
  });

  it('gives JUnit one case per mark: reached ones pass with their first seed, never-reached ones are skipped', () => {
    const xml = renderJunit(markJunitCases(tally, 'zab', []), { suiteName: 'marks' });
    expect(xml).toContain('tests="2" failures="0" errors="0" skipped="1"');
    expect(xml).toMatch(/name="mark sync-by-trunc"[^]*?<property name="firstSeed" value="7"\/>[^]*?<property name="count" value="3"\/>/);
    expect(xml).toMatch(/name="mark two-leading"[^]*?<skipped message="never reached in 40 seeds: two servers LEADING"\/>/);
  });
});

describe('reports: marks of one run', () => {
  const r = runSimulation({ protocol: zabProtocol, seed: 2, faultPhaseUs: seconds(3) });

  it('puts coverage keys and each mark\'s first event (or null) into the JSON report', () => {
    const j = buildJsonReport(r);
    expect(j.coverage).not.toBeNull();
    expect(j.coverage!.keyCount).toBe(r.coverage!.keys.length);
    expect(Object.keys(j.coverage!.marks)).toEqual(zabProtocol.marks!.map((m) => m.name));
    expect(j.coverage!.marks['epoch-files-disagree-on-disk']?.eventIndex).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(j)).coverage.marks['two-leading']).toBeNull();
  });

  it('names the reached and unreached marks in the terminal summary', () => {
    const text = renderSummary(r, { isColor: false });
    expect(text).toMatch(/coverage: +\d+ keys; \d+\/9 marks reached: .*epoch-files-disagree-on-disk \(event \d+\).*; not reached: .*two-leading/);
  });
});

describe('merge: marks over shards', () => {
  it('takes the lowest first seed, sums the counts and unions the keys', async () => {
    const { mergeResults } = await import('../../scenarios/merge.ts');
    const shard = (index: number, seedsRun: number[], firstSeed: number | null, count: number, keys: string[]) => ({
      format: 'replisim-fuzz-results/1' as const, protocol: 'zab', bugs: [], from: 1, seeds: 4, shard: { index, count: 2 }, seedsRun,
      counts: { pass: seedsRun.length, violation: 0, liveness: 0, crash: 0, nondeterminism: 0 }, failures: [], elapsedMs: 1, seedsPerMinute: 1,
      stopReason: 'done' as const, resumeFrom: null, codeVersion: 'x',
      coverage: { seeds: seedsRun.length, keyCount: keys.length, keys, marks: [{ name: 'm', description: 'd', firstSeed, count }], neverReached: count === 0 ? ['m'] : [] },
    });
    const m = mergeResults([
      { path: 'a.json', results: shard(1, [2, 4], 4, 1, ['a', 'b']) },
      { path: 'b.json', results: shard(2, [1, 3], 3, 2, ['b', 'c']) },
    ]);
    expect(m.marks).toEqual({ seeds: 4, keyCount: 3, marks: [{ name: 'm', description: 'd', firstSeed: 3, count: 3 }] });
  });
});

// fuzz campaigns report coverage: --json carries each mark's first seed and count and names the never reached.
import { describe, expect, it } from 'vitest';
import { cli, scratchDir } from './cli-harness.ts';
import { resultsSchema } from '../../scenarios/fuzz-results.ts';
import { zabProtocol } from '../../protocols/zab/index.ts';

describe('fuzz: sometimes-marks in the results', () => {
  it('lists every mark of the protocol in --json, with first seed and count, and the never reached by name', async () => {
    const dir = scratchDir();
    const r = await cli(['fuzz', '--protocol', 'zab', '--seeds', '3', '--jobs', '1', '--json'], dir);
    expect(r.code).toBe(0);
    const res = resultsSchema.parse(JSON.parse(r.stdout));
    const cov = res.coverage!;
    expect(cov.seeds).toBe(3);
    expect(cov.keyCount).toBeGreaterThan(10);
    expect(cov.marks.map((m) => m.name)).toEqual(zabProtocol.marks!.map((m) => m.name));
    for (const m of cov.marks) {
      expect(m.count).toBeLessThanOrEqual(3);
      expect(m.firstSeed === null).toBe(m.count === 0);
      if (m.firstSeed !== null) expect(m.firstSeed).toBeGreaterThanOrEqual(1);
    }
    expect(cov.neverReached).toEqual(cov.marks.filter((m) => m.count === 0).map((m) => m.name));
    // Every zab run writes acceptedEpoch before currentEpoch, so that mark is reached by the first seed.
    expect(cov.marks.find((m) => m.name === 'epoch-files-disagree-on-disk')).toMatchObject({ firstSeed: 1, count: 3 });
    // People read the same on stderr.
    expect(r.stderr).toMatch(/marks reached \d+\/9/);
    if (cov.neverReached.length > 0) expect(r.stderr).toContain(`NEVER REACHED: ${cov.neverReached.join(', ')}`);
  }, 60_000);
});

// fuzz campaigns count design-permitted anomalies (real hazards of the real systems): per name the first seed, the seeds
// and the sightings, the same for any --jobs, in --json and on the terminal, and merged exactly across shards.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, scratchDir } from './cli-harness.ts';
import { resultsSchema } from '../../scenarios/fuzz-results.ts';
import { AnomalyTally } from '../../scenarios/anomaly-tally.ts';
import { runFuzzSeed } from '../../scenarios/fuzz-run.ts';
import { tairProtocol } from '../../protocols/tair/index.ts';

describe('AnomalyTally', () => {
  it('keeps the lowest seed, counts seeds and sightings, and does not depend on the order seeds finish in', () => {
    const seen: [number, Record<string, number>][] = [[7, { a: 2 }], [3, { a: 1, b: 4 }], [9, { b: 0, c: 1 }]];
    const forward = new AnomalyTally();
    for (const [s, a] of seen) forward.add(s, a);
    const backward = new AnomalyTally();
    for (const [s, a] of [...seen].reverse()) backward.add(s, a);
    const expected = [{ name: 'a', firstSeed: 3, seeds: 2, sightings: 3 }, { name: 'b', firstSeed: 3, seeds: 1, sightings: 4 }, { name: 'c', firstSeed: 9, seeds: 1, sightings: 1 }];
    expect(forward.result()).toEqual(expected);
    expect(backward.result()).toEqual(expected);
    const merged = new AnomalyTally();
    merged.merge([{ name: 'a', firstSeed: 5, seeds: 1, sightings: 1 }]);
    merged.merge(forward.result());
    expect(merged.result()[0]).toEqual({ name: 'a', firstSeed: 3, seeds: 3, sightings: 4 });
  });
});

describe('fuzz: permitted anomalies in the results', () => {
  it('tallies what the seeds reported, identically with 1 and 2 jobs, and merge adds shards up', async () => {
    const dir = scratchDir();
    const seeds = 6;
    // What the seeds themselves report, run in-process: the campaign must say exactly this.
    const want = new AnomalyTally();
    for (let seed = 1; seed <= seeds; seed++) want.add(seed, runFuzzSeed({ protocol: tairProtocol, seed, bugs: [] }).anomalies);
    expect(want.result().length, 'tair seeds 1..6 report some anomaly (dual master at start-up)').toBeGreaterThan(0);
    const one = await cli(['fuzz', '--protocol', 'tair', '--seeds', String(seeds), '--jobs', '1', '--json'], dir);
    const two = await cli(['fuzz', '--protocol', 'tair', '--seeds', String(seeds), '--jobs', '2', '--json'], dir);
    expect(one.code).toBe(0);
    const a1 = resultsSchema.parse(JSON.parse(one.stdout)).anomalies;
    expect(a1).toEqual(want.result());
    expect(resultsSchema.parse(JSON.parse(two.stdout)).anomalies).toEqual(a1);
    const first = a1![0]!;
    expect(one.stderr).toContain(`${first.name}: ${first.seeds} seed${first.seeds === 1 ? '' : 's'} (first seed ${first.firstSeed})`);
    // Two shards of the same range merge to the whole campaign's tally.
    const shards = await Promise.all([1, 2].map((k) => cli(['fuzz', '--protocol', 'tair', '--seeds', String(seeds), '--shard', `${k}/2`, '--jobs', '1', '--json'], dir)));
    const files = shards.map((s, i) => { const f = join(dir, `shard-${i}.json`); writeFileSync(f, s.stdout); return f; });
    const merged = await cli(['merge', ...files, '--json'], dir);
    expect(merged.code).toBe(0);
    expect(JSON.parse(merged.stdout).anomalies).toEqual(a1);
  }, 120_000);
});

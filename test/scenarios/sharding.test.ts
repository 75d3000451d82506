// Sharding: shards cover a seed range exactly once (in-process and through fuzz --json + merge), and resumes stay in their shard.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shardSeeds, parseShard } from '../../scenarios/shard.ts';
import { cli, scratchDir } from './cli-harness.ts';

describe('shards', () => {
  it('split every range so that each seed falls in exactly one shard', () => {
    for (const [from, seeds, count] of [[1, 100, 3], [7, 13, 4], [0, 5, 8], [1000, 1, 2]] as const) {
      const seen = new Map<number, number>();
      for (let k = 1; k <= count; k++) for (const s of shardSeeds(from, seeds, parseShard(`${k}/${count}`))) seen.set(s, (seen.get(s) ?? 0) + 1);
      expect([...seen.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: seeds }, (_, i) => from + i));
      expect([...seen.values()].every((n) => n === 1)).toBe(true);
    }
  });

  it('keep a resumed shard (--from later) on the same seeds', () => {
    const whole = [...shardSeeds(1, 60, parseShard('2/5'))];
    const resumed = [...shardSeeds(23, 38, parseShard('2/5'))];
    expect(resumed).toEqual(whole.filter((s) => s >= 23));
  });
});

describe('replisim fuzz --shard + merge', () => {
  it('merges three shard results into one summary where every seed ran exactly once', async () => {
    const dir = scratchDir();
    const shards = await Promise.all([1, 2, 3].map((k) => cli(['fuzz', '--protocol', 'flaky', '--from', '5', '--seeds', '10', '--shard', `${k}/3`, '--jobs', '1', '--json'], dir)));
    shards.forEach((r, i) => {
      expect(r.code).toBe(0);
      writeFileSync(join(dir, `shard${i + 1}.json`), r.stdout);
    });
    const merged = await cli(['merge', 'shard1.json', 'shard2.json', 'shard3.json', '--json'], dir);
    const m = JSON.parse(merged.stdout) as { seedsRun: number; missing: number[]; duplicated: number[]; files: number };
    expect(m).toMatchObject({ files: 3, seedsRun: 10, missing: [], duplicated: [] });
    const partial = await cli(['merge', 'shard1.json', 'shard3.json'], dir);
    expect(partial.stdout).toContain('coverage: INCOMPLETE');
    expect(partial.stdout).toMatch(/3 seeds not run: 7, 10, 13\n/);
    // A campaign that did not cover its range has not passed: exit 2 unless the flag that allows it is given.
    expect(partial.stderr).toContain('coverage is incomplete');
    expect(partial.stderr).toContain('--allow-incomplete');
    expect(partial.code).toBe(2);
    const allowed = await cli(['merge', 'shard1.json', 'shard3.json', '--allow-incomplete'], dir);
    expect(allowed.stderr).toContain('accepted because of --allow-incomplete');
    expect(allowed.code).toBe(0);
  });
});

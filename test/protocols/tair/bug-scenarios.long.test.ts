// npm run test:long: every tair bug scenario catches its flag on each of seeds 1..30, and its clean control run
// passes the same 30 seeds (the schedules hold whatever the seed's latencies and loop phases are).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanVariant, loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';

const dir = join(import.meta.dirname, '../../../scenarios/tair');

describe('tair: bug scenarios over 30 seeds', () => {
  for (const f of readdirSync(dir).filter((x) => x.startsWith('bug-') && x.endsWith('.json')).sort()) {
    it(`${f} fails with its flag and passes without it on seeds 1..30`, () => {
      const s = loadScenarioFile(join(dir, f));
      const missed: number[] = [];
      const cleanFailed: number[] = [];
      for (let seed = 1; seed <= 30; seed++) {
        if (!runScenario(s, { seed }).isPassed) missed.push(seed);
        if (!runScenario(cleanVariant(s), { seed }).isPassed) cleanFailed.push(seed);
      }
      expect(cleanFailed).toEqual([]);
      expect(missed).toEqual([]);
    });
  }
});

// Every tfs bug scenario over seeds 1..30: the fault-aimed ones (triggered pause, corruption, clog) catch their flag on
// every seed; the two driven by the workload alone on most; each one's clean control passes all 30 seeds.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanVariant, loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';
import { tfsProtocol } from '../../../protocols/tfs/index.ts';

const SEEDS = 30;
/** Hits required out of 30. The workload-only scenarios depend on when a client happens to open an id or write. */
const HITS_MIN: Readonly<Record<string, number>> = {
  'tfs/create-by-id-no-alive-check': 25,
  'tfs/lease-expiry-ignored': 24,
};

describe('tfs: bug scenarios hold across seeds', () => {
  for (const bug of tfsProtocol.bugs) {
    const file = join(import.meta.dirname, '../../../scenarios/tfs', `bug-${bug.id.slice('tfs/'.length)}.json`);
    const need = HITS_MIN[bug.id] ?? SEEDS;
    it(`${bug.id}: caught on at least ${need} of seeds 1..${SEEDS}, clean control passes all`, () => {
      const s = loadScenarioFile(file);
      const missed: number[] = [];
      for (let seed = 1; seed <= SEEDS; seed++) {
        const o = runScenario({ ...s, seed });
        if (!o.isPassed) missed.push(seed);
        else expect(o.result.violation?.name, `seed ${seed}`).toBe(bug.breaks);
        const c = runScenario({ ...cleanVariant(s), seed });
        expect(c.isPassed, `clean seed ${seed}: ${c.result.verdict} ${c.result.violation?.message ?? ''}`).toBe(true);
      }
      expect(SEEDS - missed.length, `missed seeds ${missed.join(',')}`).toBeGreaterThanOrEqual(need);
    }, 300_000);
  }
});

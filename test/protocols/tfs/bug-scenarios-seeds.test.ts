// Every tfs bug scenario over seeds 1..30 catches its flag on every seed (triggered pause, corruption or clog; a scripted
// client workload where the bug needs a client operation at the right moment); each clean control passes all 30.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanVariant, loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';
import { tfsProtocol } from '../../../protocols/tfs/index.ts';

const SEEDS = 30;

describe('tfs: bug scenarios hold across seeds', () => {
  for (const bug of tfsProtocol.bugs) {
    const file = join(import.meta.dirname, '../../../scenarios/tfs', `bug-${bug.id.slice('tfs/'.length)}.json`);
    it(`${bug.id}: caught on every one of seeds 1..${SEEDS}, clean control passes all`, () => {
      const s = loadScenarioFile(file);
      const missed: number[] = [];
      for (let seed = 1; seed <= SEEDS; seed++) {
        const o = runScenario({ ...s, seed });
        if (!o.isPassed) missed.push(seed);
        else expect(o.result.violation?.name, `seed ${seed}`).toBe(bug.breaks);
        const c = runScenario({ ...cleanVariant(s), seed });
        expect(c.isPassed, `clean seed ${seed}: ${c.result.verdict} ${c.result.violation?.message ?? ''}`).toBe(true);
      }
      expect(missed, 'seeds where the flag was not caught').toEqual([]);
    }, 600_000); // a guard, not a speed target: 30 seeds twice take ~2 min on a shared core
  }
});

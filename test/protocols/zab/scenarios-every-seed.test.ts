// Every bug scenario, and the crash-window scenarios (3.8's epoch window and its marked variant too), hold on every seed (their crash points are triggers, not tuned
// times): 30 seeds each, the expectations met with the flag and the clean variant passing.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cleanVariant, loadScenario, runScenario } from '../../../scenarios/scenario.ts';

const SEEDS = 30;
const dir = join(import.meta.dirname, '../../../scenarios/zab');
const TRIGGERED = [
  ...readdirSync(dir).filter((f) => f.startsWith('bug-') && f.endsWith('.json')).map((f) => `zab/${f.replace(/\.json$/, '')}`).sort(),
  'zab/crash-between-epoch-files', 'zab/follower-truncated', 'zab/epoch-crash-window-unbootable', 'zab/epoch-crash-window-marked',
];

describe('zab: bug and crash-window scenarios hold on every seed', () => {
  for (const name of TRIGGERED) {
    it(`${name} meets its expectations on seeds 1..${SEEDS}${name.includes('/bug-') ? ' and passes clean on them' : ''}`, () => {
      const s = loadScenario(name);
      const unmet: string[] = [];
      for (let seed = 1; seed <= SEEDS; seed++) {
        const o = runScenario(s, { seed });
        for (const e of o.expectations) if (!e.isMet) unmet.push(`seed ${seed}: ${e.text}: ${e.detail}`);
        if (s.bugs.length > 0) {
          const c = runScenario(cleanVariant(s), { seed });
          if (c.result.verdict !== 'pass') unmet.push(`clean seed ${seed}: ${c.result.verdict} ${c.result.violation?.message ?? ''}`);
        }
      }
      expect(unmet).toEqual([]);
    }, 120_000);
  }
});

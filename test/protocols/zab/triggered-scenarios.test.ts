// The bug and crash-window scenarios whose faults fire on events (triggers) hold on every seed: 30 seeds each, the
// expectations met with the flag and the clean variant passing.
import { describe, expect, it } from 'vitest';
import { cleanVariant, loadScenario, runScenario } from '../../../scenarios/scenario.ts';

const SEEDS = 30;
const TRIGGERED = [
  'zab/crash-between-epoch-files', 'zab/follower-truncated', 'zab/bug-zk-1653-epoch-crash-window', 'zab/bug-zk-3642-snap-not-persisted',
  'zab/bug-zk-3911-ack-newleader-before-persist', 'zab/bug-zk-4643-epoch-before-persist', 'zab/bug-zk-1419-predicate-not-total',
];

describe('zab: triggered scenarios hold on every seed', () => {
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

// Each paxosstore bug scenario over 30 seeds (a long suite: `npm run test:long`): the flag fails its scenario, the clean
// protocol passes the same seeds.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanVariant, loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';

// Each bug scenario over 30 seeds: the flag fails on every one, the clean protocol passes all 30. The damage the kernel
// would otherwise draw is aimed: the power loss drops every unsynced write (ack-before-durable), the corruption hits the
// last record written (trust-damaged-plog), and the client writes that must race a recovery are scripted (catchup-regress).
const BUG_SCENARIOS: readonly string[] = [
  'tpaxos-ap-guard', 'stale-accept-served-as-chosen', 'check-empty-counts-nonempty', 'read-without-check-empty', 'read-during-recovery',
  'catchup-no-rate-limit', 'catchup-regress', 'ack-before-durable', 'trust-damaged-plog',
];

describe('paxosstore: bug scenarios over 30 seeds', () => {
  for (const name of BUG_SCENARIOS) {
    it(`paxosstore/${name} fails on every one of 30 seeds; the clean protocol passes all`, () => {
      const s = loadScenarioFile(join(import.meta.dirname, `../../../scenarios/paxosstore/bug-${name}.json`));
      expect(s.bugs).toEqual([`paxosstore/${name}`]);
      const missed: number[] = [];
      for (let seed = 1; seed <= 30; seed++) {
        if (!runScenario(s, { seed }).isPassed) missed.push(seed);
        const clean = runScenario(cleanVariant(s), { seed });
        expect(clean.result.verdict, `clean seed ${seed}: ${clean.result.violation?.message}`).toBe('pass');
      }
      expect(missed, 'seeds where the flag was not caught').toEqual([]);
    });
  }
});

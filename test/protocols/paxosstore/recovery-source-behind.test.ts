// P15 (issue 16): by default GetAllAndSet takes the first source that answers, as DBImpl.cpp does, so a source behind us
// sets our DB back (the permitted anomaly recovery-db-moved-back); isRecoverSourceBehindSkipped removes that hazard.
// After a restart the moved-back DB's committed entry is all that is left of the GC'd votes: a real P1 break (PS4),
// excused by cause and counted as vote-forgotten-after-db-moved-back (forgotten-votes.ts).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';
import { DEFAULT_OPTIONS } from '../../../protocols/paxosstore/options.ts';

const file = join(import.meta.dirname, '../../../scenarios/paxosstore/recovery-source-behind.json');
const SEEDS = 10;

describe('paxosstore: a recovery source behind us (recovery-source-behind)', () => {
  it('the default is DBImpl.cpp: the first source that answers is taken', () => {
    expect(DEFAULT_OPTIONS.isRecoverSourceBehindSkipped).toBe(false);
  });

  it(`the DB moves back and the run passes on seeds 1..${SEEDS}`, () => {
    const s = loadScenarioFile(file);
    for (let seed = 1; seed <= SEEDS; seed++) {
      const o = runScenario(s, { seed });
      expect(o.isPassed, `seed ${seed}: ${o.result.verdict} ${o.result.violation?.message ?? ''}`).toBe(true);
      expect(o.result.anomalies['recovery-db-moved-back'] ?? 0, `seed ${seed}`).toBeGreaterThanOrEqual(1);
    }
  });

  it(`with isRecoverSourceBehindSkipped the same seeds recover from a level source: no DB moves back`, () => {
    const s = loadScenarioFile(file);
    // a3 still recovers (from a5, after skipping a4) during the fault phase.
    const fixed = { ...s, options: { ...s.options, isRecoverSourceBehindSkipped: true }, expect: [{ probe: 'recovery-done', within: 4_000_000 }, { verdict: 'pass' as const }] };
    for (let seed = 1; seed <= SEEDS; seed++) {
      const o = runScenario(fixed, { seed });
      expect(o.isPassed, `seed ${seed}: ${o.result.verdict} ${o.expectations.filter((e) => !e.isMet).map((e) => e.text).join('; ')}`).toBe(true);
      expect(o.result.anomalies['recovery-db-moved-back'] ?? 0, `seed ${seed}`).toBe(0);
    }
  });

  it('a restart after the DB moved back reloads the lower entry and a second value is chosen (real hazard, counted); the option prevents it', () => {
    const s = loadScenarioFile(join(import.meta.dirname, '../../../scenarios/paxosstore/recovery-source-behind-restart.json'));
    const real = runScenario(s);
    expect(real.isPassed, real.expectations.filter((e) => !e.isMet).map((e) => `${e.text}: ${e.detail}`).join('; ')).toBe(true);
    expect(real.result.verdict).toBe('pass');
    expect(real.result.anomalies['vote-forgotten-after-db-moved-back']).toBe(1);
    const fixed = runScenario({ ...s, options: { ...s.options, isRecoverSourceBehindSkipped: true }, expect: [{ verdict: 'pass' }, { probe: 'all-caught-up', atEnd: true }] });
    expect(fixed.isPassed, fixed.expectations.filter((e) => !e.isMet).map((e) => `${e.text}: ${e.detail}`).join('; ')).toBe(true);
    expect(fixed.result.anomalies['recovery-db-moved-back'] ?? 0).toBe(0);
    expect(fixed.result.anomalies['vote-forgotten-after-db-moved-back'] ?? 0).toBe(0);
  });

  it('fuzz seed 801177: the DB stalls below a GC\'d entry (a real hazard, liveness counts only the counters); the option avoids it', () => {
    const s = loadScenarioFile(join(import.meta.dirname, '../../../scenarios/paxosstore/regress-801177-db-stalled.json'));
    const real = runScenario(s);
    expect(real.isPassed, real.expectations.filter((e) => !e.isMet).map((e) => `${e.text}: ${e.detail}`).join('; ')).toBe(true);
    const fixed = runScenario({ ...s, options: { ...s.options, isRecoverSourceBehindSkipped: true }, expect: [{ probe: 'db-stalled', never: true }, { verdict: 'pass' }] });
    expect(fixed.isPassed, fixed.expectations.filter((e) => !e.isMet).map((e) => `${e.text}: ${e.detail}`).join('; ')).toBe(true);
    expect(fixed.result.anomalies['recovery-db-moved-back'] ?? 0).toBe(0);
  });
});

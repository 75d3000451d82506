// Every paxosstore scenario file meets its expectations; every bug scenario's clean control run passes.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanVariant, loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';

const DIR = join(import.meta.dirname, '../../../scenarios/paxosstore');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

const unmet = (o: ReturnType<typeof runScenario>): string =>
  `${o.result.verdict} ${o.result.violation?.name ?? ''}: ${o.expectations.filter((e) => !e.isMet).map((e) => `${e.text} (${e.detail})`).join('; ')}`;

describe('paxosstore: scenario files', () => {
  it('has a scenario per scripted situation and per tested bug flag', () => {
    for (const name of ['lagging-catchup', 'gc-forces-recovery', 'recovery-source-crashes', 'read-races-write', 'slow-plog-waiting', 'majority-crash-restart']) {
      expect(files).toContain(`${name}.json`);
    }
    expect(files.filter((f) => f.startsWith('bug-')).length).toBeGreaterThanOrEqual(6);
  });

  for (const f of files) {
    it(`${f} meets its expectations`, () => {
      const o = runScenario(loadScenarioFile(join(DIR, f)));
      expect(o.isPassed, unmet(o)).toBe(true);
    });
    if (f.startsWith('bug-')) {
      it(`${f} passes without its bug flag`, () => {
        const s = loadScenarioFile(join(DIR, f));
        expect(s.bugs.length).toBeGreaterThan(0);
        const o = runScenario(cleanVariant(s));
        expect(o.isPassed, unmet(o)).toBe(true);
      });
    }
  }
});

// Every tair scenario file meets its expectations; every bug scenario's clean control run passes.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanVariant, loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';
import { tairProtocol } from '../../../protocols/tair/index.ts';

const DIR = join(import.meta.dirname, '../../../scenarios/tair');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

const unmet = (o: ReturnType<typeof runScenario>): string =>
  `${o.result.verdict} ${o.result.violation?.name ?? ''}: ${o.expectations.filter((e) => !e.isMet).map((e) => `${e.text} (${e.detail})`).join('; ')}`;

describe('tair: scenario files', () => {
  it('has a scenario per scripted situation of the issue and one per bug flag', () => {
    for (const name of ['master-crash-return', 'slave-crash-return', 'cs-partition', 'ds-crash', 'flapping-dataserver', 'operator-edits-group-conf', 'cs-restart-during-migration']) {
      expect(files).toContain(`${name}.json`);
    }
    for (const bug of tairProtocol.bugs) expect(files).toContain(`bug-${bug.id.slice('tair/'.length)}.json`);
  });

  for (const f of files) {
    it(`${f} meets its expectations`, () => {
      const o = runScenario(loadScenarioFile(join(DIR, f)));
      expect(o.isPassed, unmet(o)).toBe(true);
    });
    if (f.startsWith('bug-')) {
      it(`${f} passes without its bug flag`, () => {
        const s = loadScenarioFile(join(DIR, f));
        expect(s.bugs).toEqual([`tair/${f.slice('bug-'.length, -'.json'.length)}`]);
        const o = runScenario(cleanVariant(s));
        expect(o.isPassed, unmet(o)).toBe(true);
      });
    }
  }
});

// Every tfs scenario file meets its expectations; every bug scenario's clean control run passes.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanVariant, loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';
import { tfsProtocol } from '../../../protocols/tfs/index.ts';

const DIR = join(import.meta.dirname, '../../../scenarios/tfs');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

const unmet = (o: ReturnType<typeof runScenario>): string =>
  `${o.result.verdict} ${o.result.violation?.name ?? ''} ${o.result.violation?.message ?? ''}: ${o.expectations.filter((e) => !e.isMet).map((e) => `${e.text} (${e.detail})`).join('; ')}`;

describe('tfs: scenario files', () => {
  it('has a scenario per scripted situation of the issue and one per bug flag', () => {
    for (const name of [
      'master-crash', 'master-crash-loss-window', 'master-paused', 'partition-agent-with-master', 'partition-agent-with-slave',
      'corrupt-oplog-in-transit', 'corrupt-oplog-on-slave-disk', 'slave-restart-login-renew', 'failover-storm',
    ]) expect(files).toContain(`${name}.json`);
    for (const bug of tfsProtocol.bugs) expect(files).toContain(`bug-${bug.id.replace('tfs/', '')}.json`);
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

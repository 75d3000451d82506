// One test suite for every protocol's scenario files: each meets its expectations, each bug flag has a
// scenario that catches it, and each bug scenario passes once its flag is removed (the clean control run).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProtocolModule } from '../../sim/index.ts';
import { cleanVariant, loadScenarioFile, runScenario } from '../../scenarios/scenario.ts';

const unmet = (o: ReturnType<typeof runScenario>): string =>
  `${o.result.verdict} ${o.result.violation?.name ?? ''} ${o.result.violation?.message.split('\n')[0] ?? ''}: ${o.expectations.filter((e) => !e.isMet).map((e) => `${e.text} (${e.detail})`).join('; ')}`;

/**
 * `situations`: the scripted scenarios the protocol's issue asks for (file names without .json). `longRuns`: scenarios
 * too slow for `npm test` (a day of virtual time), run by the protocol's own *.long.test.ts in `npm run test:long`.
 */
export function scenarioSuite(protocol: ProtocolModule, situations: readonly string[], longRuns: readonly string[] = []): void {
  const dir = join(import.meta.dirname, '../../scenarios', protocol.name);
  const all = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const files = all.filter((f) => !longRuns.includes(f.replace(/\.json$/, '')));
  const bugFile = (id: string) => `bug-${id.slice(protocol.name.length + 1)}.json`;

  describe(`${protocol.name}: scenario files`, () => {
    it('has a scenario per scripted situation and one per bug flag', () => {
      for (const s of [...situations, ...longRuns]) expect(all).toContain(`${s}.json`);
      for (const bug of protocol.bugs) expect(files).toContain(bugFile(bug.id));
    });

    for (const f of files) {
      // A guard, not a speed target: the real-timer scenarios take ~1 min on an idle core and more on a shared one.
      it(`${f} meets its expectations`, () => {
        const o = runScenario(loadScenarioFile(join(dir, f)));
        expect(o.isPassed, unmet(o)).toBe(true);
      }, 300_000);
    }

    for (const bug of protocol.bugs) {
      const f = bugFile(bug.id);
      if (!files.includes(f)) continue;
      it(`${f} catches ${bug.id} and passes without it`, () => {
        const s = loadScenarioFile(join(dir, f));
        expect(s.bugs).toContain(bug.id);
        expect(s.expect.some((e) => 'verdict' in e && e.verdict !== 'pass')).toBe(true);
        const o = runScenario(cleanVariant(s));
        expect(o.isPassed, unmet(o)).toBe(true);
      });
    }
  });
}

// Every scripted zab scenario meets its expectations; every bug scenario also passes without its bug flag.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cleanVariant, loadScenario, runScenario } from '../../../scenarios/scenario.ts';

const dir = join(import.meta.dirname, '../../../scenarios/zab');
const names = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => `zab/${f.replace(/\.json$/, '')}`).sort();

describe('zab: scripted scenarios', () => {
  it('has the scenarios the issue lists and one per bug flag', () => {
    for (const n of ['start-in-order', 'start-together', 'leader-crash', 'lower-sid-higher-zxid-wins', 'five-servers-lose-two-leaders',
      'lone-server-looking', 'leader-minority-partition', 'follower-truncated', 'observer-never-votes', 'crash-between-epoch-files']) {
      expect(names).toContain(`zab/${n}`);
    }
    expect(names.filter((n) => n.startsWith('zab/bug-')).length).toBeGreaterThanOrEqual(8);
  });

  for (const name of names) {
    it(`${name} meets its expectations`, () => {
      const o = runScenario(loadScenario(name));
      const unmet = o.expectations.filter((e) => !e.isMet).map((e) => `${e.text}: ${e.detail}`);
      expect(unmet).toEqual([]);
    });
  }

  for (const name of names.filter((n) => n.startsWith('zab/bug-'))) {
    it(`${name} passes without its bug flag`, () => {
      const s = loadScenario(name);
      expect(s.bugs.length).toBeGreaterThan(0);
      const o = runScenario(cleanVariant(s));
      expect(o.result.violation).toBeNull();
      expect(o.result.verdict).toBe('pass');
    });
  }
});

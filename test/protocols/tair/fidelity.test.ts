// Seed branches that only long or unusual runs reach (issue 16): FORCE_DOWN, pre_load_flag, the loop_count wrap,
// the 300-loop hard migrate check under the real timers, the un-fsynced table's power-loss rollback, and HEAD's
// DOWN-after-2·server_down_time rule (an option) against the seed's; a dataserver restarted before server_down_time
// that reports not ready (supported_admin=1) against one that is always ready; a DOWN dataserver's heartbeats
// bumping the versions (accept strategy 0).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoadedScenario } from '../../../scenarios/scenario.ts';
import { loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';

const scenario = (name: string): LoadedScenario => loadScenarioFile(join(import.meta.dirname, `../../../scenarios/tair/${name}.json`));
const unmet = (o: ReturnType<typeof runScenario>): string => o.expectations.filter((e) => !e.isMet).map((e) => `${e.text} (${e.detail})`).join('; ');

describe('tair: seed branches in scenarios', () => {
  for (const name of ['force-down-dataserver', 'pre-load-flag', 'loop-count-wrap', 'ds-crash']) {
    it(`${name} meets its expectations on seeds 1..3`, () => {
      const s = scenario(name);
      for (let seed = 1; seed <= 3; seed++) {
        const o = runScenario(s, { seed });
        expect(o.isPassed, `seed ${seed}: ${unmet(o)}`).toBe(true);
      }
    });
  }

  it('runs the real default timers for 330 s: hard migrate check at loop 300, 30-loop peer heartbeats, +10 on peer up', () => {
    const o = runScenario(scenario('real-timers-long-run'));
    expect(o.isPassed, unmet(o)).toBe(true);
    expect(o.result.virtualDurationUs).toBeGreaterThanOrEqual(330_000_000);
  });

  it('loses the newest table in a power loss without fsync (real msync MS_ASYNC), and keeps it with isTableFsynced', () => {
    const s = scenario('table-not-fsynced-power-loss');
    for (let seed = 1; seed <= 3; seed++) {
      const real = runScenario(s, { seed });
      expect(real.isPassed, `seed ${seed}: ${unmet(real)}`).toBe(true);
      expect(real.result.anomalies['ds-version-regression']).toBeGreaterThan(0);
      const fsynced = runScenario({ ...s, options: { ...s.options, isTableFsynced: true }, expect: [{ verdict: 'pass' }] }, { seed });
      expect(fsynced.result.verdict).toBe('pass');
      expect(fsynced.result.anomalies['ds-version-regression'] ?? 0).toBe(0);
    }
  });

  it("keeps a hung but connectable dataserver ALIVE under the seed's rule, and marks it DOWN under HEAD's (isDsDownAfterTwiceDowntime)", () => {
    const s = scenario('hung-dataserver-head-rule');
    const head = runScenario(s);
    expect(head.isPassed, unmet(head)).toBe(true);
    const seedRule = runScenario({ ...s, options: {}, expect: [{ verdict: 'pass' }, { probe: 'ds3-down', never: true }] });
    expect(seedRule.isPassed, unmet(seedRule)).toBe(true);
  });

  it('turns a quickly restarted, not-ready dataserver (supported_admin=1) STANDBY and back; an always-ready one stays ALIVE', () => {
    const s = scenario('dataserver-restart-not-ready');
    for (let seed = 1; seed <= 3; seed++) {
      const admin = runScenario(s, { seed });
      expect(admin.isPassed, `seed ${seed}: ${unmet(admin)}`).toBe(true);
      expect(admin.result.trace.some((r) => r.kind === 'log' && r.node === 'cs0' && r.detail === 'ds2 ALIVE but not ready -> STANDBY, force rebuild')).toBe(true);
      // supported_admin=0 (Tair's default): the same restart is invisible to the configservers.
      const plain = runScenario({ ...s, options: {}, expect: [{ verdict: 'pass' }, { probe: 'ds2-standby', never: true }, { probe: 'ds2-down', never: true }, { probe: 'ds2-alive', at: 11_000_000 }, { probe: 'ds2-alive', at: 13_000_000 }] }, { seed });
      expect(plain.isPassed, `seed ${seed} without the option: ${unmet(plain)}`).toBe(true);
    }
  });

  it('bumps the versions by server_up_inc_step once a loop while a DOWN dataserver heartbeats (accept strategy 0), and resends the table', () => {
    const s = scenario('force-down-dataserver');
    for (let seed = 1; seed <= 3; seed++) {
      const o = runScenario(s, { seed });
      const logs = o.result.trace.filter((r) => r.kind === 'log' && r.node === 'cs0');
      const bumps = logs.filter((r) => r.atUs < 20_000_000 && /^ds2 UP while DOWN/.test(String(r.detail))).map((r) => Number(/-> (\d+),/.exec(String(r.detail))![1]));
      const sends = logs.filter((r) => r.atUs < 20_000_000 && /^group need send server table \(to cs1\)/.test(String(r.detail))).length;
      // ds2 heartbeats every second from about 9 s to the touch at 20 s: one bump per loop, each answered by a send.
      expect(bumps.length, `seed ${seed}`).toBeGreaterThanOrEqual(8);
      for (let i = 1; i < bumps.length; i++) expect(bumps[i]! - bumps[i - 1]!, `seed ${seed} bump ${i}`).toBeGreaterThanOrEqual(10);
      expect(sends, `seed ${seed}`).toBeGreaterThanOrEqual(bumps.length - 1);
    }
  });
});

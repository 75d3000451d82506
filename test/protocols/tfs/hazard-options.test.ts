// The options that select a safer variant than TFS trunk (issue 16): each one's scenario, and the same schedule with
// the default, so the test shows what the option changes rather than only that its scenario passes.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';
import { DEFAULT_OPTIONS } from '../../../protocols/tfs/options.ts';

const dir = join(import.meta.dirname, '../../../scenarios/tfs');
type Loaded = ReturnType<typeof loadScenarioFile>;

/** The scenario with one option set back to its default and new expectations. */
function withDefault(s: Loaded, option: string, expect: Loaded['expect']): Loaded {
  const { [option]: _dropped, ...options } = s.options ?? {};
  return { ...s, options, expect };
}

const unmet = (o: ReturnType<typeof runScenario>): string =>
  `${o.result.verdict} ${o.result.violation?.name ?? ''}: ${o.expectations.filter((e) => !e.isMet).map((e) => `${e.text} (${e.detail})`).join('; ')}`;

describe('tfs: isVipCheckedBeforeEachAct (S6 fix) on the master-paused schedule', () => {
  const s = loadScenarioFile(join(dir, 'vip-checked-before-each-act.json'));

  it('is off by default (the real NS reads is_local_addr(vip) only in check_)', () => {
    expect(DEFAULT_OPTIONS.isVipCheckedBeforeEachAct).toBe(false);
    expect(s.options?.['isVipCheckedBeforeEachAct']).toBe(true);
  });

  it('with the option, the resumed master never acts without the VIP and steps down at once', () => {
    const o = runScenario(s);
    expect(o.isPassed, unmet(o)).toBe(true);
  });

  it('without it, the same schedule has a master act without the VIP and a later step-down', () => {
    const o = runScenario(withDefault(s, 'isVipCheckedBeforeEachAct', [
      { verdict: 'pass' },
      { probe: 'master-acted-without-vip', within: 7_000_000 },
      { role: 'slave', equals: ['ns1'], within: 6_001_000 },
    ] as Loaded['expect']));
    expect(o.result.verdict).toBe('pass');
    expect(o.expectations.map((e) => e.isMet)).toEqual([true, true, false]);
  });
});

describe('tfs: isApplyBlockSafeModeAtStartup (P13) on a quick master restart', () => {
  const s = loadScenarioFile(join(dir, 'restart-without-startup-lease-window.json'));

  it('is on by default (a stand-in for the DS lease renewal the sim does not model)', () => {
    expect(DEFAULT_OPTIONS.isApplyBlockSafeModeAtStartup).toBe(true);
    expect(s.options?.['isApplyBlockSafeModeAtStartup']).toBe(false);
  });

  it("off (trunk's start-up): the restarted master re-grants a held block lease", () => {
    const o = runScenario(s);
    expect(o.isPassed, unmet(o)).toBe(true);
    expect(o.result.violation?.name).toBe('block-lease-exclusive');
  });

  it('on: the same schedule (the crash fires) passes', () => {
    const o = runScenario(withDefault(s, 'isApplyBlockSafeModeAtStartup', [{ verdict: 'pass' }] as Loaded['expect']));
    expect(o.isPassed, unmet(o)).toBe(true);
    expect(o.result.stats.restarts).toBe(1);
  });
});

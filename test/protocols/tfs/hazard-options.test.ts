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

describe('tfs: isVipReturnTreatedAsSwitch on guided seed 1750542 (the VIP back before a check_ saw it gone)', () => {
  const s = loadScenarioFile(join(dir, 'regress-1750542-vip-returned-unseen.json'));
  const withOption = { ...s, options: { ...s.options, isVipReturnTreatedAsSwitch: true } };

  it("is off by default (trunk polls is_local_addr(vip) in check_ only)", () => {
    expect(DEFAULT_OPTIONS.isVipReturnTreatedAsSwitch).toBe(false);
    expect(s.options?.['isVipReturnTreatedAsSwitch']).toBeUndefined();
  });

  /** Faults only until 6 s, just after ns1's grant at 5.959 s (the crash at 6.5 s would restart ns1 with a fresh count). */
  const at6s = (x: Loaded) => runScenario({ ...x, duration: 6_000_000, expect: [{ verdict: 'pass' }] as Loaded['expect'] });
  type Grant = { lastGrant: { blockId: number; from: string } | null };
  const grants = (o: ReturnType<typeof runScenario>) => ['ds1', 'ds2'].map((d) => (o.result.finalStates[d] as Grant).lastGrant);

  it("off (trunk): ns1 grants over ns2's lease, excused only by its counted cause (the count the check reads grows)", () => {
    const o = runScenario(s);
    expect(o.isPassed, unmet(o)).toBe(true);
    const early = at6s(s);
    expect(early.result.verdict).toBe('pass');
    expect((early.result.finalStates['ns1'] as { vipReturnsUnseen: number }).vipReturnsUnseen).toBe(1);
    expect(grants(early)).toEqual([{ seq: 1, blockId: 100101, remainingUs: expect.any(Number), from: 'ns2' }, { seq: expect.any(Number), blockId: 100101, remainingUs: expect.any(Number), from: 'ns1' }]);
  });

  it('on: the same schedule sees the same return, re-arms the apply_block window and needs no excuse', () => {
    const o = runScenario(withOption);
    expect(o.isPassed, unmet(o)).toBe(true);
    const early = at6s(withOption);
    expect((early.result.finalStates['ns1'] as { vipReturnsUnseen: number }).vipReturnsUnseen).toBe(0);
    // Passing with no vip-returned-unseen counted means block-lease-exclusive held with no excuse to use.
    expect(early.result.verdict).toBe('pass');
  });
});

// npm run test:long: the periodic full block report with the real timers (one-day interval, 2~4 o'clock): the scenario
// idles about 26.7 h of virtual time (~1.2 M events), too slow for the everyday suite (scenarios.test.ts skips it).
// Run as the CLI and the fuzz workers run (scoped invariant checks, no state freezing), not strict: deep-freezing each
// new master state visits every record of its new oplog array, which a day of COMPACT stand-in records grows to
// ~48,000, at every append (quadratic; a strict run had used 63 s of CPU, unfinished, when stopped).
// Scoped checking is compared with full checking in test/bench/invariant-scope.test.ts.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStateFreezing, setInvariantCheckMode, setStateFreezing } from '../../../sim/index.ts';
import { loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';
import { DEFAULT_OPTIONS } from '../../../protocols/tfs/options.ts';
import { asNs } from '../../../protocols/tfs/state.ts';
import { hourOfDay } from '../../../protocols/tfs/ns-report-periodic.ts';

const file = join(import.meta.dirname, '../../../scenarios/tfs/real-timers-periodic-report-day.json');
const DAY_US = 86_400_000_000;

describe('tfs: the periodic report with the real day', () => {
  const wasFreezing = isStateFreezing();
  beforeAll(() => { setStateFreezing(false); setInvariantCheckMode('scoped'); });
  afterAll(() => { setStateFreezing(wasFreezing); setInvariantCheckMode('full'); });

  it('real-timers-periodic-report-day: ds2\'s day-1 report, due between 02:00 and 04:00, lists the copy whose completion died with ds1', () => {
    const s = loadScenarioFile(file);
    // The real timers: the scenario sets no option, so the report runs on trunk's defaults.
    expect(s.options ?? {}).toEqual({});
    expect(DEFAULT_OPTIONS.reportBlockDayUs).toBe(DAY_US);
    let lastReport: { ds: string; dueUs: number; atUs: number; built: readonly number[] } | undefined;
    let unlistedBefore = 0;
    const o = runScenario(s, {
      run: {
        onEvent: (_i, _recs, view) => {
          const m = asNs(view.node('ns1' as never).state as never);
          if (m === undefined) return;
          lastReport = m.lastPeriodicReport as typeof lastReport ?? lastReport;
          // Before the day's report both blocks are listed on no server (ds1's report relieved them).
          if (view.nowUs > 400_000_000 && lastReport === undefined && m.blocks.values.every((x) => x.length === 0)) unlistedBefore = view.nowUs;
        },
      },
    });
    expect(o.isPassed, o.expectations.filter((e) => !e.isMet).map((e) => `${e.text}: ${e.detail}`).join('; ')).toBe(true);
    expect(unlistedBefore).toBeGreaterThan(DAY_US);
    expect(lastReport?.ds).toBe('ds2');
    // One copy since the fifteenth session's trunk rate: ds1 takes part in one task at a time, so only 100101's copy is
    // made before ds1 dies; 100102 dies with ds1's unsynced writes (it was on ds1 alone).
    expect(lastReport!.built).toEqual([100101]);
    expect(lastReport!.dueUs).toBeGreaterThan(DAY_US);
    expect(lastReport!.dueUs).toBeLessThan(2 * DAY_US);
    expect(hourOfDay(lastReport!.dueUs, DEFAULT_OPTIONS)).toBeGreaterThanOrEqual(2);
    expect(hourOfDay(lastReport!.dueUs, DEFAULT_OPTIONS)).toBeLessThan(4);
    expect(o.result.livenessReachedAtUs).toBeGreaterThan(lastReport!.atUs);
  });
});

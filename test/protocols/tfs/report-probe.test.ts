// Probe periodic-report-lists-unlisted-copy (report-probes.ts): holds once a day's periodic full report, due inside the
// hour range, listed a DS on a block the master did not list it on; fails when any of those is not so.
import { BlockMap } from '../../../protocols/tfs/block-map.ts';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeId } from '../../../sim/index.ts';
import { loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';
import { tfsProtocol } from '../../../protocols/tfs/index.ts';
import type { NsState, TfsOptions, TfsState } from '../../../protocols/tfs/index.ts';
import { REPORT_PROBES } from '../../../protocols/tfs/report-probes.ts';
import { notePeriodicReport } from '../../../protocols/tfs/ns-report-periodic.ts';
import { viewOf } from './fake-view.ts';

const REGRESS = join(import.meta.dirname, '../../../scenarios/tfs/regress-1523039-periodic-report-lists-lost-copy.json');
const probe = REPORT_PROBES['periodic-report-lists-unlisted-copy']!;

/** The regression (FAST 6 s day) run: the first time the probe holds, with the master's state and options then. */
function firstHold(extra: Partial<TfsOptions> = {}): { atUs: number; master: NsState; opts: TfsOptions } | null {
  const s = loadScenarioFile(REGRESS);
  const scenario = { ...s, options: { ...s.options, ...extra } };
  const opts = { ...tfsProtocol.defaultOptions, ...scenario.options } as TfsOptions;
  let hit: { atUs: number; master: NsState; opts: TfsOptions } | null = null;
  runScenario(scenario, {
    run: {
      onEvent: (_i, _r, view) => {
        if (hit !== null || probe.check(view as never, opts) !== null) return;
        const holder = view.aliasHolder('vip' as never)!;
        hit = { atUs: view.nowUs, master: view.node(holder).state as NsState, opts };
      },
    },
  });
  return hit;
}

describe('tfs: probe periodic-report-lists-unlisted-copy', () => {
  const hit = firstHold();

  it("holds on regress-1523039's run when ds2's periodic report lists it on 100135 (14.466 s)", () => {
    expect(hit).not.toBeNull();
    const r = hit!.master.lastPeriodicReport!;
    expect(r.ds).toBe('ds2');
    expect(r.built).toContain(100135);
    expect(hit!.atUs).toBe(r.atUs);
    expect(Math.abs(r.atUs - 14_466_000)).toBeLessThan(1000);
  });

  it('fails on a report that built nothing, one due outside the hour range or on the first day, and one applied late', () => {
    const { master, opts } = hit!;
    const r = master.lastPeriodicReport!;
    const judge = (p: Partial<NonNullable<NsState['lastPeriodicReport']>>) =>
      probe.check(viewOf({ ns1: { ...master, lastPeriodicReport: { ...r, ...p } } as TfsState }, r.atUs) as never, opts);
    expect(judge({})).toBeNull();
    expect(judge({ built: [] })).toMatch(/on no block/);
    const hourUs = opts.reportBlockDayUs / 24;
    expect(judge({ dueUs: 2 * opts.reportBlockDayUs + 5 * hourUs, atUs: 2 * opts.reportBlockDayUs + 5 * hourUs })).toMatch(/outside 2~4/);
    expect(judge({ dueUs: 2 * hourUs, atUs: 2 * hourUs })).toMatch(/first day/);
    expect(judge({ atUs: r.dueUs + 2 * opts.dsHeartbeatIntervalUs + 1 })).toMatch(/late/);
    const { lastPeriodicReport: _r, ...none } = master;
    expect(probe.check(viewOf({ ns1: none as TfsState }) as never, opts)).toMatch(/no periodic report/);
    expect(probe.check(viewOf({ ns1: { ...master, role: 'slave' } as TfsState }) as never, opts)).toMatch(/no periodic report/);
  });

  it('holds only once the periodic report comes: with a 20-day interval, not before day 20', () => {
    const late = firstHold({ reportBlockIntervalDays: 20 });
    expect(late).not.toBeNull();
    expect(late!.atUs).toBeGreaterThan(20 * late!.opts.reportBlockDayUs);
    expect(late!.master.lastPeriodicReport!.built).toContain(100135);
  });

  it('notePeriodicReport records a report due and applied, with the relations it built; not a first report, nor one before its due time', () => {
    const { lastPeriodicReport: _r, ...m } = hit!.master;
    const ds2 = nodeId('ds2');
    const before: NsState = { ...m, blocks: BlockMap.of({ 7: ['ds1'], 8: ['ds1', 'ds2'] }), dsReported: { ...m.dsReported, ds2: true }, dsNextReportUs: { ...m.dsNextReportUs, ds2: 100 } };
    const after: NsState = { ...before, blocks: BlockMap.of({ 7: ['ds1', 'ds2'], 8: ['ds1', 'ds2'] }) };
    expect(notePeriodicReport(before, after, ds2, [7, 8], 100).lastPeriodicReport).toEqual({ ds: 'ds2', dueUs: 100, atUs: 100, built: [7] });
    // The second answer to one ask, after the first already scheduled the next report: not periodic.
    expect(notePeriodicReport(before, after, ds2, [7, 8], 99).lastPeriodicReport).toBeUndefined();
    // The first report on a connection (dsReported not set): not periodic either.
    expect(notePeriodicReport({ ...before, dsReported: {} }, after, ds2, [7, 8], 100).lastPeriodicReport).toBeUndefined();
  });
});

// The periodic full block report (ns-report-periodic.ts): the master asks each DS for its full report again every
// report_block_time_interval_ days at a random time in the hour range, and that report lists a copy whose
// replicate completion died with its source (clean fuzz seed 1523039, reported-blocks-located).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSimulation, seconds } from '../../../sim/index.ts';
import type { ConnId, View } from '../../../sim/index.ts';
import { loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';
import { scenarioRunConfig } from '../../../scenarios/to-run-config.ts';
import { FAST_OPTIONS, tfsProtocol } from '../../../protocols/tfs/index.ts';
import { DEFAULT_OPTIONS } from '../../../protocols/tfs/options.ts';
import type { NsState, TfsOptions, TfsState } from '../../../protocols/tfs/index.ts';
import { nextReportTimeUs, reportGapMaxUs } from '../../../protocols/tfs/ns-report-periodic.ts';
import { tailBoundUs } from '../../../protocols/tfs/liveness.ts';

const REGRESS = join(import.meta.dirname, '../../../scenarios/tfs/regress-1523039-periodic-report-lists-lost-copy.json');
const HOUR_US = seconds(3600);
const DAY_US = 24 * HOUR_US;

function nsOf(view: View<TfsState>, id: string): NsState | undefined {
  const n = view.nodes.find((x) => x.id === id);
  return n?.isUp && n.state?.kind === 'ns' ? n.state : undefined;
}

describe('tfs: periodic report schedule (set_next_report_block_time, NONE)', () => {
  it('real defaults: the next report is on the next day, at hour seed % 2 + 2, minute = second = seed % 60', () => {
    const now = seconds(8.581);
    expect(nextReportTimeUs(now, 0, DEFAULT_OPTIONS)).toBe(DAY_US + 2 * HOUR_US);
    expect(nextReportTimeUs(now, 61, DEFAULT_OPTIONS)).toBe(DAY_US + 3 * HOUR_US + seconds(61));
    // A report late in the day snaps to the next day's window (trunk's mktime on the day interval days on).
    expect(nextReportTimeUs(DAY_US - seconds(1), 0, DEFAULT_OPTIONS)).toBe(DAY_US + 2 * HOUR_US);
    expect(nextReportTimeUs(seconds(1), 1, { ...DEFAULT_OPTIONS, reportBlockIntervalDays: 3 })).toBe(3 * DAY_US + 3 * HOUR_US + seconds(61));
    // An empty hour range: always the lower hour.
    expect(nextReportTimeUs(0, 7, { ...DEFAULT_OPTIONS, reportBlockHourUpper: 2 })).toBe(DAY_US + 2 * HOUR_US + seconds(7 * 61));
    for (let seed = 0; seed < 500; seed += 7) {
      const at = nextReportTimeUs(now, seed, DEFAULT_OPTIONS);
      expect(at).toBeGreaterThanOrEqual(DAY_US + 2 * HOUR_US);
      expect(at).toBeLessThan(DAY_US + 4 * HOUR_US);
      expect(at - now).toBeLessThanOrEqual(reportGapMaxUs(DEFAULT_OPTIONS));
    }
  });

  it('FAST: a 6 s day, so the window is 0.5-1 s into each day', () => {
    const o = { ...DEFAULT_OPTIONS, ...FAST_OPTIONS } as TfsOptions;
    expect(nextReportTimeUs(seconds(8.581), 0, o)).toBe(seconds(12.5));
    expect(nextReportTimeUs(seconds(8.581), 0xfffffff - 1, o)).toBeLessThan(seconds(13));
    expect(reportGapMaxUs(o)).toBe(seconds(7));
  });
});

describe('tfs: the master asks each dataserver again at its next report time', () => {
  it('no faults: each DS is asked on one connection at start-up and again when its next report time comes', () => {
    const asks: Record<string, { atUs: number; connId: ConnId; dueUs: number | undefined }[]> = {};
    let prevNext: Record<string, number> = {};
    let prevAsked = new Set<string>();
    const r = runSimulation({
      protocol: tfsProtocol, seed: 3, options: FAST_OPTIONS, faultPhaseUs: seconds(20), faults: [],
      onEvent: (_i, _recs, view) => {
        const ns1 = nsOf(view as View<TfsState>, 'ns1');
        if (ns1 === undefined) return;
        // An ask's snapshot (dsReportAsks) lives from the ask until its report is applied: each new one is an ask.
        const asked = new Set(Object.keys(ns1.dsReportAsks ?? {}));
        for (const ds of asked) {
          if (!prevAsked.has(ds)) (asks[ds] ??= []).push({ atUs: view.nowUs, connId: ns1.dsReportAsks![ds]!.connId, dueUs: prevNext[ds] });
        }
        prevAsked = asked;
        prevNext = { ...(ns1.dsNextReportUs ?? {}) };
      },
    });
    expect(r.verdict).toBe('pass');
    for (const ds of ['ds1', 'ds2']) {
      const list = asks[ds] ?? [];
      // 20 s of 6 s days: the first ask at registration, then at least two periodic ones, all on one connection.
      expect(list.length).toBeGreaterThanOrEqual(3);
      expect(new Set(list.map((a) => a.connId)).size).toBe(1);
      for (const a of list.slice(1)) {
        // Asked at the first heartbeat at or after the time the last report set, never before.
        expect(a.dueUs).toBeDefined();
        expect(a.atUs).toBeGreaterThanOrEqual(a.dueUs!);
        expect(a.atUs - a.dueUs!).toBeLessThanOrEqual(FAST_OPTIONS.dsHeartbeatIntervalUs!);
      }
    }
  });
});

describe('tfs: seed 1523039, a copy the master missed is listed by the periodic report', () => {
  it('before: with no periodic report within the liveness bound, reported-blocks-located fails on ds2 / 100135', () => {
    const s = loadScenarioFile(REGRESS);
    // The real day: no periodic report before the bound the model had before the fix (tailBoundUs) runs out.
    const real = { ...s, options: { ...s.options, reportBlockDayUs: DAY_US } };
    const opts = { ...DEFAULT_OPTIONS, ...real.options } as TfsOptions;
    const oldBoundUs = tailBoundUs(opts);
    const r = runSimulation(scenarioRunConfig(real, { ...tfsProtocol, livenessBoundUs: () => oldBoundUs }));
    expect(r.verdict).toBe('liveness');
    expect(r.violation?.name).toBe('reported-blocks-located');
    expect(r.violation?.message).toContain('ds2 reported and holds block 100135');
  });

  it('after: ds2 is asked again on the same connection and its report lists it on 100135', () => {
    let ds2Conn: ConnId | undefined;
    let ds2ConnChanged = false;
    let listedAtUs: number | null = null;
    let ns2: NsState | undefined;
    const o = runScenario(loadScenarioFile(REGRESS), {
      run: {
        onEvent: (_i, _r, view) => {
          const ns = nsOf(view as View<TfsState>, 'ns2');
          if (ns === undefined || ns.role !== 'master') return;
          ns2 = ns;
          const conn = ns.dsConns['ds2'];
          if (conn !== undefined && ds2Conn !== undefined && conn !== ds2Conn && view.nowUs < seconds(16)) ds2ConnChanged = true;
          if (conn !== undefined) ds2Conn = conn;
          if (listedAtUs === null && view.nowUs > seconds(12.802) && ns.blocks.get(100135)?.includes('ds2')) listedAtUs = view.nowUs;
        },
      },
    });
    expect(o.isPassed).toBe(true);
    expect(ds2ConnChanged).toBe(false);
    // ds2's periodic report (14.466 s), not a reconnect, lists it; it is then replicated back to ds1.
    expect(listedAtUs).not.toBeNull();
    expect(listedAtUs!).toBeGreaterThan(seconds(14));
    expect(listedAtUs!).toBeLessThan(seconds(15));
    expect(ns2!.blocks.get(100135)).toEqual(['ds1', 'ds2']);
  });
});

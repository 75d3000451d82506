// Row P25: the slave learns block relations from the dataservers' own full reports (trunk heart_manager report_block_ ->
// update_relation, whatever the role), and report-relations-applied holds a nameserver's lists to its last report.
import { BlockMap } from '../../../protocols/tfs/block-map.ts';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { View } from '../../../sim/index.ts';
import { loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';
import type { NsState, TfsState } from '../../../protocols/tfs/index.ts';
import { tfsProtocol } from '../../../protocols/tfs/index.ts';
import { DEFAULT_OPTIONS } from '../../../protocols/tfs/options.ts';
import { onBlockReport, onDsHeartbeat } from '../../../protocols/tfs/ns-serve.ts';
import { reportRelationsApplied } from '../../../protocols/tfs/report-apply-check.ts';
import { slaveReplaysReplication } from '../../../protocols/tfs/replicate-invariant.ts';
import { fakeCtx, viewOf } from './fake-view.ts';

const SCENARIO = join(import.meta.dirname, '../../../scenarios/tfs/slave-relieved-by-report.json');
const REGRESS_1631611 = join(import.meta.dirname, '../../../scenarios/tfs/regress-1631611-slave-full-at-replay-relieved-later.json');

const slave = (over: Partial<NsState>): NsState => ({
  kind: 'ns', self: 'ns2', role: 'slave', status: 'initialized', blocks: BlockMap.of({}), blockLeases: {}, dsConns: {}, dsReported: {},
  maxReplication: 2, ...over,
} as unknown as NsState);

/** ds2 registers with the slave over connection 12 (asked for its report at once), then its report lists `reported`. */
function reportTo(s0: NsState, reported: readonly number[]): { s: NsState; sent: unknown[] } {
  const { ctx: bare, sent } = fakeCtx(1000);
  // scheduleNextReport draws trunk's random() time seed.
  const ctx = Object.assign(Object.create(bare) as typeof bare, { prng: { int: () => 7 } });
  const asked = onDsHeartbeat(s0, 'ds2' as never, 12 as never, ctx, DEFAULT_OPTIONS, new Set());
  return { s: onBlockReport(asked, 'ds2' as never, reported, ctx, DEFAULT_OPTIONS, new Set()), sent };
}

const judge = (s: NsState): string | null => reportRelationsApplied.check(viewOf({ ns2: s as TfsState }));

describe('tfs P25: a slave keeps DS leases and applies their full reports', () => {
  it('a slave answers a DS heartbeat, asks for the report, registers the DS, and applies the report: built and relieved, nothing queued', () => {
    const { s, sent } = reportTo(slave({ blocks: BlockMap.of({ '7': ['ds1', 'ds2'], '8': ['ds1'], '9': ['ds1', 'ds3'] }) }), [8, 9]);
    expect(sent).toEqual([expect.objectContaining({ type: 'ds-heartbeat-reply', role: 'slave', isReportWanted: true })]);
    expect(s.dsConns['ds2']).toBe(12);
    expect(s.dsReported['ds2']).toBe(true);
    // 7: listed on ds2 at the ask, lacking from the report: relieved. 8: built. 9: full (max_replication_ 2), the
    // excess-server swap takes ds1 out, but a slave queues no delete (push_to_delete_queue is the master's).
    expect(s.blocks.toJSON()).toEqual({ '7': ['ds1'], '8': ['ds1', 'ds2'], '9': ['ds2', 'ds3'] });
    expect(s.deleteQueue ?? []).toEqual([]);
    expect(s.lastReport).toMatchObject({ ds: 'ds2', reported: [8, 9], unreported: [7] });
    expect(s.dsReportCount).toEqual({ ds2: 1 });
  });

  it('report-relations-applied: the applied report passes; a slave that kept a relation the report lacks, or dropped one it lists, fails', () => {
    const { s } = reportTo(slave({ blocks: BlockMap.of({ '7': ['ds1', 'ds2'], '8': ['ds1'] }) }), [8]);
    expect(judge(s)).toBeNull();
    // Planted slips, as if update_relation had skipped left_less or right_less: the map the report left is the slipped one.
    const kept = s.blocks.with(7, ['ds1', 'ds2']);
    expect(judge({ ...s, blocks: kept, lastReport: { ...s.lastReport!, blocks: kept } })).toMatch(/lacks block 7, but still lists ds2/);
    const dropped = s.blocks.with(8, ['ds1']);
    expect(judge({ ...s, blocks: dropped, lastReport: { ...s.lastReport!, blocks: dropped } })).toMatch(/listing block 8 but lists it on \["ds1"\]/);
    // A full block (max_replication_ servers without the DS) is no slip; nor a map changed since the report (not fresh).
    const full = s.blocks.with(8, ['ds1', 'ds3']);
    expect(judge({ ...s, blocks: full, lastReport: { ...s.lastReport!, blocks: full } })).toBeNull();
    expect(judge({ ...s, blocks: kept })).toBeNull();
  });

  it('is registered with the protocol', () => {
    expect(tfsProtocol.invariants.map((i) => i.name)).toContain('report-relations-applied');
  });

  it('scenario slave-relieved-by-report: the slave ns1 relieves ds2 from 200113 by ds2\'s own report, before any switch', () => {
    const seen: string[] = [];
    const o = runScenario(loadScenarioFile(SCENARIO), {
      run: {
        onEvent: (_i, _r, view) => {
          const n = (view as View<TfsState>).nodes.find((x) => x.id === 'ns1');
          if (n?.isUp !== true || n.state?.kind !== 'ns' || n.state.role !== 'slave') return;
          const list = JSON.stringify(n.state.blocks.get(200113) ?? null);
          if (seen[seen.length - 1] !== list) seen.push(list);
        },
      },
    });
    expect(o.isPassed).toBe(true);
    // The slave listed ds2 (its report and the INSERT replay), then ds2's report without the block relieved it.
    expect(seen).toContain('["ds2","ds1"]');
    expect(seen[seen.length - 1]).toBe('["ds1"]');
  });

  it('slave-replays-replication: a destination missing after the replay is excused only by a report of it applied since (counted at the fold)', () => {
    const end: Record<string, TfsState> = {};
    const o = runScenario(loadScenarioFile(REGRESS_1631611), {
      run: { onEvent: (_i, _r, view) => { for (const n of (view as View<TfsState>).nodes) if (n.isUp && n.state !== undefined) end[n.id] = n.state; } },
    });
    expect(o.isPassed).toBe(true);
    const slave0 = end['ns1'] as NsState;
    expect(slave0.role).toBe('slave');
    // Planted: the slave lost ds3 from 200113 (REPLICATE to ds3 replayed) with nothing to explain it, and its list not full.
    const lost = { ...slave0, blocks: slave0.blocks.with(200113, [])  } as NsState;
    const view = viewOf({ ...end, ns1: lost });
    expect(slaveReplaysReplication.check(view)).toMatch(/REPLICATE of block 200113 to ds3/);
    // The same run (fold kept per view), after a report of ds3 the slave applied since: ds3's own report governs it.
    const node = view.nodes.find((n) => n.id === 'ns1')! as { state: TfsState };
    const counts = { ...(lost.dsReportCount ?? {}) };
    counts['ds3'] = (counts['ds3'] ?? 0) + 1;
    node.state = { ...lost, dsReportCount: counts } as TfsState;
    expect(slaveReplaysReplication.check(view)).toBeNull();
    // A report since of another DS that cannot have filled the slot (ds2, already counted as relieved since by the
    // RELIEVE record) does not excuse ds3: the list had room at the replay.
    node.state = { ...lost, dsReportCount: { ...(lost.dsReportCount ?? {}), ds2: (lost.dsReportCount?.['ds2'] ?? 0) + 1 } } as TfsState;
    expect(slaveReplaysReplication.check(view)).toMatch(/REPLICATE of block 200113 to ds3/);
  });
});

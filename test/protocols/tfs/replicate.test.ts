// S14 (issue 16): replication planned by the master, copied DS to DS, completed by handle_complete on the master and
// by the slave's replay of the REPLICATE record; the record's async loss repaired by a block report.
import { BlockMap } from '../../../protocols/tfs/block-map.ts';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { produce } from 'immer';
import { nodeId } from '../../../sim/index.ts';
import type { View } from '../../../sim/index.ts';
import { loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';
import { tfsProtocol } from '../../../protocols/tfs/index.ts';
import type { NsState, TfsState } from '../../../protocols/tfs/index.ts';
import type { DsState } from '../../../protocols/tfs/state.ts';
import { DEFAULT_OPTIONS } from '../../../protocols/tfs/options.ts';
import { applyEffect } from '../../../protocols/tfs/ns-support.ts';
import { PLAN_PASS_US, onReplicateDone, planReplicate, planSpace } from '../../../protocols/tfs/replicate-plan.ts';
import { onCopyBlock, onReplicateBlock } from '../../../protocols/tfs/ds-replicate.ts';
import { slaveReplaysReplication } from '../../../protocols/tfs/replicate-invariant.ts';
import { blocksReplicated } from '../../../protocols/tfs/replicate-liveness.ts';
import { viewOf, fakeCtx } from './fake-view.ts';

const scenario = (name: string) => join(import.meta.dirname, `../../../scenarios/tfs/${name}.json`);

/** Run a scenario; the states at the last event before `atUs` and at the end. */
function statesOf(name: string, atUs = Infinity): { before: Record<string, TfsState>; end: Record<string, TfsState>; passed: boolean } {
  const before: Record<string, TfsState> = {};
  const end: Record<string, TfsState> = {};
  const o = runScenario(loadScenarioFile(scenario(name)), {
    run: {
      onEvent: (_i, _recs, view) => {
        for (const n of (view as View<TfsState>).nodes) {
          if (!n.isUp || n.state === undefined) { delete end[n.id]; continue; }
          if (view.nowUs < atUs) before[n.id] = n.state;
          end[n.id] = n.state;
        }
      },
    },
  });
  return { before, end, passed: o.isPassed };
}

describe('tfs S14: replicate-after-ds-loss', () => {
  const { end, passed } = statesOf('replicate-after-ds-loss');
  const master = end['ns1'] as NsState;
  const slave = end['ns2'] as NsState;

  it('the scenario meets its expectations', () => expect(passed).toBe(true));

  it('both blocks, created on ds1 alone, end on ds1 and ds2 on the master and (by replay) on the slave, each at version 2', () => {
    for (const s of [master, slave]) {
      expect(s.blocks.ids).toEqual([100101, 100102]);
      for (const id of ['100101', '100102']) {
        expect(s.blocks.get(Number(id)), `${s.self} ${id}`).toEqual(['ds1', 'ds2']);
        expect(s.blockVersions?.[id], `${s.self} ${id}`).toBe(2);
      }
    }
    expect(master.replicateTasks).toEqual({});
  });

  it('ds2 holds the copies under the allocation tags ds1 has', () => {
    expect((end['ds2'] as DsState).blocks).toEqual((end['ds1'] as DsState).blocks);
  });

  it('slave-replays-replication holds on the final states and fails on a slave that lost the relation or the version step', () => {
    expect(slaveReplaysReplication.check(viewOf(end))).toBeNull();
    const noRelation = ({ ...slave, blocks: slave.blocks.with(100101, ['ds1']) });
    expect(slaveReplaysReplication.check(viewOf({ ...end, ns2: noRelation }))).toMatch(/REPLICATE of block 100101 to ds2/);
    const noVersion = produce(slave, (d) => { d.blockVersions = { ...d.blockVersions, '100102': 0 }; });
    expect(slaveReplaysReplication.check(viewOf({ ...end, ns2: noVersion }))).toMatch(/block 100102 but holds version 0/);
  });

  it('a replay that drops the REPLICATE effect (the planted slip: the former counter-only replay) fails the invariant', () => {
    // Re-play the master's records on an empty slave, once faithfully and once with REPLICATE records only counted.
    const replayAll = (isSlip: boolean) => master.oplog!.records.slice(0, slave.applied!.count).reduce((s, r) => {
      const b = r.body;
      if (b.kind === 'replicate') return isSlip ? { ...s, replayedTasks: s.replayedTasks + 1 } : applyEffect(s, b);
      if (b.kind === 'block-op') return applyEffect(s, { kind: 'block', cmd: b.cmd, blockId: b.blockId, servers: b.servers });
      return s;
    }, { ...slave, blocks: BlockMap.of({}), blockVersions: {} } as NsState);
    expect(slaveReplaysReplication.check(viewOf({ ...end, ns2: replayAll(false) }))).toBeNull();
    expect(slaveReplaysReplication.check(viewOf({ ...end, ns2: replayAll(true) }))).toMatch(/REPLICATE of block/);
  });
});

describe('tfs S14: liveness blocks-replicated', () => {
  const { end } = statesOf('replicate-after-ds-loss');
  const master = end['ns1'] as NsState;
  const short = ({ ...master, blocks: master.blocks.with(100101, ['ds1']) });
  const ds2 = end['ds2'] as DsState;

  it('holds on the final states of replicate-after-ds-loss', () => expect(blocksReplicated.check(viewOf(end))).toBeNull());

  it('fails on a master left with a short block that ds1 holds and ds2 could take (a planner that stopped planning)', () => {
    expect(blocksReplicated.check(viewOf({ ...end, ns1: short }))).toMatch(/block 100101 on \["ds1"\]; ds2 could take a copy from ds1/);
  });

  it('excuses a block whose source lost it, and a target that holds the id under another allocation', () => {
    const ds1 = end['ds1'] as DsState;
    const lost = { ...ds1, blocks: ds1.blocks.without([100101]) };
    expect(blocksReplicated.check(viewOf({ ...end, ns1: short, ds1: lost }))).toBeNull();
    const other = ({ ...ds2, blocks: ds2.blocks.with(100101, 'ns2:other:100101') });
    expect(blocksReplicated.check(viewOf({ ...end, ns1: short, ds2: other }))).toBeNull();
  });
});

describe('tfs S14: the plan pass is trunk\'s fixed 1 s, not heartIntervalUs', () => {
  // build_ sleeps MIN_SLEEP_TIME_US (1 s) after a pass; with 2 DSs one task runs at a time, so the two blocks of
  // replicate-after-ds-loss complete one pass apart whatever the heart interval.
  for (const heartIntervalUs of [1_000_000, 1_700_000]) {
    it(`heartIntervalUs ${heartIntervalUs}: the second block completes ${PLAN_PASS_US} us after the first`, () => {
      const done: Record<string, number> = {};
      const sc = loadScenarioFile(scenario('replicate-after-ds-loss'));
      runScenario({ ...sc, options: { ...sc.options, heartIntervalUs } }, {
        run: {
          onEvent: (_i, _r, view) => {
            const n = (view as View<TfsState>).nodes.find((x) => x.id === 'ns1');
            if (n?.state?.kind !== 'ns') return;
            for (const [id, v] of Object.entries(n.state.blockVersions ?? {})) if (v === 2 && done[id] === undefined) done[id] = view.nowUs;
          },
        },
      });
      const times = Object.values(done).sort((a, b) => a - b);
      expect(times.length).toBe(2);
      expect(Math.abs(times[1]! - times[0]! - PLAN_PASS_US)).toBeLessThan(10_000);
    });
  }
});

describe('tfs S14: replicate-record-lost-at-failover (the async loss window)', () => {
  const { before, end, passed } = statesOf('replicate-record-lost-at-failover', 5_300_000);

  it('the scenario meets its expectations', () => expect(passed).toBe(true));

  it('before the crash the master completed both blocks to ds2, and the slave had not received those records', () => {
    for (const id of ['100101', '100102']) {
      expect((before['ns1'] as NsState).blocks.get(Number(id))).toEqual(['ds1', 'ds2']);
      expect((before['ns1'] as NsState).blockVersions?.[id]).toBe(2);
      // Not replayed (no version step); the slave lists ds2 all the same, from ds2's own report to it (row P25).
      expect((before['ns2'] as NsState).blockVersions?.[id] ?? 0).toBe(0);
      expect((before['ns2'] as NsState).blocks.get(Number(id))).toEqual(['ds1', 'ds2']);
    }
  });

  it('the new master learns the ds2 relations from ds2\'s block report (version 0: no replicate completed or replayed there)', () => {
    const ns2 = end['ns2'] as NsState;
    expect(ns2.role).toBe('master');
    for (const id of ['100101', '100102']) {
      expect(ns2.blocks.get(Number(id))).toEqual(['ds1', 'ds2']);
      expect(ns2.blockVersions?.[id] ?? 0).toBe(0);
    }
  });
});

describe('tfs S14: the planner and handle_complete', () => {
  const opts = { ...DEFAULT_OPTIONS, replicateTaskExpiredTimeUs: 1_000 };
  const { end } = statesOf('replicate-after-ds-loss', 0);
  const base = produce(end['ns1'] as NsState, (d) => {
    d.role = 'master'; d.status = 'initialized'; d.switchTimeUs = 0; d.isVipLocal = true;
    d.blocks = BlockMap.of({ '7': ['ds1'], '8': ['ds1', 'ds2'], '9': ['ds2'] }) as never;
    d.blockVersions = {}; d.replicateTasks = {}; d.blockLeases = {}; d.oplog = null; d.taskSeq = 0;
    d.dsConns = { ds1: 11 as never, ds2: 12 as never };
  });

  it('one task per server (exist_server): with 2 dataservers a pass plans one block, the next pass resumes after it', () => {
    const { ctx, sent } = fakeCtx(10);
    const s = planReplicate(base, ctx, opts, new Set());
    // Block 9 (ds2 -> ds1) waits: both servers take part in block 7's task. Block 8 is full.
    expect(sent).toEqual([expect.objectContaining({ type: 'replicate-block', blockId: 7, source: 'ds1', dest: 'ds2' })]);
    expect(Object.keys(s.replicateTasks!)).toEqual(['7']);
    // a second pass before the task ends plans nothing (no space, both servers busy)
    const again = fakeCtx(500);
    planReplicate(s, again.ctx, opts, new Set());
    expect(again.sent).toEqual([]);
    // once it expired, the pass starts after block 7 (trunk's queue order), so block 9 goes first
    const late = fakeCtx(2_000);
    const s2 = planReplicate(s, late.ctx, opts, new Set());
    expect(late.sent).toEqual([expect.objectContaining({ type: 'replicate-block', blockId: 9, source: 'ds2', dest: 'ds1' })]);
    // and then wraps round to block 7
    const later = fakeCtx(4_000);
    planReplicate(s2, later.ctx, opts, new Set());
    expect(later.sent).toEqual([expect.objectContaining({ type: 'replicate-block', blockId: 7 })]);
  });

  it('a pass plans at most has_space_in_task_queue_() / max_replication_ tasks: servers minus task entries', () => {
    const ds = Array.from({ length: 8 }, (_, i) => `ds${i + 1}`);
    const wide = produce(base, (d) => {
      d.dsConns = Object.fromEntries(ds.map((x, i) => [x, (20 + i) as never]));
      d.blocks = BlockMap.of({ '100': ['ds1'], '101': ['ds3'], '102': ['ds5'], '103': ['ds7'] }) as never;
    });
    const o4 = { ...opts, maxReplication: 4 };
    expect(planSpace(wide, 10, o4)).toBe(2);
    const first = fakeCtx(10);
    const s = planReplicate(wide, first.ctx, o4, new Set());
    // (8 - 0) / 4 = 2 tasks, though ds5..ds8 are free
    expect(first.sent).toEqual([
      expect.objectContaining({ blockId: 100, source: 'ds1', dest: 'ds2' }),
      expect.objectContaining({ blockId: 101, source: 'ds3', dest: 'ds4' }),
    ]);
    // 4 entries in flight: (8 - 4) / 4 = 1
    expect(planSpace(s, 20, o4)).toBe(1);
    const second = fakeCtx(20);
    planReplicate(s, second.ctx, o4, new Set());
    expect(second.sent).toEqual([expect.objectContaining({ blockId: 102, source: 'ds5', dest: 'ds6' })]);
    // max_replication_ 2: (8 - 0) / 2 = 4, and one source for every block means one task
    expect(planSpace(wide, 10, opts)).toBe(4);
    const oneSource = fakeCtx(10);
    planReplicate(produce(wide, (d) => { d.blocks = BlockMap.of(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [String(100 + i), ['ds1']]))) as never; }), oneSource.ctx, opts, new Set());
    expect(oneSource.sent.length).toBe(1);
  });

  it('plans nothing in safe mode, for a block under a live write lease, or without a target', () => {
    const inSafeMode = fakeCtx(10);
    planReplicate(produce(base, (d) => { d.switchTimeUs = 100; }), inSafeMode.ctx, opts, new Set());
    expect(inSafeMode.sent).toEqual([]);
    const leased = fakeCtx(10);
    planReplicate(produce(base, (d) => { d.blocks = BlockMap.of({ '7': ['ds1'] }) as never; d.blockLeases = { '7': { ds: 'ds1', expiresAtUs: 50 } }; }), leased.ctx, opts, new Set());
    expect(leased.sent).toEqual([]);
    const alone = fakeCtx(10);
    planReplicate(produce(base, (d) => { d.dsConns = { ds1: 11 as never }; }), alone.ctx, opts, new Set());
    expect(alone.sent).toEqual([]);
  });

  it('handle_complete: the task\'s seqno builds the relation and bumps the version; an unknown seqno changes nothing', () => {
    const { ctx } = fakeCtx(10);
    const planned = planReplicate(base, ctx, opts, new Set());
    const seqno = planned.replicateTasks!['7']!.seqno;
    const done = { type: 'replicate-block-done', blockId: 7, source: 'ds1', dest: 'ds2', isMove: false } as const;
    const stale = onReplicateDone(planned, nodeId('ds1'), { ...done, seqno: seqno + 100 }, fakeCtx(20).ctx, opts, new Set());
    expect(stale.blocks.get(7)).toEqual(['ds1']);
    const s = onReplicateDone(planned, nodeId('ds1'), { ...done, seqno }, fakeCtx(20).ctx, opts, new Set());
    expect(s.blocks.get(7)).toEqual(['ds1', 'ds2']);
    expect(s.blockVersions).toEqual({ '7': 2 });
    expect(s.replicateTasks!['7']).toBeUndefined();
  });

  it('a FAILURE status removes the task and builds and logs nothing, so the next pass may use its servers', () => {
    const planned = planReplicate(base, fakeCtx(10).ctx, opts, new Set());
    const seqno = planned.replicateTasks!['7']!.seqno;
    const failed = { type: 'replicate-block-done', seqno, blockId: 7, source: 'ds1', dest: 'ds2', isMove: false, isFailed: true } as const;
    const s = onReplicateDone(produce(planned, (d) => { d.replicateTasks!['7'] = { ...d.replicateTasks!['7']!, expiresAtUs: 1_000_000 }; }), nodeId('ds1'), failed, fakeCtx(20).ctx, opts, new Set());
    expect(s.replicateTasks!['7']).toBeUndefined();
    expect(s.blocks.get(7)).toEqual(['ds1']);
    expect(s.blockVersions).toEqual({});
    expect(s.oplog).toBe(planned.oplog);
    const next = fakeCtx(30);
    planReplicate(s, next.ctx, opts, new Set());
    expect(next.sent).toEqual([expect.objectContaining({ blockId: 9, source: 'ds2', dest: 'ds1' })]);
  });

  it('dataservers answer FAILURE: a source that lacks the block, a destination that holds the id under another allocation', () => {
    const sent: { to: unknown; m: { type: string; isFailed?: boolean } }[] = [];
    const ctx = { nowUs: 0, send: (to: unknown, m: never) => sent.push({ to, m }), sendDatagram: (to: unknown, m: never) => sent.push({ to, m }), append: () => undefined } as never;
    const ds = { kind: 'ds', blocks: BlockMap.of({ '7': 'a' }), conn: 5, isConnOpen: true } as unknown as DsState;
    const task = { type: 'replicate-block', seqno: 1, blockId: 8, source: 'ds1', dest: 'ds2' } as const;
    onReplicateBlock(ds, task, ctx);
    expect(sent.map((x) => [x.m.type, x.m.isFailed])).toEqual([['replicate-block-done', true]]);
    sent.length = 0;
    onCopyBlock(ds, { type: 'copy-block', seqno: 1, blockId: 7, tag: 'b', source: 'ds1', dest: 'ds2' }, ctx, 'blocks');
    expect(sent.map((x) => [x.m.type, x.m.isFailed])).toEqual([['copy-block-done', true]]);
    sent.length = 0;
    onCopyBlock(ds, { type: 'copy-block', seqno: 1, blockId: 7, tag: 'a', source: 'ds1', dest: 'ds2' }, ctx, 'blocks');
    expect(sent.map((x) => [x.m.type, x.m.isFailed])).toEqual([['copy-block-done', undefined]]);
  });
});

// S15 (issue 16): redundant-replica cleanup. A block never lists more than max_replication_ servers; a report of an
// unlisted copy of a complete block swaps in the reporter or expires it; the redundant thread logs RELIEVE_RELATION
// and deletes the copy on its DS; the slave replays the record.
import { BlockMap } from '../../../protocols/tfs/block-map.ts';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { produce } from 'immer';
import type { View } from '../../../sim/index.ts';
import { loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';
import type { NsState, TfsState } from '../../../protocols/tfs/index.ts';
import type { DsState } from '../../../protocols/tfs/state.ts';
import { DEFAULT_OPTIONS } from '../../../protocols/tfs/options.ts';
import { applyEffect, replicateComplete } from '../../../protocols/tfs/ns-support.ts';
import { excessServer, judgeUnlisted, learnReported, minReplicate, runRedundant } from '../../../protocols/tfs/redundant.ts';
import { redundantReplicasBounded } from '../../../protocols/tfs/redundant-check.ts';
import { slaveReplaysReplication } from '../../../protocols/tfs/replicate-invariant.ts';
import { REDUNDANT_PROBES } from '../../../protocols/tfs/redundant-probes.ts';
import { viewOf, fakeCtx } from './fake-view.ts';

const scenario = (name: string) => join(import.meta.dirname, `../../../scenarios/tfs/${name}.json`);

/** Run a scenario: the node states at its end, whether it passed, and the first redundant removal seen. */
function run(name: string): { end: Record<string, TfsState>; passed: boolean; firstRemoval: NsState['lastRedundant'] } {
  const end: Record<string, TfsState> = {};
  let firstRemoval: NsState['lastRedundant'];
  const o = runScenario(loadScenarioFile(scenario(name)), {
    run: {
      onEvent: (_i, _recs, view) => {
        for (const n of (view as View<TfsState>).nodes) {
          if (!n.isUp || n.state === undefined) { delete end[n.id]; continue; }
          end[n.id] = n.state;
          if (n.state.kind === 'ns' && firstRemoval === undefined) firstRemoval = n.state.lastRedundant;
        }
      },
    },
  });
  return { end, passed: o.isPassed, firstRemoval };
}

describe('tfs S15: the report rules (update_relation / check_version / choose_excess_backup_server)', () => {
  it('builds a reporter while the block has fewer than max_replication_ servers', () => {
    expect(judgeUnlisted(['ds3'], 'ds1', false, 2)).toEqual({ servers: ['ds1', 'ds3'], expire: null });
    expect(judgeUnlisted(['ds3'], 'ds1', true, 2)).toEqual({ servers: ['ds1', 'ds3'], expire: null });
  });
  it('with copies complete and no lease, the lowest machine address goes: a listed one is swapped for the reporter', () => {
    expect(judgeUnlisted(['ds1', 'ds3'], 'ds2', false, 2)).toEqual({ servers: ['ds2', 'ds3'], expire: 'ds1' });
    expect(judgeUnlisted(['ds2', 'ds3'], 'ds1', false, 2)).toEqual({ servers: ['ds2', 'ds3'], expire: 'ds1' });
    expect(excessServer(['ds10', 'ds9', 'ds12'])).toBe('ds9');
  });
  it('under a valid write lease a complete block expires the reporter itself', () => {
    expect(judgeUnlisted(['ds1', 'ds3'], 'ds2', true, 2)).toEqual({ servers: ['ds1', 'ds3'], expire: 'ds2' });
  });
  it('MIN_REPLICATE is 2, or max_replication_ when that is 1', () => {
    expect([minReplicate(1), minReplicate(2), minReplicate(3)]).toEqual([1, 2, 2]);
  });
  it('a replayed INSERT of a block already listed elsewhere builds only up to max_replication_ servers', () => {
    const s = { blocks: BlockMap.of({ '7': ['ds3', 'ds1'] }), globalBlockId: 7, maxReplication: 2 } as unknown as NsState;
    expect(applyEffect(s, { kind: 'block', cmd: 'insert', blockId: 7, servers: ['ds2'] }).blocks.get(7)).toEqual(['ds3', 'ds1']);
    expect(applyEffect({ ...s, blocks: BlockMap.of({ '7': ['ds3'] }) }, { kind: 'block', cmd: 'insert', blockId: 7, servers: ['ds2', 'ds1'] }).blocks.get(7)).toEqual(['ds3', 'ds2']);
  });
  it('a replicate END for a complete block bumps the version but builds nothing (BlockCollect::add is full)', () => {
    const s = { blocks: BlockMap.of({ '7': ['ds1', 'ds3'] }), blockVersions: {}, maxReplication: 2 } as unknown as NsState;
    const done = replicateComplete(s, 7, 'ds1', 'ds2', false);
    expect(done.blocks.get(7)).toEqual(['ds1', 'ds3']);
    expect(done.blockVersions?.['7']).toBe(2);
  });
});

describe('tfs S15: the redundant thread (build_redundant_ / pop_from_delete_queue)', () => {
  const master = (over: Partial<NsState>): NsState => ({
    role: 'master', status: 'initialized', switchTimeUs: 0, blocks: BlockMap.of({}), blockLeases: {}, dsConns: { ds1: 1, ds2: 2, ds3: 3 }, maxReplication: 2,
    oplog: null, slaveLease: null, lastMasterAct: null, isVipLocal: true, ...over,
  } as unknown as NsState);
  const opts = { ...DEFAULT_OPTIONS, reportBlockTimeUs: 1000 };

  it('a report queues the excess copy on the master', () => {
    const s = learnReported(master({ blocks: BlockMap.of({ '7': ['ds1', 'ds3'] }) }), 'ds2', [7], 0);
    expect(s.blocks.get(7)).toEqual(['ds2', 'ds3']);
    expect(s.deleteQueue).toEqual([{ blockId: 7, server: 'ds1' }]);
  });
  it('waits out the report-block window, then removes an unlisted copy of a block with MIN_REPLICATE listed servers', () => {
    const s0 = master({ blocks: BlockMap.of({ '7': ['ds2', 'ds3'] }), deleteQueue: [{ blockId: 7, server: 'ds1' }] });
    const early = fakeCtx(999);
    expect(runRedundant(s0, early.ctx, opts, new Set())).toBe(s0);
    expect(early.sent).toEqual([]);
    const { ctx, sent } = fakeCtx(1000);
    const s = runRedundant(s0, ctx, opts, new Set());
    expect(sent).toEqual([expect.objectContaining({ type: 'remove-block', blockId: 7 })]);
    expect(s.deleteQueue).toEqual([]);
    expect(s.lastRedundant).toMatchObject({ blockId: 7, server: 'ds1', listed: ['ds2', 'ds3'], min: 2, cap: 2 });
  });
  it('keeps the entry of a block below MIN_REPLICATE, drops one whose server is listed again or whose block is gone', () => {
    const s0 = master({ blocks: BlockMap.of({ '7': ['ds3'], '8': ['ds1', 'ds2'] }), deleteQueue: [{ blockId: 7, server: 'ds1' }, { blockId: 8, server: 'ds1' }, { blockId: 9, server: 'ds1' }] });
    const { ctx, sent } = fakeCtx(5000);
    const s = runRedundant(s0, ctx, opts, new Set());
    expect(sent).toEqual([]);
    expect(s.deleteQueue).toEqual([{ blockId: 7, server: 'ds1' }]);
  });
});

describe('tfs S15: redundant-copy-swapped-on-report', () => {
  const { end, passed, firstRemoval } = run('redundant-copy-swapped-on-report');
  const ns1 = end['ns1'] as NsState;
  const ns2 = end['ns2'] as NsState;
  const ds1 = end['ds1'] as DsState;

  it('the scenario meets its expectations', () => expect(passed).toBe(true));
  it('ds1 (lowest address) was swapped out for the returning ds2 and deleted its copy; the slave replayed the relieve', () => {
    expect(firstRemoval).toMatchObject({ blockId: 100101, server: 'ds1', listed: ['ds2', 'ds3'] });
    expect(ns1.blocks.get(100101)).toEqual(['ds2', 'ds3']);
    expect(ds1.blocks.get(100101)).toBeUndefined();
    // The slave replayed the RELIEVE of ds1 and, since row P25, applied ds2's report to it as well: it lists what the
    // master lists (before P25 it kept the replayed [ds3]).
    expect(ns2.blocks.get(100101)).toEqual(['ds2', 'ds3']);
    const relieves = ns1.oplog!.records.filter((r) => r.body.kind === 'block-op' && r.body.cmd === 'relieve');
    expect(relieves.map((r) => r.body)).toEqual([expect.objectContaining({ blockId: 100101, servers: ['ds1'] })]);
  });
  it('the final states pass the checks', () => {
    expect(redundantReplicasBounded.check(viewOf(end))).toBeNull();
    expect(slaveReplaysReplication.check(viewOf(end))).toBeNull();
  });
  it('planted slips fail redundant-replicas-bounded: a block beyond max_replication_, a listed copy deleted, too few left', () => {
    const over = ({ ...ns1, blocks: ns1.blocks.with(100101, ['ds1', 'ds2', 'ds3']) });
    expect(redundantReplicasBounded.check(viewOf({ ...end, ns1: over }))).toMatch(/lists block 100101 on \["ds1","ds2","ds3"\], max_replication_ 2/);
    const twice = ({ ...ns1, blocks: ns1.blocks.with(100101, ['ds2', 'ds2']) });
    expect(redundantReplicasBounded.check(viewOf({ ...end, ns1: twice }))).toMatch(/on \["ds2","ds2"\]/);
    const listed = produce(ns1, (d) => { d.lastRedundant = { ...d.lastRedundant!, listed: ['ds1', 'ds3'] }; });
    expect(redundantReplicasBounded.check(viewOf({ ...end, ns1: listed }))).toMatch(/deleted block 100101 from ds1, which it lists/);
    const few = produce(ns1, (d) => { d.lastRedundant = { ...d.lastRedundant!, listed: ['ds3'] }; });
    expect(redundantReplicasBounded.check(viewOf({ ...end, ns1: few }))).toMatch(/leaving 1 listed server\(s\) \(MIN_REPLICATE 2\)/);
  });
  it('slave-replays-replication excuses a missing destination only when the slave block is full (no free slot)', () => {
    const full = ({ ...ns2, blocks: ns2.blocks.with(100101, ['ds1', 'ds2']) });
    expect(slaveReplaysReplication.check(viewOf({ ...end, ns2: full }))).toBeNull();
    const short = ({ ...ns2, blocks: ns2.blocks.with(100101, ['ds1']) });
    expect(slaveReplaysReplication.check(viewOf({ ...end, ns2: short }))).toMatch(/REPLICATE of block 100101 to ds3/);
  });
  it('the probes read what they say: no deletion while ds1 still holds the copy, no replay before the slave has it', () => {
    const kept = ({ ...ds1, blocks: ds1.blocks.with(100101, 'x') });
    expect(REDUNDANT_PROBES['redundant-copy-deleted']!.check(viewOf({ ...end, ds1: kept }), DEFAULT_OPTIONS)).toBe('no redundant copy deleted');
    const behind = produce(ns2, (d) => { d.applied = { ...d.applied!, count: 0 }; });
    expect(REDUNDANT_PROBES['slave-replayed-redundant-relieve']!.check(viewOf({ ...end, ns2: behind }), DEFAULT_OPTIONS)).toMatch(/has not replayed seqno/);
  });
});

describe('tfs S15: redundant-copy-expired-under-lease', () => {
  const { end, passed, firstRemoval } = run('redundant-copy-expired-under-lease');
  it('the scenario meets its expectations', () => expect(passed).toBe(true));
  it('the reporter ds2 expired itself (the block was leased) and deleted its copy; the list stayed [ds1, ds3]', () => {
    expect(firstRemoval).toMatchObject({ blockId: 100101, server: 'ds2', listed: ['ds1', 'ds3'] });
    expect((end['ns1'] as NsState).blocks.get(100101)).toEqual(['ds1', 'ds3']);
    expect((end['ds2'] as DsState).blocks.get(100101)).toBeUndefined();
    expect(redundantReplicasBounded.check(viewOf(end))).toBeNull();
  });
});

describe('tfs S15: regress-1631611 (the slave was full at the replay, a later RELIEVE freed the slot)', () => {
  const { end, passed } = run('regress-1631611-slave-full-at-replay-relieved-later');
  const master = end['ns2'] as NsState;
  const slave = end['ns1'] as NsState;
  const bodies = master.oplog!.records.slice(0, slave.applied!.count).map((r) => r.body);
  const replicateAt = bodies.findIndex((b) => b.kind === 'replicate' && b.blockId === 200113 && b.dest === 'ds3');
  const relieveAt = bodies.findIndex((b) => b.kind === 'block-op' && b.cmd === 'relieve' && b.blockId === 200113);

  it('the scenario meets its expectations', () => expect(passed).toBe(true));
  it('the master logged the REPLICATE to ds3, then a RELIEVE of ds2; the slave replayed both and, with the DSs\' reports, lists what the master lists', () => {
    expect(master.blocks.get(200113)).toEqual(['ds1', 'ds3']);
    expect(replicateAt).toBeGreaterThanOrEqual(0);
    expect(relieveAt).toBeGreaterThan(replicateAt);
    expect(bodies[relieveAt]).toMatchObject({ servers: ['ds2'] });
    // Since row P25 the slave relieved ds2 by ds2's own report (5.99 s), so the REPLICATE found a free slot; ds2's later
    // report swapped ds1 out, the replayed RELIEVE of ds2 left [ds3] and ds1's report built ds1 again (before P25: [ds1]).
    expect(slave.blocks.get(200113)).toEqual(['ds1', 'ds3']);
    expect(slave.blockVersions?.['200113']).toBe(2);
    expect(slaveReplaysReplication.check(viewOf(end))).toBeNull();
  });
  it('planted slips still fail: a slot lost with no RELIEVE to explain it, or the relieved server not filling it', () => {
    const unexplained = produce(master, (d) => {
      const b = d.oplog!.records[relieveAt]!.body;
      if (b.kind === 'block-op') (b as { servers: string[] }).servers = [];
    });
    const lost = ({ ...slave, blocks: slave.blocks.with(200113, ['ds1']) });
    expect(slaveReplaysReplication.check(viewOf({ ...end, ns1: lost }))).toBeNull();
    expect(slaveReplaysReplication.check(viewOf({ ...end, ns1: lost, ns2: unexplained }))).toMatch(/REPLICATE of block 200113 to ds3 .* lists it on \["ds1"\]/);
    const none = ({ ...slave, blocks: slave.blocks.with(200113, []) });
    expect(slaveReplaysReplication.check(viewOf({ ...end, ns1: none }))).toMatch(/REPLICATE of block 200113 to ds3/);
    const kept = ({ ...slave, blocks: slave.blocks.with(200113, ['ds1', 'ds2']) });
    expect(slaveReplaysReplication.check(viewOf({ ...end, ns1: kept }))).toBeNull();
  });
});

// The tfs invariants on states from a real run, then tampered: each one holds on the run and fails on the damage.
import { emptyBlocks } from '../../../protocols/tfs/block-map.ts';
import { describe, expect, it } from 'vitest';
import { produce } from 'immer';
import { nodeId, runSimulation } from '../../../sim/index.ts';
import type { NodeView } from '../../../sim/index.ts';
import { FAST_OPTIONS, tfsProtocol } from '../../../protocols/tfs/index.ts';
import type { NsState, TfsState } from '../../../protocols/tfs/index.ts';
import { viewOf } from './fake-view.ts';

const invariant = (name: string) => tfsProtocol.invariants.find((i) => i.name === name)!;

/** Final states of a short fault-free run: ns1 master, ns2 slave sharing a lease, blocks created and shipped. */
function finalStates(): Record<string, TfsState> {
  const r = runSimulation({ protocol: tfsProtocol, seed: 3, options: FAST_OPTIONS, faultPhaseUs: 6_000_000, faults: [] });
  expect(r.verdict).toBe('pass');
  return r.finalStates as Record<string, TfsState>;
}

describe('tfs: invariants', () => {
  const states = finalStates();
  const master = states['ns1'] as NsState;
  const slave = states['ns2'] as NsState;

  it('all hold on the states of a clean run where the slave replayed records under the master lease', () => {
    expect(master.role).toBe('master');
    expect(slave.applied?.leaseKey).toBe(master.oplog?.leaseKey);
    expect(slave.applied!.count).toBeGreaterThan(0);
    // writes-under-lease judges a DS's last write against the grants it saw earlier in the run: a fresh view of the
    // final states has no history (a DS may have written under a lease it has since replaced). The run itself checked
    // it after every event and passed (finalStates); its own cases are below. ds-holds-disk-blocks compares a booted
    // DS's memory with its blocks file, which this hand-built view leaves empty (the run checked it at each boot; its
    // cases are in read-mirror-ds-checks and role-base-report-checks).
    const stateless = tfsProtocol.invariants.filter((i) => i.name !== 'writes-under-lease' && i.name !== 'ds-holds-disk-blocks');
    for (const inv of stateless) expect(inv.check(viewOf(states)), inv.name).toBeNull();
  });

  it('slave-prefix-of-master-oplog fails when a replayed record differs from the master oplog', () => {
    const bad = produce(slave, (d) => { d.applied!.hash ^= 1; });
    expect(invariant('slave-prefix-of-master-oplog').check(viewOf({ ...states, ns2: bad }))).toMatch(/differ/);
  });

  it('acked-records-applied fails when the master counts more records delivered than the slave replayed', () => {
    const bad = produce(master, (d) => { d.oplog!.ackedCount = slave.applied!.count + 1; });
    expect(invariant('acked-records-applied').check(viewOf({ ...states, ns1: bad }))).toMatch(/delivered/);
  });

  it('master-only-with-vip allows a master action before the first check_ after losing the VIP (even a long pause later), and fails after one', () => {
    const inv = invariant('master-only-with-vip');
    const within = produce(master, (d) => { d.lastMasterAct = { what: 'answer-keepalive', role: 'master', status: 'initialized', isVipLocal: false, lateUs: 3_000_000, checksSinceVipLost: 0 }; });
    expect(inv.check(viewOf({ ...states, ns1: within }))).toBeNull();
    const late = produce(master, (d) => { d.lastMasterAct = { what: 'answer-keepalive', role: 'master', status: 'initialized', isVipLocal: false, lateUs: 600_000, checksSinceVipLost: 1 }; });
    expect(inv.check(viewOf({ ...states, ns1: late }))).toMatch(/after the VIP left it/);
  });

  it('no-task-in-safe-mode fails when a task was issued before switch_time_', () => {
    const inv = invariant('no-task-in-safe-mode');
    const ok = produce(master, (d) => { d.lastTask = { atUs: 5_000_000, switchTimeUs: 4_000_000 }; });
    expect(inv.check(viewOf({ ...states, ns1: ok }))).toBeNull();
    const bad = produce(master, (d) => { d.lastTask = { atUs: 3_000_000, switchTimeUs: 4_000_000 }; });
    expect(inv.check(viewOf({ ...states, ns1: bad }))).toMatch(/in safe mode until/);
  });

  it('slave-prefix-of-master-oplog fails when the last batch replayed a record that is not the master\'s, even after a drop', () => {
    const bad = produce(slave, (d) => { d.applied!.isContiguous = false; d.applied!.lastReplayed = [[1, (master.oplog!.records[0]!.header.crc + 1) >>> 0]]; });
    expect(invariant('slave-prefix-of-master-oplog').check(viewOf({ ...states, ns2: bad }))).toMatch(/not ns1's record 1/);
  });

  it('acked-records-applied counts what the slave answered complete for (replayed or reported lost) and what the master gave up', () => {
    const inv = invariant('acked-records-applied');
    const n = slave.applied!.count;
    const reported = produce(slave, (d) => { d.applied!.count = n + 3; d.applied!.droppedCount = 3; });
    const moved = produce(master, (d) => { d.oplog!.ackedCount = n + 3; });
    expect(inv.check(viewOf({ ...states, ns1: moved, ns2: reported }))).toBeNull();
    const gaveUp = produce(master, (d) => { d.oplog!.ackedCount = n + 3; d.oplog!.givenUpCount = 3; });
    expect(inv.check(viewOf({ ...states, ns1: gaveUp }))).toBeNull();
    expect(inv.check(viewOf({ ...states, ns1: moved }))).toMatch(/delivered/);
  });

  it('no-bad-crc-applied fails once the slave applied a record with a bad CRC', () => {
    const bad = produce(slave, (d) => { d.badCrcApplied = 1; });
    expect(invariant('no-bad-crc-applied').check(viewOf({ ...states, ns2: bad }))).toMatch(/bad CRC/);
  });

  it('block-lease-exclusive fails when a second DS gets a block whose lease is still running in global time', () => {
    const ds = (blockId: number, seq: number, remainingUs: number): TfsState => ({
      kind: 'ds', conn: null, isConnOpen: false, blocks: emptyBlocks(), collisions: [], isReportDue: false, leases: {},
      lease: { blockId, expiresAtUs: remainingUs }, applying: null, applySeq: seq, lastGrant: { seq, blockId, remainingUs, from: 'ns1' }, filesWritten: 0, lastWrite: null,
    });
    const inv = invariant('block-lease-exclusive');
    const live: Record<string, TfsState> = { ds1: ds(7, 1, 1_000_000) };
    const view = viewOf(live, 0);
    expect(inv.check(view)).toBeNull();
    // After ds1's lease ran out, ds2 may have the block.
    live['ds2'] = ds(7, 1, 1_000_000);
    view.nowUs = 1_500_000;
    (view.nodes as NodeView<TfsState>[]).push({ id: nodeId('ds2'), kind: 'ds', isUp: true, isPaused: false, state: live['ds2'], disk: new Map(), incarnation: 1 });
    expect(inv.check(view)).toBeNull();
    // ds1 gets it again while ds2's lease still runs.
    (view.nodes as NodeView<TfsState>[])[0] = { ...view.nodes[0]!, state: ds(7, 2, 1_000_000) };
    view.nowUs = 2_000_000;
    expect(inv.check(view)).toMatch(/block 7 leased to ds1 while ds2 holds it/);
  });

  it('block-lease-exclusive excuses an overlap only by its exact cause: the granter got the VIP back unseen (vip-returned-unseen) after the peer granted', () => {
    const ds = (seq: number, from: string): TfsState => ({
      kind: 'ds', conn: null, isConnOpen: false, blocks: emptyBlocks(), collisions: [], isReportDue: false, leases: {},
      lease: { blockId: 7, expiresAtUs: 2_000_000 }, applying: null, applySeq: seq, lastGrant: { seq, blockId: 7, remainingUs: 2_000_000, from }, filesWritten: 0, lastWrite: null,
    });
    /** ds1 holds block 7 from ns2 at t=0; at t=1 s ds2 gets it from `granter`, whose vipReturnsUnseen went 0 -> `returns`. */
    const overlap = (granter: string, returns: number): string | null => {
      const inv = invariant('block-lease-exclusive');
      const view = viewOf({ ns1: master, ns2: slave, ds1: ds(1, 'ns2') }, 0);
      expect(inv.check(view)).toBeNull();
      const nodes = view.nodes as NodeView<TfsState>[];
      const i = nodes.findIndex((n) => n.id === 'ns1');
      nodes[i] = { ...nodes[i]!, state: produce(master, (d) => { d.vipReturnsUnseen = returns; }) };
      nodes.push({ id: nodeId('ds2'), kind: 'ds', isUp: true, isPaused: false, state: ds(1, granter), disk: new Map(), incarnation: 1 });
      view.nowUs = 1_000_000;
      return inv.check(view);
    };
    expect(master.vipReturnsUnseen).toBe(0);
    expect(overlap('ns1', 1)).toBeNull();
    expect(overlap('ns1', 0)).toMatch(/block 7 leased to ds2 while ds1 holds it for another 1000000us/);
    expect(overlap('ns2', 1)).toMatch(/block 7 leased to ds2 while ds1 holds it/);
  });

  it('writes-under-lease fails when a DS takes a write after its lease ended in global time', () => {
    const ds = (lastWrite: { seq: number; blockId: number } | null): TfsState => ({
      kind: 'ds', conn: null, isConnOpen: false, blocks: emptyBlocks(), collisions: [], isReportDue: false, leases: {},
      lease: { blockId: 9, expiresAtUs: 1_000_000 }, applying: null, applySeq: 1, lastGrant: { seq: 1, blockId: 9, remainingUs: 1_000_000, from: 'ns1' },
      filesWritten: lastWrite?.seq ?? 0, lastWrite,
    });
    const lease = invariant('block-lease-exclusive');
    const writes = invariant('writes-under-lease');
    const view = viewOf({ ds1: ds(null) }, 0);
    expect(lease.check(view)).toBeNull();
    (view.nodes as NodeView<TfsState>[])[0] = { ...view.nodes[0]!, state: ds({ seq: 1, blockId: 9 }) };
    view.nowUs = 900_000;
    expect(writes.check(view)).toBeNull();
    (view.nodes as NodeView<TfsState>[])[0] = { ...view.nodes[0]!, state: ds({ seq: 2, blockId: 9 }) };
    view.nowUs = 1_200_000;
    expect(writes.check(view)).toMatch(/ds1 took a write for block 9 200000us after its lease ended/);
  });
  it('block-servers-are-dataservers holds on the reported locations and fails on a server that is no dataserver (the ns-serve.ts:33 mutant)', () => {
    const inv = invariant('block-servers-are-dataservers');
    const blocks = master.blocks.ids.map((id, i) => [id, master.blocks.values[i]!] as const);
    expect(blocks.length).toBeGreaterThan(0);
    expect(inv.check(viewOf(states))).toBeNull();
    const [block, servers] = blocks[0]!;
    const bad = ({ ...master, blocks: master.blocks.with(block, ['Stryker was here', ...servers]) });
    expect(inv.check(viewOf({ ...states, ns1: bad }))).toMatch(new RegExp(`ns1 lists "Stryker was here" as a server of block ${block}`));
    const client = ({ ...master, blocks: master.blocks.with(block, [...servers, 'c1']) });
    expect(inv.check(viewOf({ ...states, ns1: client }))).toMatch(/"c1"/);
  });
  it('oplog-seqnos-dense holds on the master oplog of a clean run and fails on a record numbered off its place (the ns-oplog.ts:21 mutant)', () => {
    const inv = invariant('oplog-seqnos-dense');
    expect(master.oplog!.records.length).toBeGreaterThan(1);
    expect(inv.check(viewOf(states))).toBeNull();
    const n = master.oplog!.records.length;
    const bad = produce(master, (d) => { d.oplog!.records[n - 1]!.header.seqno = n - 2; });
    expect(inv.check(viewOf({ ...states, ns1: bad }))).toMatch(new RegExp(`ns1's oplog record ${n} has seqno ${n - 2}`));
  });
});

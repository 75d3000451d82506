// blocks-replicated's window grows with the copies short at the heal (replicate-drain.ts): trunk promises a planner
// rate, not a deadline. Clean grown seed 1,965,868 failed the old fixed bound while the master was still copying; a
// stalled planner must still fail the grown window.
import { BlockMap } from '../../../protocols/tfs/block-map.ts';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatUs, makeRecord, nodeId, runSimulation } from '../../../sim/index.ts';
import type { DiskRecord, NodeView, ProtocolModule, View } from '../../../sim/index.ts';
import { loadScenarioFile } from '../../../scenarios/scenario.ts';
import { scenarioRunConfig } from '../../../scenarios/to-run-config.ts';
import { tfsProtocol } from '../../../protocols/tfs/index.ts';
import type { TfsMsg, TfsOptions, TfsState } from '../../../protocols/tfs/index.ts';
import type { DsState } from '../../../protocols/tfs/state.ts';
import { DEFAULT_OPTIONS } from '../../../protocols/tfs/options.ts';
import { PLAN_PASS_US } from '../../../protocols/tfs/replicate-plan.ts';
import { livenessBoundUs } from '../../../protocols/tfs/liveness.ts';
import { copiesShortAtHeal, replicateDrainUs } from '../../../protocols/tfs/replicate-drain.ts';

const ds = (blocks: Record<string, string>): DsState => ({ kind: 'ds', blocks: BlockMap.of(blocks) } as unknown as DsState);
/** A disk record as the kernel stores it (data and its CRC). */
const rec = (data: unknown): DiskRecord => makeRecord(data);

/** A view of dataservers only (node kind 'dataserver', as the kernel names them); `null` is a down one. */
function dsView(states: Record<string, DsState | null>): View<TfsState> {
  const nodes: NodeView<TfsState>[] = Object.entries(states).map(([id, state]) => ({
    id: nodeId(id), kind: 'dataserver', isUp: state !== null, isPaused: false, state: state ?? undefined, disk: new Map(), incarnation: 1,
  }));
  return { nowUs: 0, phase: 'liveness', nodes, isNetworkHealed: true, node: (id) => nodes.find((n) => n.id === id)!, aliasHolder: () => null, canConnect: () => true };
}

describe('tfs replicate drain: the copies short at the heal', () => {
  const o = DEFAULT_OPTIONS;
  it('counts, per block a dataserver holds, the servers it lacks up to min(maxReplication, dataservers)', () => {
    const v = dsView({ ds1: ds({ 1: 'a', 2: 'b', 3: 'c' }), ds2: ds({ 1: 'a' }) });
    expect(copiesShortAtHeal(v, o)).toBe(2);
    expect(copiesShortAtHeal(v, { ...o, maxReplication: 1 })).toBe(0);
    // Three dataservers, max_replication_ 3: block 1 lacks one copy, blocks 2 and 3 two each.
    const v3 = dsView({ ds1: ds({ 1: 'a', 2: 'b', 3: 'c' }), ds2: ds({ 1: 'a' }), ds3: ds({}) });
    expect(copiesShortAtHeal(v3, { ...o, maxReplication: 3 })).toBe(5);
    // max_replication_ above the dataserver count: every server, no more.
    expect(copiesShortAtHeal(v, { ...o, maxReplication: 3 })).toBe(2);
  });

  it('a dataserver without state (down) holds nothing but still counts as a place for a copy', () => {
    expect(copiesShortAtHeal(dsView({ ds1: ds({ 1: 'a' }), ds2: null }), DEFAULT_OPTIONS)).toBe(1);
  });

  it('a dataserver the heal restarted (up, no state until its boot runs) holds what its disk holds (clean seed 2,382,701)', () => {
    const v = dsView({ ds1: ds({ 1: 'a' }), ds2: null });
    const booting = { ...v.nodes[1]!, isUp: true, disk: new Map([['blocks', [rec({ blockId: 2, tag: 'b' }), rec({ blockId: 3, tag: 'c' }), rec({ blockId: 3, tag: 'c', isRemoved: true })]]]) };
    const nodes = [v.nodes[0]!, booting];
    // ds2's disk holds block 2 (block 3 removed): block 1 lacks ds2, block 2 lacks ds1. Counting states only gave 1.
    expect(copiesShortAtHeal({ ...v, nodes, node: (id) => nodes.find((n) => n.id === id)! }, DEFAULT_OPTIONS)).toBe(2);
  });

  it('drains one copy a 1 s pass (trunk: one task per server), plus a pass, a task expiry and a safe mode of slack; nothing short adds nothing', () => {
    const f = { ...o, heartIntervalUs: 2_000_000, replicateTaskExpiredTimeUs: 3_000_000, safeModeTimeUs: 4_000_000 };
    expect(PLAN_PASS_US).toBe(1_000_000);
    expect(replicateDrainUs(0, f)).toBe(0);
    expect(replicateDrainUs(1, f)).toBe(2 * 1_000_000 + 7_000_000);
    expect(replicateDrainUs(14, f)).toBe(15 * 1_000_000 + 7_000_000);
    // The pass is trunk's constant, not heart_interval_.
    expect(replicateDrainUs(14, { ...f, heartIntervalUs: 600_000 })).toBe(replicateDrainUs(14, f));
  });
});

describe('tfs replicate drain: clean grown seed 1,965,868 (regress-1965868-replicate-backlog-window)', () => {
  const scenario = loadScenarioFile(join(import.meta.dirname, '../../../scenarios/tfs/regress-1965868-replicate-backlog-window.json'));
  const run = (p: ProtocolModule<TfsState, TfsMsg, TfsOptions>) => runSimulation(scenarioRunConfig(scenario, p as unknown as ProtocolModule));

  it('the fixed bound alone (no livenessExtraUs) fails blocks-replicated while the master is still copying', () => {
    const { livenessExtraUs: _drop, ...fixed } = tfsProtocol;
    const r = run(fixed);
    expect(r.verdict).toBe('liveness');
    expect(r.violation?.message).toContain('blocks-replicated');
  });

  it('the window grown by the backlog at the heal holds: every block reaches both dataservers', () => {
    const r = run(tfsProtocol);
    expect(r.verdict).toBe('pass');
  });

  it('a planted stall (the destination drops every copy) still fails blocks-replicated inside the grown window', () => {
    const stalled: ProtocolModule<TfsState, TfsMsg, TfsOptions> = {
      ...tfsProtocol,
      actor: {
        boot: (...a) => tfsProtocol.actor.boot(...a),
        handle: (s, input, ctx, opts, bugs) => {
          if (input.type === 'message' && input.msg.type === 'copy-block') return s;
          return tfsProtocol.actor.handle(s, input, ctx, opts, bugs);
        },
      },
    };
    const r = run(stalled);
    expect(r.verdict).toBe('liveness');
    expect(r.violation?.message).toContain('blocks-replicated');
    // The verdict names the grown window (35.2 s bound + 441 s for the 433 copies at one a pass), and the run ended at it.
    const opts = { ...DEFAULT_OPTIONS, ...scenario.options } as TfsOptions;
    const windowUs = livenessBoundUs(opts) + replicateDrainUs(433, opts);
    expect(r.violation?.message).toContain(`within ${formatUs(windowUs)} after heal`);
    expect(r.violation?.atUs).toBe(24_000_000 + windowUs);
  });
});

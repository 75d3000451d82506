// The tfs coverage key sees batches replayed before the LOGIN reply and a master's reports, short blocks, replicate tasks
// and lost blocks; ds-reapplying-for-lease needs a switched master.
import { describe, expect, it } from 'vitest';
import { produce } from 'immer';
import { nodeId, runSimulation } from '../../../sim/index.ts';
import type { NodeView, View } from '../../../sim/index.ts';
import { loadScenario, runScenario } from '../../../scenarios/scenario.ts';
import { FAST_OPTIONS, tfsProtocol } from '../../../protocols/tfs/index.ts';
import type { NsState, TfsState } from '../../../protocols/tfs/index.ts';

const coverageOf = (name: string) => runScenario(loadScenario(name)).result.coverage!;

/** Node `id`'s key with its state replaced by `s` (the view holds the run's final states). */
function keyWith(states: Record<string, TfsState>, id: string, s: TfsState): string {
  const nodes: NodeView<TfsState>[] = Object.entries({ ...states, [id]: s }).map(([nid, state]) => ({
    id: nodeId(nid), kind: state.kind, isUp: true, isPaused: false, state, disk: new Map(), incarnation: 1,
  }));
  const view: View<TfsState> = { nowUs: 0, phase: 'faults', nodes, isNetworkHealed: true, node: (nid) => nodes.find((n) => n.id === nid)!, aliasHolder: () => nodeId('ns1'), canConnect: () => true };
  return tfsProtocol.coverageKey!(view.node(nodeId(id)), view)!;
}
const slaveKey = (states: Record<string, TfsState>, s: NsState): string => keyWith(states, 'ns2', s);

describe('tfs coverage key and marks', () => {
  it('keys a slave that replayed batches before the LOGIN reply granted their lease (preLeaseApplied)', () => {
    const r = runSimulation({ protocol: tfsProtocol, seed: 3, options: FAST_OPTIONS, faultPhaseUs: 6_000_000, faults: [] });
    const states = r.finalStates as Record<string, TfsState>;
    const slave = states['ns2'] as NsState;
    expect(slave.role).toBe('slave');
    const pre = { ...slave.applied!, leaseKey: 'next-lease' };
    expect(slaveKey(states, slave)).not.toContain('+pre');
    // Waiting for the LOGIN reply with no lease: the first batch of the new lease overtook it.
    expect(slaveKey(states, produce(slave, (d) => { d.lease = null; d.preLeaseApplied = pre as typeof d.preLeaseApplied; }))).toContain('+pre:nolease');
    // Still holding the old lease while the new master's batch was replayed.
    expect(slaveKey(states, produce(slave, (d) => { d.preLeaseApplied = pre as typeof d.preLeaseApplied; }))).toContain('+pre-other');
  });

  it('keys a master\'s block reports, short or lost blocks and replicate tasks by presence (no ids or counts)', () => {
    const r = runSimulation({ protocol: tfsProtocol, seed: 3, options: FAST_OPTIONS, faultPhaseUs: 6_000_000, faults: [] });
    const states = r.finalStates as Record<string, TfsState>;
    const master = states['ns1'] as NsState;
    expect(master.role).toBe('master');
    const key = (s: NsState): string => keyWith(states, 'ns1', s);
    const ds = Object.keys(master.dsConns);
    expect(ds.length).toBeGreaterThan(1);
    // The run ends with a periodic full-report ask out to both DSs (ns-report-periodic.ts), their earlier reports kept.
    expect(key(master)).toContain('|rep:all+asked|copies:full|');
    const settled = produce(master, (d) => { d.dsReportAsks = {}; });
    expect(key(settled)).toContain('|rep:all|copies:full|');
    expect(key(produce(settled, (d) => { d.dsReported = { [ds[0]!]: true }; }))).toContain('|rep:some|');
    expect(key(produce(settled, (d) => { d.dsReported = {}; d.dsReportAsks = { [ds[0]!]: { connId: 1 as never, blocks: [] } }; }))).toContain('|rep:none+asked|');
    const someBlock = master.blocks.ids[0]!;
    expect(key(({ ...settled, blocks: settled.blocks.with(someBlock, settled.blocks.get(someBlock)!.slice(0, 1)) }))).toContain('|copies:short|');
    expect(key(({ ...settled, blocks: settled.blocks.with(someBlock, []) }))).toContain('|copies:full+lost|');
    expect(key(settled)).toContain('|!repl-task|');
    const busy = produce(settled, (d) => { d.replicateTasks = { [someBlock]: { seqno: 1, source: ds[0]!, dest: ds[1]!, expiresAtUs: 1 } }; });
    expect(key(busy)).toContain('|repl-task|');
    // Which block, which servers, which expiry: none of it is in the key.
    const other = produce(busy, (d) => { d.replicateTasks = { x: { seqno: 9, source: ds[1]!, dest: ds[0]!, expiresAtUs: 99 } }; });
    expect(key(other)).toBe(key(busy));
  });

  it('keys a master\'s delete queue, and a dataserver\'s blocks against the VIP master\'s map (presence only)', () => {
    const r = runSimulation({ protocol: tfsProtocol, seed: 3, options: FAST_OPTIONS, faultPhaseUs: 6_000_000, faults: [] });
    const states = r.finalStates as Record<string, TfsState>;
    const master = states['ns1'] as NsState;
    const key = (s: NsState): string => keyWith(states, 'ns1', s);
    const someBlock = master.blocks.ids[0]!;
    expect(key(master)).toMatch(/\|!del-queue\|/);
    const queued = produce(master, (d) => { d.deleteQueue = [{ blockId: someBlock, server: 'dsX' }]; });
    expect(key(queued)).toMatch(/\|del-queue\|/);
    // Which block or server, and how many: not in the key.
    expect(key(produce(queued, (d) => { d.deleteQueue = [...d.deleteQueue!, { blockId: 1, server: 'dsY' }]; }))).toBe(key(queued));
    // A slave has no redundant thread: no such segment.
    expect(keyWith(states, 'ns2', states['ns2']!)).not.toContain('del-queue');

    const dsId = Object.keys(states).find((id) => states[id]!.kind === 'ds')!;
    const ds = states[dsId] as Extract<TfsState, { kind: 'ds' }>;
    const dsKey = (d: TfsState, m: NsState = master): string => keyWith({ ...states, ns1: m }, dsId, d);
    expect(ds.blocks.size).toBeGreaterThan(0);
    expect(dsKey(ds)).toMatch(/\|ns:agree$/);
    // A block on the DS the master does not list on it (a report not yet applied).
    expect(dsKey(({ ...ds, blocks: ds.blocks.with(999999, 'tag') }))).toMatch(/\|ns:unlisted$/);
    // The master lists the DS for a block it no longer holds (a wiped disk), and both at once.
    const held = ds.blocks.ids.find((b) => master.blocks.get(b)?.includes(dsId))!;
    const wiped = ({ ...ds, blocks: ds.blocks.without([held]) });
    expect(dsKey(wiped)).toMatch(/\|ns:stale$/);
    expect(dsKey(({ ...wiped, blocks: wiped.blocks.with(999999, 'tag') }))).toMatch(/\|ns:unlisted\+stale$/);
    // No initialized master at the VIP: no comparison.
    expect(dsKey(ds, produce(master, (d) => { d.role = 'slave'; }))).toMatch(/\|ns:-$/);
    // Which block is missing is not in the key.
    const other = ds.blocks.ids.filter((b) => master.blocks.get(b)?.includes(dsId)).find((b) => b !== held);
    if (other !== undefined) expect(dsKey(({ ...ds, blocks: ds.blocks.without([other]) }))).toBe(dsKey(wiped));
  });

  it('keys what a nameserver carries from earlier turns, by presence: a re-dialled peer link, a VIP returned unseen, a stepped-down or re-logged-in slave', () => {
    const r = runSimulation({ protocol: tfsProtocol, seed: 3, options: FAST_OPTIONS, faultPhaseUs: 6_000_000, faults: [] });
    const states = r.finalStates as Record<string, TfsState>;
    const master = states['ns1'] as NsState;
    const slave = states['ns2'] as NsState;
    const key = (s: NsState): string => keyWith(states, 'ns1', s);
    expect(key(master)).toMatch(/\|!del-queue\|!peer-dial\|!vip-returned$/);
    // Closed and being re-dialled, against closed with no dial out.
    expect(key(produce(master, (d) => { d.isPeerConnOpen = false; }))).toMatch(/\|!peer\|.*\|peer-dial\|/);
    expect(key(produce(master, (d) => { d.isPeerConnOpen = false; d.peerConn = null; }))).toMatch(/\|!peer-dial\|/);
    expect(key(produce(master, (d) => { d.vipReturnsUnseen = 1; }))).toMatch(/\|vip-returned$/);
    // How many times: not in the key.
    expect(key(produce(master, (d) => { d.vipReturnsUnseen = 3; }))).toBe(key(produce(master, (d) => { d.vipReturnsUnseen = 1; })));
    expect(slaveKey(states, slave)).toMatch(/\|!peer-dial\|!stepped-down\|(!)?relogin$/);
    expect(slaveKey(states, produce(slave, (d) => { d.switchCount = 2; }))).toMatch(/\|stepped-down\|/);
    expect(slaveKey(states, produce(slave, (d) => { d.loginCount = 1; }))).toMatch(/\|!relogin$/);
    expect(slaveKey(states, produce(slave, (d) => { d.loginCount = 2; }))).toMatch(/\|relogin$/);
    expect(slaveKey(states, produce(slave, (d) => { d.loginCount = 5; }))).toBe(slaveKey(states, produce(slave, (d) => { d.loginCount = 2; })));
    // A slave never keys vip-returned, a master never stepped-down or relogin.
    expect(slaveKey(states, produce(slave, (d) => { d.vipReturnsUnseen = 1; }))).not.toContain('vip-returned');
    expect(key(produce(master, (d) => { d.switchCount = 1; d.loginCount = 3; }))).not.toMatch(/stepped-down|relogin/);
  });

  it('reaches ds-reapplying-for-lease after a failover (a DS applies into the new master\'s safe window), not without one', () => {
    const hit = coverageOf('tfs/master-crash').marks['ds-reapplying-for-lease'];
    expect(hit).not.toBeNull();
    expect(coverageOf('tfs/slave-restart-login-renew').marks['ds-reapplying-for-lease']).toBeNull();
  });
});

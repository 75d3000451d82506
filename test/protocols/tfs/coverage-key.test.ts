// The tfs coverage key sees batches replayed before the LOGIN reply; ds-reapplying-for-lease needs a switched master.
import { describe, expect, it } from 'vitest';
import { produce } from 'immer';
import { nodeId, runSimulation } from '../../../sim/index.ts';
import type { NodeView, View } from '../../../sim/index.ts';
import { loadScenario, runScenario } from '../../../scenarios/scenario.ts';
import { FAST_OPTIONS, tfsProtocol } from '../../../protocols/tfs/index.ts';
import type { NsState, TfsState } from '../../../protocols/tfs/index.ts';

const coverageOf = (name: string) => runScenario(loadScenario(name)).result.coverage!;

/** The slave's key with `ns2` replaced by `s` (the view holds the run's final states). */
function slaveKey(states: Record<string, TfsState>, s: NsState): string {
  const nodes: NodeView<TfsState>[] = Object.entries({ ...states, ns2: s }).map(([id, state]) => ({
    id: nodeId(id), kind: state.kind, isUp: true, isPaused: false, state, disk: new Map(), incarnation: 1,
  }));
  const view: View<TfsState> = { nowUs: 0, phase: 'faults', nodes, isNetworkHealed: true, node: (id) => nodes.find((n) => n.id === id)!, aliasHolder: () => nodeId('ns1'), canConnect: () => true };
  return tfsProtocol.coverageKey!(view.node(nodeId('ns2')), view)!;
}

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

  it('reaches ds-reapplying-for-lease after a failover (a DS applies into the new master\'s safe window), not without one', () => {
    const hit = coverageOf('tfs/master-crash').marks['ds-reapplying-for-lease'];
    expect(hit).not.toBeNull();
    expect(coverageOf('tfs/slave-restart-login-renew').marks['ds-reapplying-for-lease']).toBeNull();
  });
});

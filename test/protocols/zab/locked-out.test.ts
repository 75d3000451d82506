// Seed 1784's triage: a server whose acceptedEpoch is ahead of the established leader's epoch is turned away (a real
// 3.8 hazard, anomaly accepted-epoch-ahead-of-leader); liveness exempts it, but only that exact situation.
import { describe, expect, it } from 'vitest';
import type { NodeId, NodeView, View } from '../../../sim/index.ts';
import { loadScenario, runScenario } from '../../../scenarios/scenario.ts';
import { ensembleMissing } from '../../../protocols/zab/roles.ts';
import type { LearnerRole, ZabNode } from '../../../protocols/zab/state.ts';

const outcome = runScenario(loadScenario('zab/accepted-epoch-ahead-of-leader'));
const finals = outcome.result.finalStates as Record<string, ZabNode>;

/** A view of the scenario's final states, with some servers' states replaced. */
function viewWith(changes: Record<string, (s: ZabNode) => ZabNode>): View<ZabNode> {
  const nodes: NodeView<ZabNode>[] = Object.keys(finals).sort().map((id) => ({
    id: id as NodeId, kind: 'node', isUp: true, isPaused: false, disk: new Map(), incarnation: 1,
    state: (changes[id] ?? ((s: ZabNode) => s))(finals[id]!),
  }));
  return {
    nowUs: 0, phase: 'liveness', nodes, isNetworkHealed: true, aliasHolder: () => null, canConnect: () => true,
    node: (id) => nodes.find((n) => n.id === id)!,
  };
}

describe('zab: accepted-epoch-ahead-of-leader (seed 1784)', () => {
  it('the shrunk seed passes, reports the anomaly, and ends with n3 turned away by n2 in epoch 1', () => {
    expect(outcome.result.verdict).toBe('pass');
    expect(outcome.result.anomalies['accepted-epoch-ahead-of-leader']).toBeGreaterThanOrEqual(1);
    expect(finals['n3']!.acceptedEpoch).toBe(2);
    expect(finals['n3']!.refusedLeader).toEqual({ leader: 'n2', epoch: 1 });
    expect(ensembleMissing(viewWith({}))).toBeNull();
  });

  it('still fails liveness for a server with a newer acceptedEpoch that the leader has not turned away', () => {
    expect(ensembleMissing(viewWith({ n3: (s) => ({ ...s, refusedLeader: null }) }))).toMatch(/n3 is .* not synced with n2/);
  });

  it('still fails liveness for a locked-out server that follows some other leader', () => {
    const elsewhere = (s: ZabNode): ZabNode => ({ ...s, state: 'FOLLOWING', role: { ...(finals['n1']!.role as LearnerRole), leader: 'n3' as NodeId } });
    expect(ensembleMissing(viewWith({ n3: elsewhere }))).toMatch(/n3 is FOLLOWING/);
  });

  it('still fails liveness when the locked-out servers leave the leader without a quorum', () => {
    const lockedOut = (s: ZabNode): ZabNode => ({ ...finals['n3']!, id: s.id, sid: s.sid });
    expect(ensembleMissing(viewWith({ n1: lockedOut }))).toMatch(/no quorum left/);
  });
});

// A server refused to start in 3.8's epoch crash window (anomaly epoch-crash-window-unbootable) needs an operator:
// leader-established exempts exactly that refusal (not one with currentEpoch.tmp on disk, not another refusal), and
// the liveness predicates ask nothing only when such refusals leave no quorum.
import { describe, expect, it } from 'vitest';
import { makeRecord } from '../../../sim/index.ts';
import type { DiskContents, NodeId, NodeView, View } from '../../../sim/index.ts';
import { loadScenario, runScenario } from '../../../scenarios/scenario.ts';
import { ZAB_LIVENESS, ensembleMissing, isQuorumLostToEpochWindow } from '../../../protocols/zab/roles.ts';
import type { ZabNode } from '../../../protocols/zab/state.ts';

const outcome = runScenario(loadScenario('zab/epoch-crash-window-unbootable'));
const finals = outcome.result.finalStates as Record<string, ZabNode>;
const leaderEstablished = ZAB_LIVENESS[0]!;

/** A view of the scenario's final states, with some servers' states replaced and some disks given. */
function viewWith(changes: Record<string, (s: ZabNode) => ZabNode> = {}, disks: Record<string, DiskContents> = {}): View<ZabNode> {
  const nodes: NodeView<ZabNode>[] = Object.keys(finals).sort().map((id) => ({
    id: id as NodeId, kind: 'node', isUp: true, isPaused: false, disk: disks[id] ?? new Map(), incarnation: 1,
    state: (changes[id] ?? ((s: ZabNode) => s))(finals[id]!),
  }));
  return {
    nowUs: 0, phase: 'liveness', nodes, isNetworkHealed: true, aliasHolder: () => null, canConnect: () => true,
    node: (id) => nodes.find((n) => n.id === id)!,
  };
}

/** n1's refused state moved onto another server. */
const refusedAs = (s: ZabNode): ZabNode => ({ ...finals['n1']!, id: s.id, sid: s.sid });

describe('zab: liveness with a server refused in the epoch crash window', () => {
  it('the scenario ends with n1 refused in the window (counted) and the others synced: leader-established holds', () => {
    expect(outcome.result.verdict).toBe('pass');
    expect(outcome.result.anomalies['epoch-crash-window-unbootable']).toBe(1);
    expect(finals['n1']!.bootError).toMatch(/older than the last zxid's epoch/);
    expect(ensembleMissing(viewWith())).toBeNull();
    expect(isQuorumLostToEpochWindow(viewWith())).toBe(false);
  });

  it('not exempt: the same refusal with currentEpoch.tmp on disk (3.8 would have started), or another refusal', () => {
    const tmp: DiskContents = new Map([['currentEpoch.tmp', [makeRecord(2)]]]);
    expect(ensembleMissing(viewWith({}, { n1: tmp }))).toMatch(/n1 refused to start/);
    const acceptedBelow = (s: ZabNode): ZabNode => ({ ...s, currentEpoch: 9, bootError: 'The accepted epoch, 2, is less than the current epoch, 9' });
    expect(ensembleMissing(viewWith({ n1: acceptedBelow }))).toMatch(/n1 refused to start: The accepted epoch/);
  });

  it('asks nothing when window refusals leave no quorum, and still fails when a refusal of another kind does', () => {
    const two = viewWith({ n2: refusedAs, n3: refusedAs });
    expect(isQuorumLostToEpochWindow(two)).toBe(true);
    expect(leaderEstablished.check(two)).toBeNull();
    const other = viewWith({ n2: (s) => ({ ...refusedAs(s), currentEpoch: 9, bootError: 'The accepted epoch, 2, is less than the current epoch, 9' }) });
    expect(isQuorumLostToEpochWindow(other)).toBe(false);
    expect(leaderEstablished.check(other)).not.toBeNull();
  });
});

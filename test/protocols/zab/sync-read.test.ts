// ZooKeeper's sync+read (Leader.processSync, FIDELITY row P9): a deposed leader's stale answer is the permitted anomaly
// sync-read-from-deposed-leader and only that reply is excused; a sync-get answered in the established epoch is checked.
import { describe, expect, it } from 'vitest';
import type { ClientOp, NodeId, NodeView, ProtocolModule, View } from '../../../sim/index.ts';
import { runSimulation } from '../../../sim/index.ts';
import { checkRunHistory } from '../../../sim/checker/index.ts';
import { loadScenario, runScenario } from '../../../scenarios/scenario.ts';
import { scenarioRunConfig } from '../../../scenarios/to-run-config.ts';
import { zabProtocol } from '../../../protocols/zab/index.ts';
import type { ZabMsg } from '../../../protocols/zab/messages.ts';
import type { ZabOptions } from '../../../protocols/zab/options.ts';
import { zabModel } from '../../../protocols/zab/sequential-model.ts';
import { excuseSyncRead, establishedEpoch } from '../../../protocols/zab/sync-excuse.ts';
import { DEFAULT_ZAB_OPTIONS } from '../../../protocols/zab/options.ts';
import type { LeaderRole, ZabNode } from '../../../protocols/zab/state.ts';

const deposed = runScenario(loadScenario('zab/sync-read-from-deposed-leader'));
const syncGets = deposed.result.history.filter((h) => h.op.type === 'sync-get');
const finals = deposed.result.finalStates as Record<string, ZabNode>;

/** The scenario's final states (n2 leads epoch 2, n1 and n3 follow), with some servers' states replaced. */
function viewWith(changes: Record<string, (s: ZabNode) => ZabNode>, down: readonly string[] = []): View<ZabNode> {
  const nodes: NodeView<ZabNode>[] = Object.keys(finals).sort().map((id) => ({
    id: id as NodeId, kind: 'participant', isUp: !down.includes(id), isPaused: false, disk: new Map(), incarnation: 1,
    state: down.includes(id) ? undefined : (changes[id] ?? ((s: ZabNode) => s))(finals[id]!),
  }));
  return {
    nowUs: 0, phase: 'faults', nodes, isNetworkHealed: true, aliasHolder: () => null, canConnect: () => true,
    node: (id) => nodes.find((n) => n.id === id)!,
  };
}
const asOldLeader = (s: ZabNode): ZabNode => ({ ...s, currentEpoch: 1, role: { ...(finals['n2']!.role as LeaderRole), epoch: 1 } });
const syncGet: ClientOp = { type: 'sync-get', path: '/a' };
const o = DEFAULT_ZAB_OPTIONS;

describe('zab: sync-read-from-deposed-leader', () => {
  it('the deposed leader n3 answers stale and only that reply is excused', () => {
    expect(deposed.result.verdict).toBe('pass');
    expect(deposed.result.anomalies['sync-read-from-deposed-leader']).toBe(1);
    const [atN3, atN2] = syncGets;
    expect(atN3!.node).toBe('n3');
    expect(atN3!.result).toMatchObject({ ok: true, value: 1 });
    expect(atN3!.excused).toBe('sync-read-from-deposed-leader');
    expect(atN2!.node).toBe('n2');
    expect(atN2!.result).toMatchObject({ ok: true, value: 2 });
    expect(atN2!.excused).toBeUndefined();
  });

  it('without the excuse the same history is not linearizable (the stale read is real)', () => {
    const stripped = deposed.result.history.map(({ excused: _excused, ...h }) => h);
    expect(checkRunHistory(zabModel, stripped).verdict).toBe('illegal');
  });

  it('a stale sync-get answered by the current leader still fails', () => {
    const staleAtN2 = deposed.result.history.map((h) => (h === syncGets[1] ? { ...h, result: { ok: true, value: 1, version: 0 } } : h));
    expect(checkRunHistory(zabModel, staleAtN2).verdict).toBe('illegal');
    expect(excuseSyncRead(viewWith({}), 'n2' as NodeId, syncGet, { ok: true, value: 1 }, o)).toBeNull();
  });

  it('end to end: the current leader n2 answering its sync-get stale fails linearizability (the excuse does not cover it)', () => {
    // The same run, but n2 answers the sync-get with the value /a had before n2's own write (a stale current leader).
    const staleN2: ProtocolModule<ZabNode, ZabMsg, ZabOptions> = {
      ...zabProtocol,
      actor: {
        ...zabProtocol.actor,
        handle(s, input, ctx, opts, bugs) {
          if (input.type === 'client' && input.op.type === 'sync-get' && ctx.self === 'n2') {
            ctx.reply(input.reqId, { ok: true, value: 1, version: 0 });
            return s;
          }
          return zabProtocol.actor.handle(s, input, ctx, opts, bugs);
        },
      },
    };
    const r = runSimulation(scenarioRunConfig(loadScenario('zab/sync-read-from-deposed-leader'), staleN2 as ProtocolModule));
    expect(r.anomalies['sync-read-from-deposed-leader']).toBe(1); // n3's answer, still excused
    expect(r.history.find((h) => h.node === 'n2' && h.op.type === 'sync-get')!.excused).toBeUndefined();
    expect(r.linearizability?.verdict).toBe('illegal');
    expect(r.violation?.name).toBe('linearizability');
  });

  it('the excuse needs an epoch a quorum has taken: a leader of the newest epoch, or a lone newer one, is not excused', () => {
    expect(establishedEpoch(viewWith({}), o)).toBe(2);
    expect(excuseSyncRead(viewWith({ n3: asOldLeader }), 'n3' as NodeId, syncGet, null, o)?.anomaly).toBe('sync-read-from-deposed-leader');
    // Only n2 holds epoch 2 (n1 is back at 1): epoch 2 is not established, n3's epoch-1 answer is checked.
    const n1Old = (s: ZabNode): ZabNode => ({ ...s, currentEpoch: 1 });
    expect(establishedEpoch(viewWith({ n1: n1Old, n3: asOldLeader }), o)).toBe(1);
    expect(excuseSyncRead(viewWith({ n1: n1Old, n3: asOldLeader }), 'n3' as NodeId, syncGet, null, o)).toBeNull();
    // Plain gets and writes are never excused.
    expect(excuseSyncRead(viewWith({ n3: asOldLeader }), 'n3' as NodeId, { type: 'get', path: '/a' }, null, o)).toBeNull();
  });

  it('with syncConfirmsLeadership the deposed leader never answers: no anomaly, linearizable', () => {
    const confirmed = runScenario(loadScenario('zab/sync-read-confirmed-leadership'));
    expect(confirmed.result.verdict).toBe('pass');
    expect(confirmed.result.anomalies['sync-read-from-deposed-leader']).toBeUndefined();
    const atN3 = confirmed.result.history.find((h) => h.op.type === 'sync-get' && h.node === 'n3');
    expect(atN3!.outcome).toBe('unknown');
    expect(confirmed.result.linearizability?.verdict).toBe('ok');
  });
});

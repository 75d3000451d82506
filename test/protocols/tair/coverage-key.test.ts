// The tair configserver key sees the (perturbed) server_down_time: its dataservers and its peer against their windows.
import { describe, expect, it } from 'vitest';
import { produce } from 'immer';
import { loadScenario, runScenario } from '../../../scenarios/scenario.ts';
import { nodeId } from '../../../sim/index.ts';
import type { NodeView, View } from '../../../sim/index.ts';
import { tairProtocol } from '../../../protocols/tair/index.ts';
import type { CsState, TairState } from '../../../protocols/tair/state.ts';
import { tairCoverageKeyFresh } from '../../../protocols/tair/coverage.ts';

/** The distinct values of the configserver keys' field that starts with `prefix`. */
function fieldOf(name: string, prefix: string): Set<string> {
  const keys = runScenario(loadScenario(name)).result.coverage!.keys.filter((k) => k.startsWith('cs|'));
  return new Set(keys.map((k) => k.split('|').find((f) => f.startsWith(prefix))).filter((f) => f !== undefined));
}

/** cs0's key with its state replaced by `s`, in a view of the run's final states. */
function cs0KeyWith(states: Record<string, TairState>, s: CsState): string {
  const nodes: NodeView<TairState>[] = Object.entries({ ...states, cs0: s }).map(([nid, state]) => ({
    id: nodeId(nid), kind: state.kind, isUp: true, isPaused: false, state, disk: new Map(), incarnation: 1,
  }));
  const view: View<TairState> = { nowUs: 0, phase: 'faults', nodes, isNetworkHealed: true, node: (nid) => nodes.find((n) => n.id === nid)!, aliasHolder: () => null, canConnect: () => true };
  const key = tairProtocol.coverageKey!(view.node(nodeId('cs0')), view)!;
  // The remembered text (interned by codes of every printed field) is the text csKey builds afresh.
  expect(key).toBe(tairCoverageKeyFresh(view.node(nodeId('cs0')), view));
  return key;
}

describe('tair coverage key', () => {
  it('sees a dataserver inside its down window only while the connect probe still reaches it', () => {
    // A crashed DS fails the probe: DOWN at the first loop past server_down_time, never seen stale.
    expect(fieldOf('tair/ds-crash', 'ds-win:')).toEqual(new Set(['ds-win:fresh', 'ds-win:quiet']));
    // A hung DS answers the probe: it stays alive past server_down_time until HEAD's 2x rule marks it DOWN.
    expect(fieldOf('tair/hung-dataserver-head-rule', 'ds-win:')).toContain('ds-win:stale');
  });

  it('sees the peer configserver go quiet, DOWN, and heard again across a partition', () => {
    expect(fieldOf('tair/ds-crash', 'peer-win:')).toEqual(new Set(['peer-win:fresh']));
    expect(fieldOf('tair/cs-partition', 'peer-win:')).toEqual(new Set(['peer-win:fresh', 'peer-win:quiet', 'peer-win:heard', 'peer-win:silent']));
  });

  it('sees a configserver\'s link to its peer, its start-up pull, its group.conf push and a pending bucket-switch push', () => {
    // A configserver restarting pulls the peer's conf, then its data, over a link it dials (messages queued meanwhile).
    expect(fieldOf('tair/master-crash-return', 'pull:')).toEqual(new Set(['pull:conf', 'pull:data']));
    expect(fieldOf('tair/master-crash-return', 'link:')).toEqual(new Set(['link:-', 'link:dial', 'link:dial+queued', 'link:open']));
    // A new table after a DS crash: group.conf pushed to the slave, buckets switched for the next loop to push.
    expect(fieldOf('tair/ds-crash', 'conf:')).toEqual(new Set(['conf:-', 'conf:pushed']));
    expect(fieldOf('tair/ds-crash', 'syn-mig')).toEqual(new Set(['syn-mig']));
    // Without a restart there is no pull.
    expect(fieldOf('tair/startup-set-master-timeout', 'pull:')).toEqual(new Set());
    // A push whose connection broke is due again (presence only: which connection is not in the key).
    const states = runScenario(loadScenario('tair/ds-crash')).result.finalStates as Record<string, TairState>;
    const cs0 = states['cs0'] as CsState;
    expect(cs0KeyWith(states, cs0)).toContain('|conf:-|');
    expect(cs0KeyWith(states, produce(cs0, (d) => { d.isConfResendDue = true; }))).toContain('|conf:resend|');
    expect(cs0KeyWith(states, produce(cs0, (d) => { d.confPushConn = 7 as never; }))).toBe(cs0KeyWith(states, produce(cs0, (d) => { d.confPushConn = 9 as never; })));
  });

  it('sees a dataserver waiting for its admin configurations after a restart', () => {
    const last = (name: string): Set<string> => new Set(runScenario(loadScenario(name)).result.coverage!.keys.filter((k) => k.startsWith('ds|')).map((k) => k.split('|').pop()!));
    expect(last('tair/dataserver-restart-not-ready')).toEqual(new Set(['cfg-inited', '!cfg-inited']));
    expect(last('tair/ds-crash')).toEqual(new Set(['cfg-inited']));
  });

  it('tells apart configserver states that differ in one printed field (the remembered texts are keyed by every one)', () => {
    const states = runScenario(loadScenario('tair/ds-crash')).result.finalStates as Record<string, TairState>;
    const cs0 = states['cs0'] as CsState;
    const dsId = Object.keys(cs0.ds)[0]!;
    const variants: CsState[] = [
      cs0,
      produce(cs0, (d) => { d.phase = 'syncing'; }),
      produce(cs0, (d) => { d.masterId = null; }),
      produce(cs0, (d) => { d.masterId = 'cs1'; }),
      produce(cs0, (d) => { d.peer.status = 'down'; }),
      produce(cs0, (d) => { d.peer.lastTimeUs = d.curTimeUs - 3 * d.conf.serverDowntimeUs; }),
      produce(cs0, (d) => { d.table.version += 1; }),
      produce(cs0, (d) => { d.isBuildQueued = !d.isBuildQueued; }),
      produce(cs0, (d) => { d.isSendTablePending = !d.isSendTablePending; }),
      produce(cs0, (d) => { d.changedAtUs = d.changedAtUs === null ? 1 : null; }),
      produce(cs0, (d) => { d.isForceRebuild = !d.isForceRebuild; }),
      produce(cs0, (d) => { d.downSlaveConfigServer = d.downSlaveConfigServer === null ? 'cs1' : null; }),
      produce(cs0, (d) => { d.table.isBuildError = !d.table.isBuildError; }),
      produce(cs0, (d) => { d.ds[dsId]!.status = 'force-down'; }),
      produce(cs0, (d) => { d.ds[dsId]!.lastTimeUs = d.curTimeUs - 3 * d.conf.serverDowntimeUs; }),
      produce(cs0, (d) => { d.syncWaiting = ['data']; }),
      produce(cs0, (d) => { d.isConfResendDue = !d.isConfResendDue; }),
      produce(cs0, (d) => { d.shouldSynMigInfo = !d.shouldSynMigInfo; }),
      produce(cs0, (d) => { delete (d.links as Record<string, unknown>)['cs1']; }),
    ];
    const keys = variants.map((v) => cs0KeyWith(states, v));
    expect(new Set(keys).size).toBe(variants.length);
  });
});

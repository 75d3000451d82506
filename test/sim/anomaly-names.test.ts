// Declared anomaly names (ProtocolModule.anomalies, sim/anomaly-names.ts): the kernel refuses to count a name the
// protocol does not declare, and loading refuses a scenario expecting one (a typo must not read "seen 0 times").
import { describe, expect, it } from 'vitest';
import { produce } from 'immer';
import { ms, nodeId, runSimulation } from '../../sim/testing.ts';
import type { Actor, ProtocolModule } from '../../sim/index.ts';
import { declaredAnomalyNames } from '../../sim/index.ts';
import { validateScenario } from '../../scenarios/load.ts';
import { InputError } from '../../scenarios/errors.ts';
import { registeredProtocols } from '../../scenarios/registry.ts';

interface S { readonly ticks: number }
type M = { readonly type: 'never' };

// One node counts "hiccup" at its third tick.
const actor: Actor<S, M, object> = {
  boot(_node, _disk, ctx) { ctx.setTimer('tick', ms(1)); return { ticks: 0 }; },
  handle(s, input, ctx) {
    if (input.type !== 'timer') return s;
    if (s.ticks === 2) ctx.anomaly('hiccup', 'third tick');
    if (s.ticks < 5) ctx.setTimer('tick', ms(1));
    return produce(s, (d) => { d.ticks++; });
  },
};

const toy = (anomalies?: Readonly<Record<string, string>>): ProtocolModule<S, M, object> => ({
  name: 'hiccups', description: 'one node with a hiccup', defaultOptions: {}, optionDocs: {},
  nodes: () => [{ id: nodeId('h1'), kind: 'ticker' }],
  actor, isMessage: (x): x is M => false, roles: () => ({}),
  invariants: [], liveness: [], livenessBoundUs: () => ms(1), bugs: [],
  faultBudget: { maxDownNodes: 0, fuzzFaultPhaseUs: ms(20), fuzzStepsMax: 0 },
  ...(anomalies === undefined ? {} : { anomalies }),
});
const run = (p: ProtocolModule<S, M, object>) => runSimulation({ protocol: p, seed: 1, faultPhaseUs: ms(20), workload: 'none' });

describe('kernel: declared anomaly names', () => {
  it('counts a declared name', () => {
    const r = run(toy({ hiccup: 'the third tick' }));
    expect(r.verdict).toBe('pass');
    expect(r.anomalies).toEqual({ hiccup: 1 });
  });

  it('ends the run as a crash naming an undeclared one', () => {
    const r = run(toy({ other: 'something else' }));
    expect(r.verdict).toBe('crash');
    expect(r.violation?.message).toMatch(/counted the anomaly "hiccup", which it does not declare/);
  });

  it('checks nothing for a protocol that declares no list (test fixtures)', () => {
    expect(run(toy()).anomalies).toEqual({ hiccup: 1 });
  });

  it('every registered protocol declares its list, anomaly probes included', () => {
    for (const p of registeredProtocols()) {
      const names = declaredAnomalyNames(p);
      expect(names, p.name).not.toBeNull();
      for (const a of p.anomalyProbes ?? []) expect(names!.has(typeof a === 'string' ? a : a.name), p.name).toBe(true);
    }
  });
});

describe('loading: expected anomaly and probe names', () => {
  const zab = (expect: unknown[]) => ({ protocol: 'zab', description: 'x', duration: '1s', expect });
  const message = (raw: unknown): string => {
    try { validateScenario('t.json', raw); } catch (e) { expect(e).toBeInstanceOf(InputError); return (e as Error).message; }
    return 'loaded';
  };

  it('refuses an unknown anomaly with its field and the closest name', () => {
    expect(message(zab([{ verdict: 'pass' }, { anomaly: 'follower-ahead-of-leadr', atLeast: 1 }])))
      .toMatch(/^t\.json: expect\[1\]\.anomaly: expected an anomaly zab can count \(did you mean "follower-ahead-of-leader"\?\).*found "follower-ahead-of-leadr"/);
  });

  it('accepts node-counted and probe-counted anomalies', () => {
    expect(message(zab([{ anomaly: 'follower-ahead-of-leader', atMost: 0 }, { anomaly: 'acked-history-from-page-cache', atMost: 0 }]))).toBe('loaded');
  });

  it('refuses an unknown probe with its field', () => {
    expect(message(zab([{ probe: 'ensemble-formd', atEnd: true }]))).toMatch(/^t\.json: expect\[0\]\.probe: expected a probe of zab \(did you mean "ensemble-formed"\?\)/);
  });
});

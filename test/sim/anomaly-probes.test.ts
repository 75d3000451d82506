// Checker-side anomalies (ProtocolModule.anomalyProbes, sim/anomaly-probes.ts): counted once per rising edge, traced,
// evaluated only after events that changed a node, and only in runs that check invariants.
import { describe, expect, it } from 'vitest';
import { produce } from 'immer';
import { ms, nodeId, runSimulation } from '../../sim/testing.ts';
import type { Actor, AnomalyProbe, ProtocolModule, RunConfig } from '../../sim/index.ts';

// One node counts ticks (1 ms apart, 20 of them); an idle timer fires in between and changes nothing.
interface TickState { readonly ticks: number }
type TickMsg = { readonly type: 'never' };
const TICKS = 20;

const actor: Actor<TickState, TickMsg, object> = {
  boot(_node, _disk, ctx) {
    ctx.setTimer('idle', ms(0.5));
    ctx.setTimer('tick', ms(1));
    return { ticks: 0 };
  },
  handle(s, input, ctx) {
    if (input.type !== 'timer') return s;
    if (input.name === 'idle') {
      if (s.ticks < TICKS) ctx.setTimer('idle', ms(1));
      return s;
    }
    if (s.ticks + 1 < TICKS) ctx.setTimer('tick', ms(1));
    return produce(s, (d) => { d.ticks++; });
  },
};

const ticksOf = (v: { nodes: readonly { state: TickState | undefined }[] }): number => v.nodes[0]!.state?.ticks ?? 0;
let evaluations = 0;
// Present for ticks 3-5 and 10-12: two rising edges, each present over three changing events.
const windows: AnomalyProbe<TickState> = {
  name: 'windows', description: 'ticks in 3..5 or 10..12',
  present(view) {
    evaluations++;
    const t = ticksOf(view);
    return (t >= 3 && t <= 5) || (t >= 10 && t <= 12) ? `ticks ${t}` : null;
  },
};

const toy = (anomalyProbes?: NonNullable<ProtocolModule<TickState>['anomalyProbes']>): ProtocolModule<TickState, TickMsg, object> => ({
  name: 'ticker', description: 'one node counting ticks', defaultOptions: {}, optionDocs: {},
  nodes: () => [{ id: nodeId('t1'), kind: 'ticker' }],
  actor, isMessage: (x): x is TickMsg => false, roles: () => ({}),
  invariants: [], liveness: [], livenessBoundUs: () => ms(1), bugs: [],
  faultBudget: { maxDownNodes: 0, fuzzFaultPhaseUs: ms(30), fuzzStepsMax: 0 },
  // A scenario probe used as an anomaly by name: holds at tick 16 only.
  probes: { 'tick-16': { description: 'the node is at tick 16', check: (view) => (ticksOf(view) === 16 ? null : 'not at 16') } },
  ...(anomalyProbes === undefined ? {} : { anomalyProbes }),
});

const run = (p: ProtocolModule<TickState, TickMsg, object>, extra: Partial<RunConfig> = {}) =>
  runSimulation({ protocol: p, seed: 1, faultPhaseUs: ms(30), workload: 'none', traceFull: true, ...extra });

describe('kernel: checker-side anomaly probes', () => {
  it('counts once per rising edge: once while present, again after absent -> present', () => {
    const r = run(toy([windows, 'tick-16']));
    expect(r.verdict).toBe('pass');
    expect(r.anomalies).toEqual({ windows: 2, 'tick-16': 1 });
    // One anomaly record per sighting, from the checker (node null), in the event that made it present.
    const recs = r.trace.filter((t) => t.kind === 'anomaly');
    expect(recs.map((t) => [t.node, t.detail])).toEqual([[null, 'windows: ticks 3'], [null, 'windows: ticks 10'], [null, 'tick-16: the node is at tick 16']]);
    const tickEvents = r.trace.filter((t) => t.kind === 'timer' && t.detail === 'tick').map((t) => t.event);
    expect(recs.map((t) => t.event)).toEqual([tickEvents[2], tickEvents[9], tickEvents[15]]);
  });

  it('evaluates only after events that changed a node (the idle timers change nothing)', () => {
    evaluations = 0;
    const r = run(toy([windows]));
    const idle = r.trace.filter((t) => t.kind === 'timer' && t.detail === 'idle').length;
    expect(idle).toBeGreaterThanOrEqual(TICKS);
    // The first idle event (nothing seen yet) and the 20 ticks; no other idle event.
    expect(evaluations).toBe(1 + TICKS);
  });

  it('is the same in scoped and full invariant-check modes, and off with checkInvariants: false', () => {
    const scoped = run(toy([windows]), { invariantChecks: 'scoped' });
    const full = run(toy([windows]), { invariantChecks: 'full' });
    expect(full.anomalies).toEqual(scoped.anomalies);
    expect(full.traceHash).toBe(scoped.traceHash);
    const off = run(toy([windows]), { checkInvariants: false });
    expect(off.anomalies).toEqual({});
    expect(off.trace.some((t) => t.kind === 'anomaly')).toBe(false);
  });

  it('adds nothing to runs of protocols without anomaly probes', () => {
    const none = run(toy());
    expect(none.anomalies).toEqual({});
    expect(none.trace.some((t) => t.kind === 'anomaly')).toBe(false);
  });

  it('rejects an unknown probe name and a name listed twice', () => {
    expect(() => run(toy(['no-such-probe']))).toThrow(/anomalyProbes names no probe "no-such-probe" \(probes: tick-16\)/);
    expect(() => run(toy([windows, { ...windows }]))).toThrow(/anomalyProbes lists "windows" twice/);
  });
});

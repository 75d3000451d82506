// States are deep-frozen in the test suite (not in plain runs, for speed): a handler mutating its state crashes here.
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { isStateFreezing, nodeId, runSimulation, seconds } from '../../sim/index.ts';
import type { ProtocolModule } from '../../sim/index.ts';

type S = { readonly ticks: number };
/** A buggy actor: it produces its state with immer, then mutates the result in place on the next tick. */
const mutating: ProtocolModule<S, { type: 'none' }, object> = {
  name: 'mutating', description: 'test: mutates a produced state', defaultOptions: {}, optionDocs: {},
  nodes: () => [{ id: nodeId('n1'), kind: 'node' }],
  actor: {
    boot: (_n, _d, ctx) => { ctx.setTimer('tick', 1_000); return produce({ ticks: 0 }, (d) => { d.ticks = 1; }); },
    handle: (s, _i, ctx) => { ctx.setTimer('tick', 1_000); (s as { ticks: number }).ticks++; return s; },
  },
  isMessage: (x): x is { type: 'none' } => false,
  roles: () => ({}), invariants: [], liveness: [], livenessBoundUs: () => seconds(1), bugs: [],
  faultBudget: { maxDownNodes: 0, fuzzFaultPhaseUs: seconds(1), fuzzStepsMax: 0 },
};
const run = (freezeStates?: boolean) => runSimulation({ protocol: mutating, seed: 1, faultPhaseUs: 10_000, workload: 'none', skipLiveness: true, ...(freezeStates === undefined ? {} : { freezeStates }) });

describe('kernel: state freezing', () => {
  it('is on by default in the test suite, so a handler mutating its state is a crash', () => {
    expect(isStateFreezing()).toBe(true);
    const r = run();
    expect(r.verdict).toBe('crash');
    expect(r.violation?.message).toMatch(/read.only|frozen|Cannot assign/i);
  });
  it('can be switched off per run (what fuzzing does), and the mutation then goes unnoticed', () => {
    expect(run(false).verdict).toBe('pass');
  });
});

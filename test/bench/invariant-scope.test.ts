// Scoped invariant checking (skip what an event cannot have changed) gives the same verdicts as checking every
// invariant after every event, over fuzz seeds of every protocol, clean and with each bug flag.
import { describe, expect, it } from 'vitest';
import { nodeId, nodeInvariant, runSimulation, seconds } from '../../sim/index.ts';
import type { Invariant, InvariantCheckMode, ProtocolModule } from '../../sim/index.ts';
import { campaigns, seedHashes } from '../../bench/trace-hashes.ts';
import { registeredProtocols } from '../../scenarios/registry.ts';

const CLEAN_SEEDS = Array.from({ length: 10 }, (_, i) => 1 + i);
const BUG_SEEDS = [1, 2];

describe('invariant scopes: scoped and full checking agree', () => {
  for (const p of registeredProtocols()) {
    it(`${p.name}: same hash, verdict and violation event, clean and with each bug flag`, () => {
      for (const { key, protocol, bugs } of campaigns([p])) {
        const seeds = bugs.length === 0 ? CLEAN_SEEDS : BUG_SEEDS;
        const full = seedHashes(protocol, seeds, bugs, { invariantChecks: 'full' });
        const scoped = seedHashes(protocol, seeds, bugs, { invariantChecks: 'scoped' });
        expect(scoped, key).toEqual(full);
      }
    });
  }
});

/** Two nodes ticking; n1 (kind 'node', every 1ms) counts its ticks in state, n2 (kind 'idle', every 0.7ms) keeps a constant state. */
type S = { readonly ticks: number };
function ticking(invariants: readonly Invariant<S>[]): ProtocolModule<S, { type: 'none' }, object> {
  return {
    name: 'ticking', description: 'test', defaultOptions: {}, optionDocs: {},
    nodes: () => [{ id: nodeId('n1'), kind: 'node' }, { id: nodeId('n2'), kind: 'idle' }],
    actor: {
      boot: (_n, _d, ctx) => { ctx.setTimer('tick', ctx.self === 'n1' ? 1_000 : 700); return { ticks: 0 }; },
      handle: (s, _i, ctx) => (ctx.self === 'n1' ? (ctx.setTimer('tick', 1_000), { ticks: s.ticks + 1 }) : (ctx.setTimer('tick', 700), s)),
    },
    isMessage: (x): x is { type: 'none' } => false,
    roles: () => ({}), invariants, liveness: [], livenessBoundUs: () => seconds(1), bugs: [],
    faultBudget: { maxDownNodes: 0, fuzzFaultPhaseUs: seconds(1), fuzzStepsMax: 0 },
  };
}
const run = (invariants: readonly Invariant<S>[], invariantChecks: InvariantCheckMode) =>
  runSimulation({ protocol: ticking(invariants), seed: 1, faultPhaseUs: 20_000, workload: 'none', skipLiveness: true, invariantChecks });

describe('invariant scopes: the kernel mechanism', () => {
  it("checks a 'node' invariant only for the nodes an event changed", () => {
    const calls: string[] = [];
    const inv = nodeInvariant<S>('count', 'records calls', (_v, n) => { calls.push(n.id); return null; });
    run([inv], 'scoped');
    const scoped = calls.splice(0);
    run([inv], 'full');
    // n2 changes only at the start (first check, then its boot); n1 changes on every tick.
    expect(scoped.filter((id) => id === 'n2').length).toBeLessThanOrEqual(2);
    expect(scoped.filter((id) => id === 'n1').length).toBeGreaterThan(10);
    expect(calls.filter((id) => id === 'n2').length).toBeGreaterThan(10); // full mode: every node after every event
  });
  it("calls a 'node' invariant with kinds only for changed nodes of those kinds (full mode: every node)", () => {
    const calls: string[] = [];
    const inv = nodeInvariant<S>('count', 'records calls', (_v, n) => { calls.push(n.id); return null; }, { kinds: ['idle'] });
    run([inv], 'scoped');
    const scoped = calls.splice(0);
    run([inv], 'full');
    expect(scoped.length).toBeGreaterThan(0);
    expect(scoped.every((id) => id === 'n2')).toBe(true);
    expect(calls.filter((id) => id === 'n1').length).toBeGreaterThan(10);
  });
  it("checks a 'states' invariant with kinds once after an event that changed a node of those kinds", () => {
    let idle = 0;
    let node = 0;
    const ofIdle: Invariant<S> = { name: 'idle', description: 'counts', scope: 'states', kinds: ['idle'], check: () => { idle++; return null; } };
    const ofNode: Invariant<S> = { name: 'node', description: 'counts', scope: 'states', kinds: ['node'], check: () => { node++; return null; } };
    const r = run([ofIdle, ofNode], 'scoped');
    // n2's state changes only at its boot; n1's on every tick (about 20 in 20ms).
    expect(idle).toBeLessThanOrEqual(3);
    expect(node).toBeGreaterThan(15);
    expect(node).toBeLessThan(r.events);
    idle = 0;
    run([ofIdle], 'full');
    expect(idle).toBeGreaterThan(30);
  });
  it("skips a 'states' invariant after events that changed nothing, so a mis-declared time-based one differs", () => {
    // Wrong on purpose: reads nowUs but claims to read only states. Fails at 10.5ms, an n2 tick (state unchanged),
    // which scoped checking skips: it sees the violation only at n1's next tick.
    const late: Invariant<S> = { name: 'late', description: 'fails once time passes 10.5ms', scope: 'states', check: (v) => (v.nowUs >= 10_500 ? 'late' : null) };
    const full = run([late], 'full');
    const scoped = run([late], 'scoped');
    expect(full.verdict).toBe('violation');
    expect(scoped.violation?.eventIndex).not.toBe(full.violation?.eventIndex);
  });
  it('reports the first violation in declaration order when invariants of other kinds fail at the same event', () => {
    // A scoped loop that called only the entries of the changed kinds (say, a list per set of kinds) must keep this order.
    const at = (name: string, inv: Partial<Invariant<S>>): Invariant<S> => ({ name, description: name, check: (v) => (v.nowUs >= 5_000 ? name : null), ...inv });
    const invs = [
      at('idle-states', { scope: 'states', kinds: ['idle'] }),
      at('node-states', { scope: 'states', kinds: ['node'] }),
      at('always', {}),
    ];
    const scoped = run(invs, 'scoped');
    const full = run(invs, 'full');
    expect(full.violation?.name).toBe('idle-states');
    // n1's tick at 5ms changes only the 'node' kind: the 'idle' invariant is not due, so the 'node' one fails first.
    expect(scoped.violation?.name).toBe('node-states');
    expect(scoped.violation?.atUs).toBe(full.violation?.atUs);
  });
  it('makes the same calls in every run of one protocol, and calls a replaced invariant (a plan shared by runs must not go stale)', () => {
    const calls: string[] = [];
    const counting = (name: string, kinds?: readonly string[]): Invariant<S> => ({ name, description: name, scope: 'states', ...(kinds === undefined ? {} : { kinds }), check: () => { calls.push(name); return null; } });
    const invs: Invariant<S>[] = [counting('a', ['idle']), counting('b', ['node']), counting('c')];
    const protocol = ticking(invs);
    const go = () => runSimulation({ protocol, seed: 1, faultPhaseUs: 20_000, workload: 'none', skipLiveness: true, invariantChecks: 'scoped' });
    go();
    const first = calls.splice(0);
    go();
    expect(calls.splice(0)).toEqual(first);
    invs[1] = counting('d', ['node']);
    go();
    expect(calls.splice(0)).toEqual(first.map((n) => (n === 'b' ? 'd' : n)));
  });
});

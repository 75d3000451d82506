// A node restarted at the very instant a datagram lands: its boot event is queued behind the delivery, and the handler
// must never see the state a boot has not produced (paxosstore clean fuzz seed 1117038 crashed on it at the heal).
import { describe, expect, it } from 'vitest';
import { ms, nodeId, runSimulation, seconds } from '../../sim/index.ts';
import type { FaultStep, ProtocolModule } from '../../sim/index.ts';

type S = { readonly got: number };
type M = { readonly type: 'ping' };

/** a pings b once, 10 ms in; b counts pings. Latency is exactly 1 ms, so the ping lands at 11 ms. */
const pinger: ProtocolModule<S, M, Record<string, never>> = {
  name: 'pinger', description: 'test: one datagram', defaultOptions: {}, optionDocs: {},
  nodes: () => [{ id: nodeId('a'), kind: 'node' }, { id: nodeId('b'), kind: 'node' }],
  actor: {
    boot: (n, _d, ctx) => { if (n.id === 'a') ctx.setTimer('ping', ms(10)); return { got: 0 }; },
    handle: (s, input, ctx) => {
      if (input.type === 'timer') ctx.sendDatagram(nodeId('b'), { type: 'ping' });
      return input.type === 'message' ? { got: s.got + 1 } : s;
    },
  },
  isMessage: (x): x is M => (x as M).type === 'ping',
  roles: () => ({}), invariants: [], liveness: [], livenessBoundUs: () => seconds(1), bugs: [],
  faultBudget: { maxDownNodes: 1, fuzzFaultPhaseUs: seconds(1), fuzzStepsMax: 0 },
};

/**
 * b crashes after the ping left a (10.5 ms) and a restart step, scheduled with the plan (so queued before the ping),
 * brings it back at `restartAtUs`: at 11 ms the restart pops first and b's boot is queued behind the ping.
 */
const run = (restartAtUs: number) => runSimulation({
  protocol: pinger, seed: 1, faultPhaseUs: ms(50), skipLiveness: true, traceFull: true, workload: 'none',
  network: { latency: { minUs: ms(1), maxUs: ms(1) } },
  faults: [{ atUs: 10_500, kind: 'crash', target: 'b' }, { atUs: restartAtUs, kind: 'restart', target: 'b' }] as FaultStep[],
});

describe('kernel: a datagram landing at the instant of a restart', () => {
  it('is lost (the process is not listening yet), and the run goes on', () => {
    const r = run(ms(11)); // the ping's arrival
    expect(r.verdict).toBe('pass');
    expect(r.stats.dropsByReason['node-booting']).toBe(1);
    expect(r.finalStates['b']).toEqual({ got: 0 });
  });

  it('is handled when the node booted before it landed, and lost while the node is down', () => {
    expect(run(10_900).finalStates['b']).toEqual({ got: 1 });
    const down = run(ms(12));
    expect(down.stats.dropsByReason['node-down']).toBe(1);
    expect(down.finalStates['b']).toEqual({ got: 0 });
  });
});

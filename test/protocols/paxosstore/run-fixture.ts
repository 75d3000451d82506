// Run fixtures for paxosstore agreement tests: a check's remembered or fast answer compared with its plain one over
// real runs, either at every published state a handler starts from or after every event of fuzz runs (as an anomaly
// probe, which the kernel asks after every event that changed a node).
import type { View } from '../../../sim/index.ts';
import { runSimulation, seconds } from '../../../sim/index.ts';
import { fuzzRunConfig } from '../../../scenarios/fuzz-run.ts';
import { paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';

/** Runs `seed` (3 s of faults, no liveness phase) and hands `see` every state a handler starts from, in order per node. */
export function eachHandledState(seed: number, see: (s: NodeState) => void): void {
  const p = paxosstoreProtocol;
  runSimulation({
    protocol: { ...p, actor: { boot: p.actor.boot, handle(s, input, ctx, o, bugs) { see(s); return p.actor.handle(s, input, ctx, o, bugs); } } },
    seed, faultPhaseUs: seconds(3), skipLiveness: true, freezeStates: false,
  });
}

/** Runs fuzz seeds [from, to) with `look` as their only anomaly probe (it never counts one: its answer is null). */
export function afterEachFuzzEvent(from: number, to: number, look: (view: View<NodeState>) => void): void {
  const probe = { name: 'agreement-look', description: 'test only', present: (view: View<NodeState>): null => { look(view); return null; } };
  for (let seed = from; seed < to; seed++) {
    const c = fuzzRunConfig({ protocol: paxosstoreProtocol, seed }).config;
    runSimulation({ ...c, protocol: { ...c.protocol, anomalyProbes: [probe] } as typeof c.protocol });
  }
}

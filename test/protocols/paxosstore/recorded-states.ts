// Every state a paxosstore node was handed during a short run with faults: the inputs of the copy and settle tests.
import { runSimulation, seconds } from '../../../sim/index.ts';
import { paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';

export function recordedStates(seed: number): NodeState[] {
  const seen: NodeState[] = [];
  const p = paxosstoreProtocol;
  runSimulation({
    protocol: { ...p, actor: { boot: p.actor.boot, handle(s, input, ctx, o, bugs) { seen.push(s); return p.actor.handle(s, input, ctx, o, bugs); } } },
    seed, faultPhaseUs: seconds(4), skipLiveness: true, freezeStates: false,
  });
  return seen;
}

// Every node state of zab fuzz seeds (timed and aimed), after every event that changed one, handed to `visit`: a
// 'states' check added to the protocol's invariants. For tests that hold a property of every state of real runs.
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import type { Invariant, ProtocolModule, View } from '../../../sim/index.ts';
import { zabProtocol } from '../../../protocols/zab/index.ts';
import type { ZabNode } from '../../../protocols/zab/state.ts';

export function visitStates(seeds: number, visit: (s: ZabNode) => void): void {
  const census: Invariant<ZabNode> = {
    name: 'state-census', description: '', scope: 'states',
    check(view: View<ZabNode>) {
      for (const n of view.nodes) if (n.state !== undefined) visit(n.state);
      return null;
    },
  };
  const protocol = { ...zabProtocol, invariants: [...zabProtocol.invariants, census] } as ProtocolModule;
  for (let seed = 1; seed <= seeds; seed++) {
    for (const faults of ['timed', 'aimed'] as const) runFuzzSeed({ protocol, seed, faults });
  }
}

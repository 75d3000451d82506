// A no-op protocol for the kernel benchmark: every node re-arms one timer forever and keeps no state.
import type { ProtocolModule } from '../sim/index.ts';
import { nodeId, seconds } from '../sim/index.ts';

export const TICK_US = 1_000;

export const noopProtocol: ProtocolModule<number, { type: 'none' }, { nodeCount: number }> = {
  name: 'noop',
  description: 'benchmark: timers only',
  defaultOptions: { nodeCount: 10 },
  optionDocs: { nodeCount: { doc: 'nodes' } },
  nodes: (o) => Array.from({ length: o.nodeCount }, (_, i) => ({ id: nodeId(`n${i}`), kind: 'node' })),
  actor: {
    boot: (_n, _d, ctx) => { ctx.setTimer('tick', TICK_US); return 0; },
    handle: (s, _input, ctx) => { ctx.setTimer('tick', TICK_US); return s; },
  },
  isMessage: (x): x is { type: 'none' } => false,
  roles: () => ({}),
  invariants: [],
  liveness: [],
  livenessBoundUs: () => seconds(1),
  bugs: [],
  faultBudget: { maxDownNodes: 0, fuzzFaultPhaseUs: seconds(1), fuzzStepsMax: 0 },
};

/** Virtual time for `events` events of the no-op protocol with `nodeCount` nodes. */
export const durationForEvents = (events: number, nodeCount: number): number => Math.ceil(events / nodeCount) * TICK_US;

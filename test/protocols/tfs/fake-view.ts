// Hand-built read-only views and a recording ctx for tfs unit tests that judge states outside a run.
import { nodeId } from '../../../sim/index.ts';
import type { NodeView, View } from '../../../sim/index.ts';
import type { TfsState } from '../../../protocols/tfs/index.ts';
import type { NsCtx } from '../../../protocols/tfs/ns-support.ts';

/** Every node up at incarnation 1 with an empty disk, the network healed, the VIP on `vipHolder`. */
export function viewOf(states: Record<string, TfsState>, nowUs = 0, vipHolder = 'ns1'): View<TfsState> & { nowUs: number } {
  const nodes: NodeView<TfsState>[] = Object.entries(states).map(([id, state]) => ({
    id: nodeId(id), kind: state.kind, isUp: true, isPaused: false, state, disk: new Map(), incarnation: 1,
  }));
  return {
    nowUs, phase: 'faults', nodes, isNetworkHealed: true,
    node: (id) => nodes.find((n) => n.id === id)!,
    aliasHolder: () => nodeId(vipHolder),
    canConnect: () => true,
  };
}

/** A ctx that records sends and logs; every other call is a no-op. */
export function fakeCtx(nowUs: number): { ctx: NsCtx; sent: unknown[] } {
  const sent: unknown[] = [];
  const ctx = new Proxy({ nowUs }, {
    get: (t, k) => (k === 'send' ? (_c: unknown, m: unknown) => sent.push(m) : k in t ? (t as Record<string, unknown>)[k as string] : () => 0),
  }) as unknown as NsCtx;
  return { ctx, sent };
}

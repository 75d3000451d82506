// A view for checks that keep memory per view object: the test replaces its node states event by event.
import type { Invariant, NodeId, NodeView, View } from '../../../sim/index.ts';
import type { ZabNode } from '../../../protocols/zab/state.ts';

/** One run's view; `set` installs the nodes' states (all up, at `incarnation`) and runs `check` on it. */
export function runView(check: Invariant<ZabNode>): { view: View<ZabNode>; set(states: Record<string, ZabNode>, incarnation?: number): string | null } {
  let nodes: NodeView<ZabNode>[] = [];
  const view = {
    nowUs: 0, phase: 'faults', isNetworkHealed: true, aliasHolder: () => null, canConnect: () => true,
    get nodes() { return nodes; }, node: (id: NodeId) => nodes.find((n) => n.id === id)!,
  } as View<ZabNode>;
  return {
    view,
    set(states, incarnation = 1) {
      nodes = Object.entries(states).map(([id, state]) => ({ id: id as NodeId, kind: 'node', isUp: true, isPaused: false, disk: new Map(), incarnation, state }));
      return check.check(view);
    },
  };
}

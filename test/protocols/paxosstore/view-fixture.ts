// Test fixtures for paxosstore checks on hand-built views: acceptors up and unpaused, the fault phase at time 0, the
// network healed. Six test files built this View literal (and the acceptor NodeView) by hand.
import { nodeId } from '../../../sim/index.ts';
import type { DiskContents, Invariant, NodeView, View } from '../../../sim/index.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';

/** What an acceptor's node view may differ in: its disk (empty by default) and incarnation (1 by default). */
export interface AcceptorFields { readonly disk?: DiskContents; readonly incarnation?: number }

/** Acceptor `id`'s node view with this state. */
export function acceptor(id: string, state: NodeState | undefined, f: AcceptorFields = {}): NodeView<NodeState> {
  return { id: nodeId(id), kind: 'acceptor', isUp: true, isPaused: false, state, disk: f.disk ?? new Map(), incarnation: f.incarnation ?? 1 };
}

/**
 * A fault-phase view of these nodes. `view.node(id)` looks in `view.nodes` when asked, so a test may replace the
 * nodes (in the array or the whole array) and call the checks again on the same view object, as the kernel does.
 */
export function viewOfNodes(nodes: NodeView<NodeState>[]): View<NodeState> & { nodes: NodeView<NodeState>[] } {
  const view: View<NodeState> & { nodes: NodeView<NodeState>[] } = {
    nowUs: 0, phase: 'faults', nodes, isNetworkHealed: true, node: (id) => view.nodes.find((n) => n.id === id)!, aliasHolder: () => null, canConnect: () => true,
  };
  return view;
}

/** A fault-phase view of these acceptor states (keyed by node id), each node with the same fields `f`. */
export function viewOf(states: Record<string, NodeState>, f: AcceptorFields = {}): View<NodeState> {
  return viewOfNodes(Object.entries(states).map(([id, state]) => acceptor(id, state, f)));
}

/**
 * The same view object across calls (checks that compare successive states keep them per view), one acceptor a1 whose
 * state (and incarnation) each `set` replaces before running `inv` on the view.
 */
export function oneAcceptorView(inv: Invariant<NodeState>): { set(s: NodeState, incarnation?: number): string | null } {
  const view = viewOfNodes([acceptor('a1', undefined)]);
  return {
    set(s, incarnation = 1) {
      view.nodes[0] = acceptor('a1', s, { incarnation });
      return inv.check(view);
    },
  };
}

/**
 * A view of acceptors a1, a2, ... with one entity each, built by `make` from a test's short description of the node
 * (undefined: the node is down). Loose on purpose: a check reads only some fields of the entity state.
 */
export function entityViewOf<N>(entity: string, ns: readonly (N | undefined)[], make: (n: N, idx: number) => object): View<NodeState> {
  return {
    nodes: ns.map((n, idx) => ({
      id: `a${idx + 1}`,
      isUp: n !== undefined,
      state: n === undefined ? undefined : { idx, entities: { [entity]: make(n, idx) }, recoveries: {} },
    })),
  } as unknown as View<NodeState>;
}

// A per-node invariant whose verdict depends on the node's state alone: states are immutable, so the verdict is
// remembered per view and node and reused while the node's state object is the same.
import type { Invariant, NodeView, View } from '../../sim/index.ts';
import { memoPerNode, nodeInvariant } from '../../sim/index.ts';
import type { NodeState } from './state.ts';

/** `problem(state, nodeId)`: what is wrong with this state, or null. */
export function stateInvariant(name: string, description: string, problem: (s: NodeState, id: string) => string | null): Invariant<NodeState> {
  /** Per run and node, the last node state checked and its verdict. */
  const verdictOf = memoPerNode(problem);
  return nodeInvariant<NodeState>(name, description, (view: View<NodeState>, n: NodeView<NodeState>) => {
    const s = n.state;
    return s === undefined ? null : verdictOf(view, n.id, s);
  });
}

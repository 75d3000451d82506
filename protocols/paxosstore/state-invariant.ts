// A per-node invariant whose verdict depends on the node's state alone: states are immutable, so the verdict is
// remembered per view and node and reused while the node's state object is the same.
import type { Invariant, NodeView, View } from '../../sim/index.ts';
import { nodeInvariant } from '../../sim/index.ts';
import type { NodeState } from './state.ts';

/** `problem(state, nodeId)`: what is wrong with this state, or null. */
export function stateInvariant(name: string, description: string, problem: (s: NodeState, id: string) => string | null): Invariant<NodeState> {
  /** Per view and node, the last node state checked and its verdict. */
  const memo = new WeakMap<object, Map<string, { readonly s: NodeState; readonly msg: string | null }>>();
  return nodeInvariant<NodeState>(name, description, (view: View<NodeState>, n: NodeView<NodeState>) => {
    const s = n.state;
    if (s === undefined) return null;
    let m = memo.get(view);
    if (m === undefined) {
      m = new Map();
      memo.set(view, m);
    }
    const last = m.get(n.id);
    if (last !== undefined && last.s === s) return last.msg;
    const msg = problem(s, n.id);
    m.set(n.id, { s, msg });
    return msg;
  });
}

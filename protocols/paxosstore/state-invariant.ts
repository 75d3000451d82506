// A per-node invariant whose verdict depends on the node's state alone: states are immutable, so the verdict is
// remembered per node and reused while the node's state object is the same.
import type { Invariant, NodeView, View } from '../../sim/index.ts';
import { memoPerNode, nodeInvariant } from '../../sim/index.ts';
import type { NodeState } from './state.ts';

/**
 * `problem(state, nodeId, passed)`: what is wrong with this state, or null. `passed` is the node's state this check
 * judged last when it found nothing wrong there (any incarnation), else undefined: a problem that is a function of
 * each entry object and a few entity fields may skip the entries `passed` already held (entry-diff.ts). `view` is the
 * run's, for a problem that keeps per-run memory of its own (db-match.ts).
 */
export type StateProblem = (s: NodeState, id: string, passed: NodeState | undefined, view: View<NodeState>) => string | null;

export function stateInvariant(name: string, description: string, problem: StateProblem): Invariant<NodeState> {
  // Per run and node (sim/run-memory.ts: a slot of the kernel's node object per invariant), the state judged last and its verdict.
  const verdict = memoPerNode<NodeState, string | null, NodeView<NodeState>>((s, n, view, last, lastMsg) =>
    problem(s, n.id, lastMsg === null ? last : undefined, view as View<NodeState>));
  return nodeInvariant<NodeState>(name, description, (view: View<NodeState>, n: NodeView<NodeState>) => {
    const s = n.state;
    return s === undefined ? null : verdict(view, n, s);
  });
}

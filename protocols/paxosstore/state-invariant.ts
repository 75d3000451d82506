// A per-node invariant whose verdict depends on the node's state alone: states are immutable, so the verdict is
// remembered per node and reused while the node's state object is the same.
import type { Invariant, NodeView, View } from '../../sim/index.ts';
import { nodeInvariant } from '../../sim/index.ts';
import type { NodeState } from './state.ts';

/**
 * `problem(state, nodeId, passed)`: what is wrong with this state, or null. `passed` is the node's state this check
 * judged last when it found nothing wrong there (any incarnation), else undefined: a problem that is a function of
 * each entry object and a few entity fields may skip the entries `passed` already held (entry-diff.ts). `view` is the
 * run's, for a problem that keeps per-run memory of its own (db-match.ts).
 */
export type StateProblem = (s: NodeState, id: string, passed: NodeState | undefined, view: View<NodeState>) => string | null;

export function stateInvariant(name: string, description: string, problem: StateProblem): Invariant<NodeState> {
  /**
   * Per node object (the kernel's, one per run and node: the key of sim/run-memory.ts's per-view map by node id, found
   * by one lookup instead of two), the last node state checked and its verdict. Sharing a node object between views
   * (hand-built ones) shares this memory, which stays sound: the verdict is a function of the state and the node's id,
   * and `passed` is a state this problem passed.
   */
  const memory = new WeakMap<NodeView<NodeState>, { s: NodeState; msg: string | null }>();
  return nodeInvariant<NodeState>(name, description, (view: View<NodeState>, n: NodeView<NodeState>) => {
    const s = n.state;
    if (s === undefined) return null;
    const last = memory.get(n);
    if (last !== undefined && last.s === s) return last.msg;
    const msg = problem(s, n.id, last !== undefined && last.msg === null ? last.s : undefined, view);
    if (last === undefined) memory.set(n, { s, msg });
    else {
      last.s = s;
      last.msg = msg;
    }
    return msg;
  });
}

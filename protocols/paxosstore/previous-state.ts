// Per-event checks about a transition compare a node's state with the one they saw after the previous event that
// changed it, within one incarnation (a restart starts from disk, so its first state is not a transition).
import type { NodeView, View } from '../../sim/index.ts';
import { previousInIncarnation } from '../../sim/index.ts';
import type { NodeState } from './state.ts';

/**
 * The checkNode of a nodeInvariant that judges a node's state against its previous one: `problem(prev, s)`, with prev
 * the state the check saw last of the same incarnation when it is a different object (copy-on-write: the same object
 * means nothing changed), else undefined; a problem is reported prefixed with the node id. The memory is kept per run
 * (sim/run-memory.ts), and each call makes its own: two checks sharing one would each see the other's record of this
 * very event.
 */
export function transitionCheck(problem: (prev: NodeState | undefined, s: NodeState) => string | null): (view: View<NodeState>, n: NodeView<NodeState>) => string | null {
  const previousOf = previousInIncarnation<NodeState>();
  return (view, n) => {
    const s = n.state;
    if (s === undefined) return null;
    const msg = problem(previousOf(view, n, s), s);
    return msg === null ? null : `${n.id} ${msg}`;
  };
}

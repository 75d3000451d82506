// Per-event checks about a transition compare a node's state with the one they saw after the previous event that
// changed it, within one incarnation (a restart starts from disk, so its first state is not a transition).
import type { NodeView, View } from '../../sim/index.ts';
import { previousInIncarnation } from '../../sim/index.ts';
import type { NodeState } from './state.ts';

/**
 * A memory of the last state each node had when the check looked, kept per run (sim/run-memory.ts). Each check needs
 * its own: two checks sharing one would each see the other's record of this very event. The returned function records
 * the node's state and gives the previous one when it is of the same incarnation and a different object
 * (copy-on-write: the same object means nothing changed), else undefined.
 */
export function transitionMemory(): (view: View<NodeState>, n: NodeView<NodeState>, s: NodeState) => NodeState | undefined {
  return previousInIncarnation<NodeState>();
}

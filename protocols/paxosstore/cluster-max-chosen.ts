// The cluster's MaxChosenEntry of an entity, as liveness, roles() and the coverage key read it.
import type { View } from '../../sim/index.ts';
import type { NodeState } from './state.ts';

/** The highest maxChosen any node with a state knows of `entity` (down nodes' kept states too); 0 when none does. */
export function clusterMaxChosen(view: View<NodeState>, entity: string): number {
  let m = 0;
  for (const n of view.nodes) m = Math.max(m, n.state?.entities[entity]?.maxChosen ?? 0);
  return m;
}

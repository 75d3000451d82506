// A quick "no" for the three per-entity anomaly probes (amnesia-majority-fenced, chosen-entry-lost,
// recovery-from-stalled-source). Each holds only where some node's entity is in a rare state: a settled amnesia fence,
// a DB lost to a CRC failure or taken out of service by a GetAllAndSet, or a stalled DB. Their per-entity necessary
// conditions (mayBeFencedOut, mayHaveLostCopies, hasStalledDb, each a test of one of those per node) ran for every
// entity after every event that changed a node, each probe after its own look-up of the sorted entity names, while in
// almost every state no node holds any such entity. Here each node's state is looked at once per state object (per run,
// by position), and a run whose nodes hold none answers all three probes at once.
import type { View } from '../../sim/index.ts';
import { perRun } from '../../sim/index.ts';
import type { EntityState, NodeState } from './state.ts';
import { hasSettledFence, isDbGone } from './state.ts';
import { isDbStalled } from './db-stalled.ts';

/**
 * Is this entity (of the node at position `p`) in a state any of the three tests counts: a settled fence
 * (mayBeFencedOut, mayHaveLostCopies), a DB lost or out of service (isDbGone: mayHaveLostCopies), a stalled DB
 * (hasStalledDb, with the node's position as its index)?
 */
export const isRareEntity = (e: EntityState, p: number): boolean =>
  hasSettledFence(e) || isDbGone(e) || isDbStalled(e, p);

/** Per run, by node position: the state last looked at and whether it holds a rare entity. */
interface Looks { readonly states: (NodeState | undefined)[]; readonly rare: boolean[] }
const looksOf = perRun((): Looks => ({ states: [], rare: [] }));

function holdsRare(s: NodeState | undefined, p: number): boolean {
  if (s === undefined) return false;
  for (const entity in s.entities) if (isRareEntity(s.entities[entity]!, p)) return true;
  return false;
}

/**
 * False when no node's state holds a rare entity: then every one of the three tests is false for every entity (each
 * needs at least one node whose entity it counts), so each probe's answer is null. True does not say a probe holds.
 */
export function mayAnyEntityProbeHold(view: View<NodeState>): boolean {
  const looks = looksOf(view);
  const nodes = view.nodes;
  let isAny = false;
  for (let p = 0; p < nodes.length; p++) {
    const s = nodes[p]!.state;
    if (p >= looks.states.length || looks.states[p] !== s) {
      looks.states[p] = s;
      looks.rare[p] = holdsRare(s, p);
    }
    if (looks.rare[p]) isAny = true;
  }
  return isAny;
}

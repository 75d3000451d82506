// paxosstore's roles() (moved out of liveness.ts, which re-exports it): acceptors (up nodes), and which of them are
// lagging, catching up, recovering or amnesiac. Asked after about two events in three of every catalog recording run
// (catalog.ts, whenever a node changed), where it was about a fifth of the recording: the entity names were sorted per
// ask, the cluster's max chosen entry per entity allocated, and a WeakMap memory (a miss there by construction: the
// catalog asks only after a change) allocated twice and set per ask. Now the names are read unsorted (the answer is
// per node, an OR over entities, so order-free), the per-entity maxima live in a reused array, and the memory is one
// slot of reused arrays.
import type { NodeId, View } from '../../sim/index.ts';
import type { NodeState } from './state.ts';
import { isDbOutOfService } from './state.ts';
import { clusterMaxChosen } from './cluster-max-chosen.ts';

type Roles = Record<string, NodeId[]>;

/** The last answer, the view it was for, and the node states and up flags it came from (arrays reused in place). */
const memo = { view: null as object | null, states: [] as (NodeState | undefined)[], ups: [] as boolean[], roles: null as Roles | null };

/** Roles are a function of the nodes' (immutable) states and up flags: unchanged ones give the same object back. */
export function roles(view: View<NodeState>): Roles {
  const ns = view.nodes;
  const { states, ups } = memo;
  if (memo.view === view && memo.roles !== null && states.length === ns.length) {
    let isSame = true;
    for (let i = 0; i < ns.length; i++) if (ns[i]!.state !== states[i] || ns[i]!.isUp !== ups[i]) { isSame = false; break; }
    if (isSame) return memo.roles;
  }
  const r = computeRoles(view);
  states.length = ns.length;
  ups.length = ns.length;
  for (let i = 0; i < ns.length; i++) { states[i] = ns[i]!.state; ups[i] = ns[i]!.isUp; }
  memo.view = view;
  memo.roles = r;
  return r;
}

/** Per entity (in the order of `Object.keys` of the first state's entities): the highest maxChosen any node knows. */
const maxScratch: number[] = [];

/** roles() computed afresh (tests compare the remembered answer with it). */
export function computeRoles(view: View<NodeState>): Roles {
  const nodes = view.nodes;
  const r = { acceptors: [] as NodeId[], lagging: [] as NodeId[], 'catching-up': [] as NodeId[], recovering: [] as NodeId[], amnesiac: [] as NodeId[] };
  let ents: string[] | null = null;
  for (let j = 0; j < nodes.length; j++) { const s = nodes[j]!.state; if (s !== undefined) { ents = Object.keys(s.entities); break; } }
  if (ents === null) return r; // no node has a state: no acceptors
  // The cluster's MaxChosenEntry per entity: the highest any node with a state knows (down ones too).
  const max = maxScratch;
  for (let i = 0; i < ents.length; i++) max[i] = clusterMaxChosen(view, ents[i]!);
  // One pass over the up nodes; each list keeps the nodes' order.
  for (let j = 0; j < nodes.length; j++) {
    const n = nodes[j]!;
    const s = n.state;
    if (!n.isUp || s === undefined) continue;
    r.acceptors.push(n.id);
    let isLagging = false;
    let isCatchingUp = s.catchup.queue.length > 0;
    let isRecovering = false;
    let isAmnesiac = false;
    for (let i = 0; i < ents.length; i++) {
      const e = s.entities[ents[i]!]!;
      if (e.committed < max[i]!) isLagging = true;
      if (e.maxCont < e.maxChosen) isCatchingUp = true;
      if (isDbOutOfService(e)) isRecovering = true;
      if (e.amnesia !== null) isAmnesiac = true;
    }
    if (isLagging) r.lagging.push(n.id);
    if (isCatchingUp) r['catching-up'].push(n.id);
    if (isRecovering) r.recovering.push(n.id);
    if (isAmnesiac) r.amnesiac.push(n.id);
  }
  return r;
}

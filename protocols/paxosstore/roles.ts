// paxosstore's roles() (moved out of liveness.ts, which re-exports it): acceptors (up nodes), and which of them are
// lagging, catching up, recovering or amnesiac. Asked after about two events in three of every catalog recording run
// (catalog.ts, whenever a node changed), where it was about a fifth of the recording: the entity names were sorted per
// ask, the cluster's max chosen entry per entity allocated, and a WeakMap memory (a miss there by construction: the
// catalog asks only after a change) allocated twice and set per ask. Now the names are read unsorted (the answer is
// per node, an OR over entities, so order-free), the per-entity maxima live in a reused array, and the memory is one
// slot of reused arrays. A node's roles are a mask (roleMasks): after a change that moved no node's roles (most of
// them) the last answer object is handed back, not a new one of five lists (5 % of a seed's bytes), and the catalog
// (catalog-roles.ts) then skips comparing it by identity. The masks come from per-node facts kept per node state object
// (role-facts.ts): only the nodes whose state changed are read by entity name, the rest is number arrays.
import type { NodeId, NodeView, View } from '../../sim/index.ts';
import type { NodeState } from './state.ts';
import { isDbOutOfService } from './state.ts';
import { clusterMaxChosen } from './cluster-max-chosen.ts';
import { ACCEPTOR, AMNESIAC, CATCHING_UP, LAGGING, RECOVERING, roleMasksFromFacts } from './role-facts.ts';

type Roles = Record<string, NodeId[]>;

/**
 * The last answer, the view it was for, the node states and up flags it came from and the nodes' masks it lists
 * (arrays reused in place; `next` is the masks being worked out).
 */
const memo = {
  view: null as object | null, states: [] as (NodeState | undefined)[], ups: [] as boolean[], roles: null as Roles | null,
  masks: [] as number[], next: [] as number[],
};

/**
 * Roles are a function of the nodes' (immutable) states and up flags: unchanged ones give the same object back, and so
 * do changed ones that leave every node's mask as it was (the answer lists the nodes of each bit in node order).
 */
export function roles(view: View<NodeState>): Roles {
  const ns = view.nodes;
  const { states, ups } = memo;
  const last = memo.roles;
  const isSameView = memo.view === view && last !== null && states.length === ns.length;
  if (isSameView) {
    // One pass compares and records the nodes' inputs (most asks change one node).
    let isSame = true;
    for (let i = 0; i < ns.length; i++) {
      const n = ns[i]!;
      if (n.state !== states[i] || n.isUp !== ups[i]) { isSame = false; states[i] = n.state; ups[i] = n.isUp; }
    }
    if (isSame) return last;
  } else {
    // The length setter only when the node count changed (it is a runtime call even when it keeps the length).
    if (states.length !== ns.length) { states.length = ns.length; ups.length = ns.length; }
    for (let i = 0; i < ns.length; i++) { states[i] = ns[i]!.state; ups[i] = ns[i]!.isUp; }
    memo.view = view;
  }
  // No answer remembered while working one out: the inputs are recorded already, and a throw below must not leave the
  // last answer standing for them.
  memo.roles = null;
  const next = memo.next;
  // From the per-node facts (role-facts.ts); the plain reading where they cannot answer (an up node lacks an entity).
  if (!roleMasksFromFacts(ns, next)) roleMasks(view, next);
  let r = last;
  if (!isSameView || !isSameMasks(next, memo.masks)) {
    r = rolesOfMasks(ns, next);
    memo.next = memo.masks;
    memo.masks = next;
  }
  memo.roles = r;
  return r!;
}

function isSameMasks(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Scratch of computeRoles (apart from the memo's arrays). */
const freshMasks: number[] = [];

/** roles() computed afresh, by the plain reading (tests compare the remembered and per-node-facts answer with it). */
export function computeRoles(view: View<NodeState>): Roles {
  roleMasks(view, freshMasks);
  return rolesOfMasks(view.nodes, freshMasks);
}

/** The answer of the nodes' masks: each list keeps the nodes' order. */
function rolesOfMasks(nodes: readonly NodeView<NodeState>[], masks: readonly number[]): Roles {
  const r = { acceptors: [] as NodeId[], lagging: [] as NodeId[], 'catching-up': [] as NodeId[], recovering: [] as NodeId[], amnesiac: [] as NodeId[] };
  for (let j = 0; j < nodes.length; j++) {
    const m = masks[j]!;
    if (m === 0) continue;
    const id = nodes[j]!.id;
    if ((m & ACCEPTOR) !== 0) r.acceptors.push(id);
    if ((m & LAGGING) !== 0) r.lagging.push(id);
    if ((m & CATCHING_UP) !== 0) r['catching-up'].push(id);
    if ((m & RECOVERING) !== 0) r.recovering.push(id);
    if ((m & AMNESIAC) !== 0) r.amnesiac.push(id);
  }
  return r;
}

/** Entity names (for-in order of the first state's entities) and, per entity, the highest maxChosen any node knows. */
const entScratch: string[] = [];
const maxScratch: number[] = [];

/** Each node's roles mask into `out` (length: the view's nodes). */
function roleMasks(view: View<NodeState>, out: number[]): void {
  const nodes = view.nodes;
  if (out.length !== nodes.length) out.length = nodes.length;
  for (let j = 0; j < nodes.length; j++) out[j] = 0;
  const ents = entScratch;
  let entCount = 0;
  let isAnyState = false;
  for (let j = 0; j < nodes.length && !isAnyState; j++) {
    const s = nodes[j]!.state;
    if (s === undefined) continue;
    isAnyState = true;
    for (const name in s.entities) ents[entCount++] = name;
  }
  if (!isAnyState) return; // no node has a state: no acceptors
  // The cluster's MaxChosenEntry per entity: the highest any node with a state knows (down ones too).
  const max = maxScratch;
  for (let i = 0; i < entCount; i++) max[i] = clusterMaxChosen(view, ents[i]!);
  for (let j = 0; j < nodes.length; j++) {
    const n = nodes[j]!;
    const s = n.state;
    if (!n.isUp || s === undefined) continue;
    let m = ACCEPTOR;
    if (s.catchup.queue.length > 0) m |= CATCHING_UP;
    for (let i = 0; i < entCount; i++) {
      const e = s.entities[ents[i]!]!;
      if (e.committed < max[i]!) m |= LAGGING;
      if (e.maxCont < e.maxChosen) m |= CATCHING_UP;
      if (isDbOutOfService(e)) m |= RECOVERING;
      if (e.amnesia !== null) m |= AMNESIAC;
    }
    out[j] = m;
  }
}

// roles()'s per-node facts, kept per node state object: what a node's roles read of its own state (the catching-up,
// recovering and amnesiac bits, and per entity its maxChosen and committed) is a function of that immutable object,
// and mostly one node's state changed since the last ask. roleMasks used to read every node's entities by name (and
// the cluster's max chosen entry by name per entity, every node again) after every changed event of the recording run;
// now only the changed nodes' states are read, and the rest is number arrays.
import type { NodeView } from '../../sim/index.ts';
import type { NodeState } from './state.ts';
import { isDbOutOfService } from './state.ts';

/** Role bits (0: down or no state); roles.ts lists the nodes of each. */
export const ACCEPTOR = 1, LAGGING = 2, CATCHING_UP = 4, RECOVERING = 8, AMNESIAC = 16;

/**
 * One node index's facts: the state object they are of, its own bits, and per entity (in `names` order) two counters;
 * and the entities object the per-entity part was read from, with its bits (a changed state mostly keeps its entities
 * object: the handlers' settle hands the old one back when no entity changed).
 */
interface Slot {
  state: NodeState | undefined; bits: number; entities: object | null; entityBits: number; isMissing: boolean;
  maxChosen: number[]; committed: number[];
}

/**
 * The entity names (for-in order of the first node state's entities, as the plain computation reads them), the
 * entities object they were read from, and the slots (valid for these names only).
 */
const facts = { entities: null as object | null, names: [] as string[], slots: [] as Slot[], max: [] as number[] };

/** The names of `s`'s entities in for-in order, read again only when its entities object is not the last one read. */
function namesOf(s: NodeState): readonly string[] {
  const ents = s.entities;
  if (ents === facts.entities) return facts.names;
  const names = facts.names;
  let n = 0;
  let isSame = true;
  for (const name in ents) {
    if (names[n] !== name) isSame = false;
    names[n++] = name;
  }
  if (n !== names.length) { names.length = n; isSame = false; }
  // Other names (or another order): every slot was worked out for the old ones.
  if (!isSame) for (const slot of facts.slots) { slot.state = undefined; slot.entities = null; }
  facts.entities = ents;
  return names;
}

/** The slot of node `j`, brought up to its state `s`. */
function slotOf(j: number, s: NodeState, names: readonly string[]): Slot {
  let slot = facts.slots[j];
  if (slot === undefined) facts.slots[j] = slot = { state: undefined, bits: 0, entities: null, entityBits: 0, isMissing: false, maxChosen: [], committed: [] };
  if (slot.state === s) return slot;
  const queueBit = s.catchup.queue.length > 0 ? CATCHING_UP : 0;
  slot.state = s;
  if (s.entities === slot.entities) { slot.bits = slot.entityBits | queueBit; return slot; }
  let bits = 0;
  let isMissing = false;
  const { maxChosen, committed } = slot;
  if (maxChosen.length !== names.length) { maxChosen.length = names.length; committed.length = names.length; }
  for (let i = 0; i < names.length; i++) {
    const e = s.entities[names[i]!];
    if (e === undefined) { isMissing = true; maxChosen[i] = 0; committed[i] = 0; continue; }
    maxChosen[i] = e.maxChosen;
    committed[i] = e.committed;
    if (e.maxCont < e.maxChosen) bits |= CATCHING_UP;
    if (isDbOutOfService(e)) bits |= RECOVERING;
    if (e.amnesia !== null) bits |= AMNESIAC;
  }
  slot.entities = s.entities;
  slot.entityBits = bits;
  slot.bits = bits | queueBit;
  slot.isMissing = isMissing;
  return slot;
}

/**
 * Each node's roles mask into `out` (length: the nodes), from the slots; false (and `out` unspecified) when an up
 * node lacks one of the names, where the plain computation must answer (it reads the missing entity and throws).
 */
export function roleMasksFromFacts(nodes: readonly NodeView<NodeState>[], out: number[]): boolean {
  if (out.length !== nodes.length) out.length = nodes.length;
  let names: readonly string[] | null = null;
  for (let j = 0; j < nodes.length; j++) {
    const s = nodes[j]!.state;
    if (s === undefined) continue;
    names ??= namesOf(s);
    slotOf(j, s, names);
  }
  if (names === null) { for (let j = 0; j < nodes.length; j++) out[j] = 0; return true; } // no state: no acceptors
  // The cluster's MaxChosenEntry per entity: the highest any node with a state knows (down ones too).
  const max = facts.max;
  if (max.length !== names.length) max.length = names.length;
  for (let i = 0; i < names.length; i++) max[i] = 0;
  const slots = facts.slots;
  for (let j = 0; j < nodes.length; j++) {
    if (nodes[j]!.state === undefined) continue;
    const mc = slots[j]!.maxChosen;
    for (let i = 0; i < names.length; i++) if (mc[i]! > max[i]!) max[i] = mc[i]!;
  }
  for (let j = 0; j < nodes.length; j++) {
    const n = nodes[j]!;
    if (!n.isUp || n.state === undefined) { out[j] = 0; continue; }
    const slot = slots[j]!;
    if (slot.isMissing) return false;
    let m = ACCEPTOR | slot.bits;
    const c = slot.committed;
    for (let i = 0; i < names.length; i++) if (c[i]! < max[i]!) { m |= LAGGING; break; }
    out[j] = m;
  }
  return true;
}

// Checker-side answers about one entity, kept per run while no node's part of that entity changed.
import type { View } from '../../sim/index.ts';
import { perRunNodeMap } from '../../sim/index.ts';
import type { NodeState } from './state.ts';

type EntityAnswer = (view: View<NodeState>, entity: string) => string | null;

/** Stands for a node without a state (down) among the remembered inputs. */
const NO_STATE = {};

interface Memo { readonly inputs: unknown[]; answer: string | null }

/**
 * `answer` remembered per view (one run) and entity, recomputed only when some node's entity state or recovery of that
 * entity (or whether it has a state at all) is not the object it was. For functions of exactly those, the nodes' ids
 * and their order: states are immutable, so the same objects give the same answer. The anomaly probes ask after every
 * event that changed a node, for every entity, while an event changes one entity at one node: the others' answers are
 * read back instead of recomputed (stalled-source's was rebuilt per entity and node, with arrays of every node's).
 */
export function perEntity(answer: EntityAnswer): EntityAnswer {
  // Per run, by entity name (sim/run-memory.ts).
  const memos = perRunNodeMap<Memo>();
  return (view, entity) => {
    const byEntity = memos(view);
    const nodes = view.nodes;
    let m = byEntity.get(entity);
    let isSame = m !== undefined;
    if (m === undefined) byEntity.set(entity, (m = { inputs: [], answer: null }));
    const inputs = m.inputs;
    for (let i = 0; i < nodes.length; i++) {
      const s = nodes[i]!.state;
      const ent = s === undefined ? NO_STATE : s.entities[entity];
      const rec = s === undefined ? NO_STATE : s.recoveries[entity];
      if (inputs[2 * i] !== ent || inputs[2 * i + 1] !== rec) { inputs[2 * i] = ent; inputs[2 * i + 1] = rec; isSame = false; }
    }
    if (inputs.length !== 2 * nodes.length) { inputs.length = 2 * nodes.length; isSame = false; }
    if (isSame) return m.answer;
    return (m.answer = answer(view, entity));
  };
}

interface NamesMemo { readonly records: (object | undefined)[]; readonly names: (readonly string[])[]; list: readonly string[] }
const namesMemos = new WeakMap<object, NamesMemo>();

/** Does the entity record hold exactly these names, in this order (for-in order, as Object.keys)? */
function hasNames(r: Readonly<Record<string, unknown>> | undefined, names: readonly string[]): boolean {
  if (r === undefined) return names.length === 0;
  let i = 0;
  for (const k in r) if (names[i++] !== k) return false;
  return i === names.length;
}

/**
 * The entity names any node's state holds, sorted: what the anomaly probes iterate after every event that changed a
 * node. Each node's entity record is copied whenever one of its entities changes, but the names stay (a fixed entity
 * count), so the list is kept per run while every node's record holds the same names as when it was built.
 */
export function entityNames(view: View<NodeState>): readonly string[] {
  const nodes = view.nodes;
  let m = namesMemos.get(view);
  if (m !== undefined && m.records.length === nodes.length) {
    let isSame = true;
    for (let i = 0; i < nodes.length; i++) {
      const r = nodes[i]!.state?.entities;
      if (r === m.records[i]) continue;
      if (!hasNames(r, m.names[i]!)) { isSame = false; break; }
      m.records[i] = r;
    }
    if (isSame) return m.list;
  }
  const records = nodes.map((n) => n.state?.entities);
  const names = records.map((r) => (r === undefined ? [] : Object.keys(r)));
  const all = new Set<string>();
  for (const ns of names) for (const e of ns) all.add(e);
  m = { records, names, list: [...all].sort() };
  namesMemos.set(view, m);
  return m.list;
}

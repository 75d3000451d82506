// Checker-side answers about one entity, kept per run while no node's part of that entity changed.
import type { View } from '../../sim/index.ts';
import { perRunNodeMap } from '../../sim/index.ts';
import type { NodeState } from './state.ts';
import { hasNames } from './sorted-names.ts';

type EntityAnswer = (view: View<NodeState>, entity: string) => string | null;

/** Stands for a node without a state (down) among the remembered inputs. */
const NO_STATE = {};

/** One entity's inputs as last seen (entity state and recovery per node, 2 per node) and how often they changed. */
interface EntityInputs { readonly entity: string; readonly objs: unknown[]; version: number }

/**
 * Per run: each node's state object as last seen, and the inputs of every entity asked about so far. A node whose
 * state is the object it was holds the same entity and recovery objects (states are immutable), so only the nodes
 * whose state changed since the last look are compared, once for every memo of the run: each memo compared every
 * node's two objects itself, for every entity, after every event (3 probes x entities x nodes).
 */
interface EntityClock { readonly states: unknown[]; readonly list: EntityInputs[]; readonly byName: Map<string, EntityInputs> }

const clocks = new WeakMap<object, EntityClock>();

/** Records node i's objects of the entity into `inputs`; true when one of them is not the object it was. */
function look(s: NodeState | undefined, inputs: EntityInputs, i: number): boolean {
  const objs = inputs.objs;
  const ent = s === undefined ? NO_STATE : s.entities[inputs.entity];
  const rec = s === undefined ? NO_STATE : s.recoveries[inputs.entity];
  if (objs[2 * i] === ent && objs[2 * i + 1] === rec) return false;
  objs[2 * i] = ent;
  objs[2 * i + 1] = rec;
  return true;
}

/**
 * The entity's inputs in this run, brought up to date: `version` changes whenever some node's entity state or recovery
 * of that entity (or whether it has a state at all) is not the object it was at the previous call for the run.
 */
function entityInputs(view: View<NodeState>, entity: string): EntityInputs {
  const nodes = view.nodes;
  let c = clocks.get(view);
  if (c === undefined || c.states.length !== nodes.length) {
    c = { states: nodes.map((): unknown => NO_STATE), list: [], byName: new Map() };
    clocks.set(view, c);
  }
  const states = c.states;
  const list = c.list;
  for (let i = 0; i < nodes.length; i++) {
    const s = nodes[i]!.state;
    if (states[i] === (s ?? NO_STATE)) continue;
    states[i] = s ?? NO_STATE;
    for (let k = 0; k < list.length; k++) if (look(s, list[k]!, i)) list[k]!.version++;
  }
  let inputs = c.byName.get(entity);
  if (inputs === undefined) {
    // First asked: its objects as they are now (every node was looked at above, so later looks see every change).
    inputs = { entity, objs: [], version: 0 };
    for (let i = 0; i < nodes.length; i++) look(nodes[i]!.state, inputs, i);
    c.byName.set(entity, inputs);
    list.push(inputs);
  }
  return inputs;
}

interface Memo { version: number; answer: string | null }

/**
 * A necessary condition of a non-null answer, read from the same inputs (each node's entity state of that entity, and
 * whether it has a state): false means the answer is null. The excuses hold only in rare states (a majority fenced or
 * with its DB gone, a stalled DB), while every event changes some entity's inputs and so recomputed the whole answer;
 * the test looks at one or two fields per node. Skipping the memo then is exact: its version catches up at the next
 * full call, which compares every node's objects with those it last saw.
 */
type EntityTest = (view: View<NodeState>, entity: string) => boolean;
const ALWAYS: EntityTest = () => true;

/**
 * `answer` remembered per view (one run) and entity, recomputed only when some node's entity state or recovery of that
 * entity (or whether it has a state at all) is not the object it was. For functions of exactly those, the nodes' ids
 * and their order: states are immutable, so the same objects give the same answer. The anomaly probes ask after every
 * event that changed a node, for every entity, while an event changes one entity at one node: the others' answers are
 * read back instead of recomputed (stalled-source's was rebuilt per entity and node, with arrays of every node's).
 * With `mayHold` (see EntityTest), an entity that cannot hold the answer is null at once, without the memo.
 */
export function perEntity(answer: EntityAnswer, mayHold: EntityTest = ALWAYS): EntityAnswer {
  // Per run, by entity name (sim/run-memory.ts).
  const memos = perRunNodeMap<Memo>();
  return (view, entity) => {
    if (!mayHold(view, entity)) return null;
    const version = entityInputs(view, entity).version;
    const byEntity = memos(view);
    const m = byEntity.get(entity);
    if (m !== undefined && m.version === version) return m.answer;
    const a = answer(view, entity);
    if (m === undefined) byEntity.set(entity, { version, answer: a });
    else { m.version = version; m.answer = a; }
    return a;
  };
}

interface NamesMemo { readonly records: (object | undefined)[]; readonly names: (readonly string[])[]; list: readonly string[] }
const namesMemos = new WeakMap<object, NamesMemo>();

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

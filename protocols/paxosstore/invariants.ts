// Safety invariants checked after every event: one chosen value per entry (all nodes, all time), valid records,
// DB = chosen values applied in order, ordered and monotone progress counters, catch-up within its budget.
import type { Invariant, View } from '../../sim/index.ts';
import { memoPerNode, nodeInvariant, US_PER_S } from '../../sim/index.ts';
import { stateInvariant } from './state-invariant.ts';
import { recordProblem } from './record.ts';
import { bytesAllowedPerSecond, sendsAllowedPerSecond } from './catchup-ctrl.ts';
import type { CatchupWorker, EntityState, NodeState } from './state.ts';
import { dbMatchProblem } from './db-match.ts';
import { excusedSeconds, forgottenVoteExcuse, observeVotes } from './forgotten-votes.ts';
import { entryList } from './entry-list.ts';
import { changedEntries } from './entry-diff.ts';

/** Chosen value id per entity and entry, as first seen by the checker in this run. */
interface Registry {
  readonly chosen: Map<string, Map<number, string>>;
  /** Last entity state object scanned per node (by position in view.nodes), by entity: unchanged ones are skipped. */
  readonly seen: Map<string, EntityState>[];
  /** Last node state fully scanned per node (by position): an unchanged state is skipped without looking at its entities. */
  readonly nodes: (NodeState | undefined)[];
  /** Second values excused (PS4), `${entity}/${entry}/${valueId}`: each is judged once. */
  readonly excused: Set<string>;
  /** The first violation found: kept, so a later call (the anomaly probe's) cannot pass what this one failed. */
  violation: string | null;
}

const registries = new WeakMap<object, Registry>();

function registryFor(view: View<NodeState>): Registry {
  let r = registries.get(view);
  if (r === undefined) {
    r = { chosen: new Map(), seen: [], nodes: [], excused: new Set(), violation: null };
    registries.set(view, r);
  }
  return r;
}

/**
 * Where a value was seen, named only when a second value is judged: `${node} (chosen record)` or `${node} (applied to
 * DB)`. Built per register call before, a string for every chosen entry and applied value of every scanned state.
 */
const whereSeen = (node: string, isApplied: boolean): string => `${node} ${isApplied ? '(applied to DB)' : '(chosen record)'}`;

function register(view: View<NodeState>, r: Registry, entity: string, entry: number, valueId: string, node: string, isApplied: boolean): string | null {
  let m = r.chosen.get(entity);
  if (m === undefined) {
    m = new Map();
    r.chosen.set(entity, m);
  }
  const prev = m.get(entry);
  if (prev === undefined) {
    m.set(entry, valueId);
    return null;
  }
  if (prev === valueId) return null;
  const k = `${entity}/${entry}/${valueId}`;
  if (r.excused.has(k)) return null;
  // PS4 (forgotten-votes.ts): excused only when every common voter forgot the entry by that cause; counted.
  const why = forgottenVoteExcuse(view, entity, entry, prev, valueId);
  if (why === null) return `${entity} entry ${entry}: ${whereSeen(node, isApplied)} has ${valueId} but ${prev} was chosen`;
  r.excused.add(k);
  let list = excusedSeconds.get(view);
  if (list === undefined) excusedSeconds.set(view, (list = []));
  list.push(`${whereSeen(node, isApplied)}: ${why}`);
  return null;
}

function scanEntity(view: View<NodeState>, r: Registry, node: string, entity: string, ent: EntityState, old: EntityState | undefined, self: number): string | null {
  const { keys, infos } = entryList(ent.entries);
  // Only the entry objects the last scanned entity did not hold at the same number (entry-diff.ts).
  const changed = changedEntries(old?.entries, ent.entries);
  for (let c = 0; c < changed.length; c++) {
    const i = changed[c]!;
    const e = keys[i]!;
    const info = infos[i]!;
    const local = info.records[self]!;
    const bad = recordProblem(local);
    if (bad !== null) return `${node} ${entity} entry ${e}: invalid record (${bad})`;
    // A chosen mark counts once its PLog write is done: while the entry is uncertain it may rest on our own vote
    // that a power cut can still take back, and nothing acts on it (UpdateByChosenEntry waits for HandleSetFromPlog).
    if (local.isChosen && local.value !== null && !info.isUncertain) {
      const msg = register(view, r, entity, e, local.value.id, node, false);
      if (msg !== null) return msg;
    }
  }
  const applied = ent.db.applied;
  const from = old !== undefined && old.db.applied.length <= applied.length && (old.db.applied.length === 0 || old.db.applied[old.db.applied.length - 1] === applied[old.db.applied.length - 1]) ? old.db.applied.length : 0;
  for (let i = from; i < applied.length; i++) {
    const msg = register(view, r, entity, i + 1, applied[i]!.id, node, true);
    if (msg !== null) return msg;
  }
  return null;
}

export const oneChosenValue: Invariant<NodeState> = {
  name: 'one-chosen-value',
  description: 'P1/P2/P3: at most one value is ever chosen (or applied) per entity and entry, across nodes and time; records stay valid (excused, counted as vote-forgotten-after-db-moved-back: a second value where every acceptor common to the two choosing quorums forgot its vote by PS4, GC + a DB moved back + a restart at that DB)',
  scope: 'states',
  check(view) {
    const r = registryFor(view);
    if (r.violation !== null) return r.violation;
    observeVotes(view); // every state, not only at a conflict: the excuse needs the votes and forgettings before it
    const nodes = view.nodes;
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      const s = n.state;
      if (s === undefined || r.nodes[i] === s) continue;
      let seen = r.seen[i];
      if (seen === undefined) r.seen[i] = seen = new Map();
      // for-in, not Object.keys: the same order (own string keys of a plain record) without a key array per node.
      for (const entity in s.entities) {
        const ent = s.entities[entity]!;
        const old = seen.get(entity);
        if (old === ent) continue;
        const msg = scanEntity(view, r, n.id, entity, ent, old, s.idx);
        seen.set(entity, ent);
        if (msg !== null) return (r.violation = msg);
      }
      r.nodes[i] = s;
    }
    return null;
  },
};

// The next three are per-node functions of a node's state (or its worker): node invariants, checked only for the nodes
// an event changed (each remembers its verdict per node and state object, which an unchanged node would hand back).
// As 'states' invariants they looked up every node's memory after every event that changed any node.
export const dbMatchesChosen: Invariant<NodeState> = stateInvariant(
  'db-matches-chosen',
  'every DB equals the chosen values applied in entry order up to CommittedEntry (outside GetAllAndSet)',
  dbMatchProblem,
);

export const progressOrdered: Invariant<NodeState> = stateInvariant(
  'progress-ordered',
  'P6: CommittedEntry ≤ MaxContChosenEntry ≤ MaxChosenEntry, none of them lower than it has been in this incarnation (the DB\'s CommittedEntry only where a GetAllAndSet from a source behind set it back: anomaly recovery-db-moved-back)',
  progressProblem,
);

function progressProblem(s: NodeState, id: string): string | null {
  for (const entity in s.entities) {
    const e = s.entities[entity]!;
    if (e.committed > e.maxCont || e.maxCont > e.maxChosen) {
      return `${id} ${entity}: committed ${e.committed}, max-cont-chosen ${e.maxCont}, max-chosen ${e.maxChosen} out of order`;
    }
    const hw = e.highWater;
    if (e.committed < hw.committed || e.maxCont < hw.maxCont || e.maxChosen < hw.maxChosen) {
      return `${id} ${entity}: progress went back (committed ${hw.committed}→${e.committed}, max-cont-chosen ${hw.maxCont}→${e.maxCont}, max-chosen ${hw.maxChosen}→${e.maxChosen})`;
    }
  }
  return null;
}

export const catchupWithinBudget: Invariant<NodeState> = nodeInvariant<NodeState>(
  'catchup-within-budget',
  'in any second the catch-up worker sends no more than clsCatchUpCtrl lets through: 2·count budget, byte rate + two slice grants',
  (view, n) => {
    const w = n.state?.catchup;
    return w === undefined || w.recent.length === 0 ? null : budgetVerdict(view, n, w);
  },
);

/**
 * Per run and node (sim/run-memory.ts), the last worker object (immutable) checked and its verdict: the worker
 * changes far less often than it is checked.
 */
const budgetVerdict = memoPerNode((w: CatchupWorker, n) => {
  const msg = budgetProblem(w);
  return msg === null ? null : `${n.id} catch-up worker: ${msg}`;
});

function budgetProblem(w: CatchupWorker): string | null {
  const last = w.recent[w.recent.length - 1]!.atUs;
  const inSecond = w.recent.filter((s) => s.atUs > last - US_PER_S);
  const bytes = inSecond.reduce((a, s) => a + s.bytes, 0);
  const largest = inSecond.reduce((a, s) => Math.max(a, s.bytes), 0);
  const countMax = sendsAllowedPerSecond(w.maxCountPerSecond);
  const bytesMax = bytesAllowedPerSecond(w.maxBytesPerSecond, w.sliceUs, largest);
  if (inSecond.length > countMax || bytes > bytesMax) return `${inSecond.length} commands / ${bytes} bytes in one second, over ${countMax} / ${bytesMax}`;
  return null;
}

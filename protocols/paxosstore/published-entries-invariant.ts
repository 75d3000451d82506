// Published in-memory PLog entries are never written again, checked per node after every event that changed it.
// PaxosStore's handlers copy on write by hand (env.ts entryOf: an entry is copied before its first write in a handler),
// so every earlier state stays as it was and the per-event checks that compare a state with the previous one
// (recovery-state-kept, forgotten-votes, progress-ordered) compare two real states. Mutation sample 2 (env.ts entryOf
// `cur !== undefined && isOwned(cur)` → `||`: an existing entry handed out without its copy) wrote every change of an
// entry into the states already published, and no campaign check saw it: the test suite's frozen states
// (frozen-states.test.ts) catch such a write, but fuzz runs do not freeze states (too slow). This check remembers the
// fields of each entry object the first time it sees it and fails when the same object later holds different fields:
// a write into a state after the event that made it.
//
// Where an object's first-seen fields are found: an entry the node's last checked record of the entity held at the same
// number is compared with the snapshot kept for that position (entry-diff.ts), and any other entry is looked for in the
// node's last checked state (every entity), else it is new: its fields are taken now. That is every object the check
// can have seen that a handler can put into the new state: a handler builds it from the node's state as last checked
// (scoped runs check a node after every event that changed it, full runs after every event) and from objects it
// creates, and holds entry objects nowhere but the entities' entries records (states, messages and disk hold records,
// not EntryInfos). A registry of every object ever seen (a WeakMap, as until the twenty-sixth session) answered the same
// and cost about 2 % of a seed: a hash-table insert, an identity hash and an ephemeron for the collector per new object.
import type { Invariant, NodeView, View } from '../../sim/index.ts';
import { NodeMemory, nodeInvariant } from '../../sim/index.ts';
import type { EntityState, EntryInfo, NodeState } from './state.ts';
import type { EntryList } from './entry-list.ts';
import { entryList } from './entry-list.ts';
import { entryDiff } from './entry-diff.ts';

type Entries = EntityState['entries'];

/** EntryInfo's fields in freshEntry's (and copyEntryInfo's) key order: the order every entry the handlers make has. */
const ENTRY_KEYS = [
  'records', 'isUncertain', 'writeSeq', 'syncTo', 'waiting', 'checkedEmpty', 'checkedEmptyUuid', 'checkedEmptyBy', 'proposal', 'catchupAtUs',
] as const satisfies readonly (keyof EntryInfo)[];
const ENTRY_FIELD_COUNT = ENTRY_KEYS.length;

/**
 * The fields an entry object had when the check first saw it. When it held exactly ENTRY_KEYS in that order, none
 * undefined (every entry the handlers make), the ten fields here are its whole copy and `was` is null: one object of
 * one class, compared field by field. Any other entry keeps its spread copy in `was` (its named fields are unused).
 */
class Snapshot {
  constructor(
    readonly records: unknown, readonly isUncertain: unknown, readonly writeSeq: unknown, readonly syncTo: unknown,
    readonly waiting: unknown, readonly checkedEmpty: unknown, readonly checkedEmptyUuid: unknown, readonly checkedEmptyBy: unknown,
    readonly proposal: unknown, readonly catchupAtUs: unknown,
    readonly was: Readonly<Record<string, unknown>> | null,
  ) {}
}

function snapshotOf(x: EntryInfo): Snapshot {
  let count = 0;
  let isInOrder = true;
  for (const k in x) {
    if (count >= ENTRY_FIELD_COUNT || k !== ENTRY_KEYS[count]) isInOrder = false;
    count++;
  }
  const isNamed = isInOrder && count === ENTRY_FIELD_COUNT && x.records !== undefined && x.isUncertain !== undefined &&
    x.writeSeq !== undefined && x.syncTo !== undefined && x.waiting !== undefined && x.checkedEmpty !== undefined &&
    x.checkedEmptyUuid !== undefined && x.checkedEmptyBy !== undefined && x.proposal !== undefined && x.catchupAtUs !== undefined;
  return new Snapshot(x.records, x.isUncertain, x.writeSeq, x.syncTo, x.waiting, x.checkedEmpty, x.checkedEmptyUuid,
    x.checkedEmptyBy, x.proposal, x.catchupAtUs, isNamed ? null : { ...x } as Readonly<Record<string, unknown>>);
}

/** The first-seen copy as an object: `was`, or the ten fields in ENTRY_KEYS order (the spread the entry gave then). */
function firstSeenCopy(snap: Snapshot): Readonly<Record<string, unknown>> {
  return snap.was ?? {
    records: snap.records, isUncertain: snap.isUncertain, writeSeq: snap.writeSeq, syncTo: snap.syncTo, waiting: snap.waiting,
    checkedEmpty: snap.checkedEmpty, checkedEmptyUuid: snap.checkedEmptyUuid, checkedEmptyBy: snap.checkedEmptyBy,
    proposal: snap.proposal, catchupAtUs: snap.catchupAtUs,
  };
}

/**
 * True only when changedField would find nothing: a named snapshot (ten fields, none undefined), the entry's ten are
 * identical to them (so none of its is undefined or missing) and it holds ten keys (so no other key was added). Named
 * reads of one class instead of changedField's keyed reads, which V8 runs megamorphic; anything else goes to
 * changedField, so the check finds exactly what a key walk finds.
 */
function isSurelyUnchanged(x: EntryInfo, w: Snapshot): boolean {
  if (w.was !== null || x.records !== w.records || x.isUncertain !== w.isUncertain || x.syncTo !== w.syncTo ||
    x.writeSeq !== w.writeSeq || x.waiting !== w.waiting || x.checkedEmpty !== w.checkedEmpty ||
    x.checkedEmptyUuid !== w.checkedEmptyUuid || x.checkedEmptyBy !== w.checkedEmptyBy || x.proposal !== w.proposal ||
    x.catchupAtUs !== w.catchupAtUs) return false;
  let count = 0;
  for (const _ in x) count++;
  return count === ENTRY_FIELD_COUNT;
}

/** The first field of `x` that differs from `was` (a shallow compare by identity, as copy-on-write keeps it), or null. */
function changedField(x: EntryInfo, was: Readonly<Record<string, unknown>>): string | null {
  const o = x as unknown as Record<string, unknown>;
  let count = 0;
  for (const k in o) {
    count++;
    if (o[k] !== was[k] || !(k in was)) return k;
  }
  for (const k in was) if (--count < 0) return k;
  return null;
}

const NO_SNAPSHOTS: Snapshot[] = [];
/** Stands for "no record checked yet" and "no changed record this check" (no state holds this object). */
const NO_RECORD: Entries = {};
const NO_LIST: EntryList = { keys: [], infos: [] };

/**
 * One entity of a node: the entries record checked last and its entries' snapshots in list order, and what this
 * check found for a changed record, made the memory only once the whole state passed (a moved entry is looked for in
 * the state checked last, so no entity's memory may move on before every entity is checked).
 */
class Checked {
  entries: Entries = NO_RECORD;
  list: EntryList = NO_LIST;
  /** snaps[i]: the snapshot of the record's i-th entry (slots from the record's length on are stale, never read). */
  snaps: Snapshot[] = NO_SNAPSHOTS;
  /** The array the next changed record's snapshots are written into (the one replaced last: no array per record). */
  spare: Snapshot[] = [];
  /** The changed record this check saw (NO_RECORD: none), its list and snapshots. */
  nextEntries: Entries = NO_RECORD;
  nextList: EntryList = NO_LIST;
  constructor(readonly name: string) {}
}

/** A node's memory: its entities' in the for-in order of the state last checked (names are checked, a Map backs it). */
class NodeChecks {
  readonly checked: Checked[] = [];
  readonly byName = new Map<string, Checked>();
}

/** Kept in the kernel's node object (sim's NodeMemory: one slot per run and node, no lookup by view and node id). */
const memories = new NodeMemory<NodeChecks>();

function memoryOf(view: View<NodeState>, n: NodeView<NodeState>): NodeChecks {
  let m = memories.get(view, n);
  if (m === undefined) memories.set(view, n, (m = new NodeChecks()));
  return m;
}

function checkedOf(m: NodeChecks, k: number, name: string): Checked {
  const c = m.checked[k];
  if (c !== undefined && c.name === name) return c;
  let found = m.byName.get(name);
  if (found === undefined) {
    m.byName.set(name, (found = new Checked(name)));
    m.checked.push(found);
  }
  return found;
}

/** The snapshot of `x` if the node's last checked state held it (at any entity and number), else undefined. */
function snapshotInLastState(m: NodeChecks, x: EntryInfo): Snapshot | undefined {
  const all = m.checked;
  for (let c = 0; c < all.length; c++) {
    const { list, snaps } = all[c]!;
    const infos = list.infos;
    for (let i = 0; i < infos.length; i++) if (infos[i] === x) return snaps[i];
  }
  return undefined;
}

const failure = (n: NodeView<NodeState>, entity: string, entry: number, k: string): string =>
  `${n.id} ${entity} entry ${entry}: field ${k} of an entry object already published in an earlier state was written (copy-on-write broken: the earlier states changed too)`;

function checkNode(view: View<NodeState>, n: NodeView<NodeState>): string | null {
  const s = n.state;
  if (s === undefined) return null;
  const m = memoryOf(view, n);
  const msg = checkState(m, s, n);
  if (msg !== null) for (const c of m.checked) c.nextEntries = NO_RECORD; // the memory stays the last passed state's
  return msg;
}

/** The first write found into an entry object of `s` the node's memory has seen, or null; `m` moves on to `s` if none. */
function checkState(m: NodeChecks, s: NodeState, n: NodeView<NodeState>): string | null {
  let k = 0;
  let changed = 0;
  for (const entity in s.entities) {
    const entries = s.entities[entity]!.entries;
    const c = checkedOf(m, k++, entity);
    if (c.entries === entries) {
      const { keys, infos } = c.list;
      const snaps = c.snaps;
      for (let i = 0; i < infos.length; i++) {
        const x = infos[i]!;
        const snap = snaps[i]!;
        if (isSurelyUnchanged(x, snap)) continue;
        const f = changedField(x, firstSeenCopy(snap));
        if (f !== null) return failure(n, entity, keys[i]!, f);
      }
      continue;
    }
    const list = entryList(entries);
    const { keys, infos } = list;
    const from = entryDiff(c.entries === NO_RECORD ? undefined : c.entries, entries).from;
    const snaps = c.spare; // overwritten from 0 (slots past the record's entries are never read: no length set)
    for (let i = 0; i < infos.length; i++) {
      const x = infos[i]!;
      const j = from[i]!;
      const snap = j >= 0 ? c.snaps[j]! : snapshotInLastState(m, x);
      if (snap === undefined) {
        // First seen: its fields now are what later states are compared with.
        snaps[i] = snapshotOf(x);
        continue;
      }
      snaps[i] = snap;
      if (isSurelyUnchanged(x, snap)) continue;
      const f = changedField(x, firstSeenCopy(snap));
      if (f !== null) return failure(n, entity, keys[i]!, f);
    }
    c.nextEntries = entries;
    c.nextList = list;
    changed++;
  }
  if (changed > 0) {
    for (const c of m.checked) {
      if (c.nextEntries === NO_RECORD) continue;
      const snaps = c.spare;
      c.spare = c.snaps === NO_SNAPSHOTS ? [] : c.snaps;
      c.snaps = snaps;
      c.entries = c.nextEntries;
      c.list = c.nextList;
      c.nextEntries = NO_RECORD;
    }
  }
  return null;
}

export const publishedEntriesUnchanged: Invariant<NodeState> = nodeInvariant<NodeState>(
  'published-entries-unchanged',
  'an in-memory PLog entry object, once part of a published node state, keeps its fields (handlers copy an entry before writing it)',
  checkNode,
);

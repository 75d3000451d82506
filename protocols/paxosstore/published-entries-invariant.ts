// Published in-memory PLog entries are never written again, checked per node after every event that changed it.
// PaxosStore's handlers copy on write by hand (env.ts entryOf: an entry is copied before its first write in a handler),
// so every earlier state stays as it was and the per-event checks that compare a state with the previous one
// (recovery-state-kept, forgotten-votes, progress-ordered) compare two real states. Mutation sample 2 (env.ts entryOf
// `cur !== undefined && isOwned(cur)` → `||`: an existing entry handed out without its copy) wrote every change of an
// entry into the states already published, and no campaign check saw it: the test suite's frozen states
// (frozen-states.test.ts) catch such a write, but fuzz runs do not freeze states (too slow). This check remembers a
// shallow copy of each entry object the first time it sees it and fails when the same object later holds different
// fields: a write into a state after the event that made it.
import type { Invariant, NodeView, View } from '../../sim/index.ts';
import { nodeInvariant } from '../../sim/index.ts';
import type { EntityState, EntryInfo, NodeState } from './state.ts';
import type { EntryList } from './entry-list.ts';
import { entryList } from './entry-list.ts';
import { entryDiff } from './entry-diff.ts';

/**
 * The fields an entry object had when a check first saw it, and how many (a copy is never written); `isNamed`: it holds
 * exactly the ten named fields, none undefined (isSurelyUnchanged may decide for entries compared with it).
 */
interface Snapshot { readonly was: Readonly<Record<string, unknown>>; readonly count: number; readonly isNamed: boolean }

/** Each entry object's snapshot (objects are never reused across runs or nodes). */
const seen = new WeakMap<EntryInfo, Snapshot>();

/**
 * Per run, node and entity: the entries record checked last and its entries' snapshots in list order, so an entry the
 * record held at the same number is compared with its snapshot without a WeakMap lookup (entry-diff.ts); only the
 * entries new to the node's record are looked up in (or added to) `seen`, which keeps the first copy of each.
 */
interface Checked {
  entries: EntityState['entries'];
  /** entryList(entries), kept here: a node's unchanged entities are checked after every event that changed the node. */
  list: EntryList;
  /** snaps[i]: the snapshot of the record's i-th entry (slots from the record's length on are stale, never read). */
  snaps: Snapshot[];
  /** The previous snaps array, refilled for the next record (no array per changed record). */
  spare: Snapshot[];
}
/** Keyed by the kernel's node object (one per run and node; state-invariant.ts says why not by view and node id). */
const checkedOf = new WeakMap<NodeView<NodeState>, Map<string, Checked>>();

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

/** EntryInfo's fields (freshEntry's keys): the fast comparison below names them. */
const ENTRY_FIELD_COUNT = 10;

/**
 * True only when changedField would find nothing: the snapshot holds exactly the ten named fields, none undefined
 * (isNamed, worked out once per snapshot), the entry's ten are identical to them (so none of its is undefined or
 * missing) and it holds ten keys (so no other key was added). Named reads of one shape instead of changedField's keyed
 * reads (`was[k]`, `k in was`), which V8 runs megamorphic; anything else goes to changedField, so the check finds
 * exactly what it found before.
 */
function isSurelyUnchanged(x: EntryInfo, snap: Snapshot): boolean {
  if (!snap.isNamed) return false;
  const w = snap.was as unknown as EntryInfo;
  if (x.records !== w.records || x.isUncertain !== w.isUncertain || x.syncTo !== w.syncTo || x.writeSeq !== w.writeSeq ||
    x.waiting !== w.waiting || x.checkedEmpty !== w.checkedEmpty || x.checkedEmptyUuid !== w.checkedEmptyUuid ||
    x.checkedEmptyBy !== w.checkedEmptyBy || x.proposal !== w.proposal || x.catchupAtUs !== w.catchupAtUs) return false;
  let count = 0;
  for (const _ in x) count++;
  return count === ENTRY_FIELD_COUNT;
}

function snapshotOf(x: EntryInfo): Snapshot {
  const was = { ...x } as Readonly<Record<string, unknown>>;
  let count = 0;
  for (const _ in was) count++;
  const w = was as unknown as EntryInfo;
  const isNamed = count === ENTRY_FIELD_COUNT && w.records !== undefined && w.isUncertain !== undefined && w.syncTo !== undefined &&
    w.writeSeq !== undefined && w.waiting !== undefined && w.checkedEmpty !== undefined && w.checkedEmptyUuid !== undefined &&
    w.checkedEmptyBy !== undefined && w.proposal !== undefined && w.catchupAtUs !== undefined;
  return { was, count, isNamed };
}

function checkNode(view: View<NodeState>, n: NodeView<NodeState>): string | null {
  const s = n.state;
  if (s === undefined) return null;
  let byEntity = checkedOf.get(n);
  if (byEntity === undefined) checkedOf.set(n, (byEntity = new Map()));
  for (const entity in s.entities) {
    const entries = s.entities[entity]!.entries;
    const last = byEntity.get(entity);
    const isSame = last !== undefined && last.entries === entries;
    const list = isSame ? last.list : entryList(entries);
    const { keys, infos } = list;
    const from = isSame ? null : entryDiff(last?.entries, entries).from;
    let snaps: Snapshot[];
    if (isSame) snaps = last.snaps;
    else if (last === undefined) snaps = [];
    else snaps = last.spare; // overwritten from 0 (slots past the record's entries are never read: no length set)
    for (let i = 0; i < infos.length; i++) {
      const x = infos[i]!;
      let snap: Snapshot | undefined;
      if (from === null) snap = snaps[i]!;
      else {
        const j = from[i]!;
        snap = j >= 0 ? last!.snaps[j]! : seen.get(x);
        if (snap === undefined) {
          // First seen: its copy is what later states are compared with.
          seen.set(x, (snap = snapshotOf(x)));
          snaps[i] = snap;
          continue;
        }
        snaps[i] = snap;
      }
      if (isSurelyUnchanged(x, snap)) continue;
      const k = changedField(x, snap.was);
      if (k !== null) return `${n.id} ${entity} entry ${keys[i]}: field ${k} of an entry object already published in an earlier state was written (copy-on-write broken: the earlier states changed too)`;
    }
    if (last === undefined) byEntity.set(entity, { entries, list, snaps, spare: [] });
    else if (!isSame) {
      last.entries = entries;
      last.list = list;
      last.spare = last.snaps;
      last.snaps = snaps;
    }
  }
  return null;
}

export const publishedEntriesUnchanged: Invariant<NodeState> = nodeInvariant<NodeState>(
  'published-entries-unchanged',
  'an in-memory PLog entry object, once part of a published node state, keeps its fields (handlers copy an entry before writing it)',
  checkNode,
);

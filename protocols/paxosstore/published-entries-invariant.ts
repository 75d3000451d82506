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
import type { EntryInfo, NodeState } from './state.ts';
import { entryList } from './entry-list.ts';

/** The fields each entry object had when a check first saw it (objects are never reused across runs or nodes). */
const seen = new WeakMap<EntryInfo, Readonly<Record<string, unknown>>>();

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
 * True only when changedField would find nothing: the ten named fields are defined and identical, and both objects
 * hold exactly ten keys (so no other key was added, and none of the ten is missing). Named reads of one shape instead
 * of changedField's keyed reads (`was[k]`, `k in was`), which V8 runs megamorphic; anything else (an undefined value,
 * another key count) goes to changedField, so the check finds exactly what it found before.
 */
function isSurelyUnchanged(x: EntryInfo, was: Readonly<Record<string, unknown>>): boolean {
  const w = was as unknown as EntryInfo;
  if (x.records !== w.records || x.isUncertain !== w.isUncertain || x.syncTo !== w.syncTo || x.writeSeq !== w.writeSeq ||
    x.waiting !== w.waiting || x.checkedEmpty !== w.checkedEmpty || x.checkedEmptyUuid !== w.checkedEmptyUuid ||
    x.checkedEmptyBy !== w.checkedEmptyBy || x.proposal !== w.proposal || x.catchupAtUs !== w.catchupAtUs) return false;
  if (x.records === undefined || x.isUncertain === undefined || x.syncTo === undefined || x.writeSeq === undefined ||
    x.waiting === undefined || x.checkedEmpty === undefined || x.checkedEmptyUuid === undefined ||
    x.checkedEmptyBy === undefined || x.proposal === undefined || x.catchupAtUs === undefined) return false;
  let count = 0;
  for (const _ in x) count++;
  if (count !== ENTRY_FIELD_COUNT) return false;
  for (const _ in was) count--;
  return count === 0;
}

function checkNode(_view: View<NodeState>, n: NodeView<NodeState>): string | null {
  const s = n.state;
  if (s === undefined) return null;
  for (const entity in s.entities) {
    const { keys, infos } = entryList(s.entities[entity]!.entries);
    for (let i = 0; i < infos.length; i++) {
      const x = infos[i]!;
      const was = seen.get(x);
      if (was === undefined) {
        seen.set(x, { ...x });
        continue;
      }
      if (isSurelyUnchanged(x, was)) continue;
      const k = changedField(x, was);
      if (k !== null) return `${n.id} ${entity} entry ${keys[i]}: field ${k} of an entry object already published in an earlier state was written (copy-on-write broken: the earlier states changed too)`;
    }
  }
  return null;
}

export const publishedEntriesUnchanged: Invariant<NodeState> = nodeInvariant<NodeState>(
  'published-entries-unchanged',
  'an in-memory PLog entry object, once part of a published node state, keeps its fields (handlers copy an entry before writing it)',
  checkNode,
);

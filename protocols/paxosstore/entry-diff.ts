// Which entry objects of a published in-memory PLog entries record are new since an earlier record of the same entity:
// the per-entry watchers (invariants) judge a node's entries after each event that changed it, while an event replaces
// an entry or two; an entry object the earlier record held at the same entry number was judged then and, published
// entries being immutable (published-entries-unchanged), would be judged the same again. Found by one merge walk of
// the two records' entry lists (entry-list.ts: ascending numbers) with identity compares, instead of a WeakSet or
// WeakMap lookup per entry in every watcher (whose ephemeron tables also cost the GC); the watchers ask about the same
// pair in one event, so the answer is kept for the most recent pairs.
import type { EntityState } from './state.ts';
import { entryList } from './entry-list.ts';

type Entries = EntityState['entries'];

export interface EntryDiff {
  /** Positions in entryList(now) whose entry object `before` does not hold at the same entry number, ascending. */
  readonly changed: readonly number[];
  /** Per position in entryList(now): the position in entryList(before) of the same object at the same entry number, or -1. */
  readonly from: readonly number[];
}

/** Stands for "no earlier record" (every entry is new). */
const NO_RECORD: Entries = {};

const SLOTS = 8;
const befores: (Entries | null)[] = new Array<Entries | null>(SLOTS).fill(null);
const nows: (Entries | null)[] = new Array<Entries | null>(SLOTS).fill(null);
const diffs: (EntryDiff | null)[] = new Array<EntryDiff | null>(SLOTS).fill(null);
let last = 0;

/**
 * How `now` differs from `before` (no earlier record when undefined: every entry is changed). The same arrays for the
 * same pair while it is in the cache; callers only read them.
 */
export function entryDiff(beforeOrNone: Entries | undefined, now: Entries): EntryDiff {
  const before = beforeOrNone ?? NO_RECORD;
  for (let i = last, n = 0; n < SLOTS; n++, i = i === 0 ? SLOTS - 1 : i - 1) {
    if (nows[i] === now && befores[i] === before) return diffs[i]!;
  }
  const b = entryList(before);
  const a = entryList(now);
  const changed: number[] = [];
  const from: number[] = [];
  let j = 0;
  for (let i = 0; i < a.keys.length; i++) {
    const e = a.keys[i]!;
    while (j < b.keys.length && b.keys[j]! < e) j++;
    if (j < b.keys.length && b.keys[j] === e && b.infos[j] === a.infos[i]) from.push(j);
    else {
      from.push(-1);
      changed.push(i);
    }
  }
  const diff: EntryDiff = { changed, from };
  last = last === SLOTS - 1 ? 0 : last + 1;
  befores[last] = before;
  nows[last] = now;
  diffs[last] = diff;
  return diff;
}

const NONE: readonly number[] = [];

/** The positions in entryList(now) whose entry object `before` does not hold at the same entry number (all without `before`). */
export function changedEntries(before: Entries | undefined, now: Entries): readonly number[] {
  return before === now ? NONE : entryDiff(before, now).changed;
}

// The entry numbers and objects of a published in-memory PLog entries record, listed once per record object for every
// watcher (invariants, anomaly probes, coverage). An entries record is keyed by entry number, so its keys are V8
// elements: a for-in or Object.keys over it leaves the enum cache's fast path, builds a key array and a string per key,
// and each `entries[key]` read converts the string back (about half a microsecond per entry on this machine, and a node
// holds about six). Eight watchers walked every entity's record of a node after each event that changed it, while an
// event replaces at most a record or two: the record object is the same for all of them, so it is walked once here
// and the others read two arrays. Published records are never written (copy-on-write: a handler copies a record
// before it adds or deletes an entry), so a record's list stays true; handlers' own drafts are not listed.
import type { EntityState, EntryInfo } from './state.ts';

export interface EntryList {
  /** Entry numbers in for-in order (ascending: they are array indices). */
  readonly keys: readonly number[];
  /** infos[i] is the record's entry keys[i]. */
  readonly infos: readonly EntryInfo[];
}

type Entries = EntityState['entries'];

/**
 * Recently listed records, most recent at `last`: enough slots for every live record of a run (at most five nodes
 * times three entities) and some of the states just replaced. A linear scan of identities, no WeakMap: a WeakMap key
 * needs an identity hash and an ephemeron-table entry per record, which a previous session measured slower than the
 * walk it saved.
 */
const SLOTS = 32;
const records: (Entries | null)[] = new Array<Entries | null>(SLOTS).fill(null);
const lists: (EntryList | null)[] = new Array<EntryList | null>(SLOTS).fill(null);
let last = 0;

/** The record's entries as two arrays (the same arrays for the same record object while it is in the cache). */
export function entryList(entries: Entries): EntryList {
  for (let i = last, n = 0; n < SLOTS; n++, i = i === 0 ? SLOTS - 1 : i - 1) {
    if (records[i] === entries) return lists[i]!;
  }
  const list = listed(entries);
  last = last === SLOTS - 1 ? 0 : last + 1;
  records[last] = entries;
  lists[last] = list;
  return list;
}

/**
 * The record's for-in walk without its string keys: a for-in over element keys leaves V8's enum-cache path and makes a
 * string per key (about a microsecond per record of six, 1.5 % of a seed with every new record listed once). The values
 * come from Object.values (own enumerable values in for-in order: element keys ascend) and their numbers from probing
 * 0, 1, 2, ... until as many keys are found; a record holding anything else (a named key, an undefined value, keys far
 * apart) leaves keys unfound within the probe budget and is walked as before. Records are plain objects whose prototype
 * chain holds no enumerable or index keys, so for-in lists exactly their own keys.
 */
function listed(entries: Entries): EntryList {
  const infos = Object.values(entries);
  const count = infos.length;
  const keys: number[] = [];
  const budget = 4 * count + 64;
  for (let e = 0; keys.length < count && e < budget; e++) {
    const x = entries[e];
    if (x === undefined) continue;
    if (x !== infos[keys.length]) break; // not the for-in order's next value (cannot happen with element keys only)
    keys.push(e);
  }
  return keys.length === count ? { keys, infos } : walked(entries);
}

/** The plain walk: for-in, each key read back as a number. */
function walked(entries: Entries): EntryList {
  const keys: number[] = [];
  const infos: EntryInfo[] = [];
  for (const k in entries) {
    const e = Number(k);
    keys.push(e);
    infos.push(entries[e]!);
  }
  return { keys, infos };
}

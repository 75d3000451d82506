// An entities record's names, sorted, kept while the record holds the same names: handlers (the worker tick, PLog GC)
// and liveness checks walked the entities in sorted order with `Object.keys(...).sort()` each time (a key array and a
// sort's copy per call, about 3 % of a paxosstore seed's allocation), while a run's entity names never change (every
// node boots all of them).
type Names = Readonly<Record<string, unknown>>;

/** Does the record hold exactly these names, in this order (for-in order, as Object.keys)? */
export function hasNames(r: Names | undefined, names: readonly string[]): boolean {
  if (r === undefined) return names.length === 0;
  let i = 0;
  for (const k in r) if (names[i++] !== k) return false;
  return i === names.length;
}

let lastNames: readonly string[] = [];
let lastSorted: readonly string[] = Object.freeze([]);

/** `Object.keys(r).sort()`, the same (frozen) array while the names are the same: callers only read it. */
export function sortedNames(r: Names): readonly string[] {
  if (hasNames(r, lastNames)) return lastSorted;
  lastNames = Object.keys(r);
  lastSorted = Object.freeze([...lastNames].sort());
  return lastSorted;
}

// An entities record's names, sorted, kept while records hold the same names. A node's entities are named at boot and
// never added or removed, while the record is copied whenever one of them changes: the liveness checks (after every
// event of the liveness phase) and the worker and GC ticks sorted a fresh key array per call, about 4 % of the bytes a
// seed allocates. The memo checks the record's names against the last ones it listed, in order, so its answer is
// always the record's own Object.keys(...).sort().

/** Does the record hold exactly these names, in this order (for-in order, as Object.keys)? */
export function hasNames(r: Readonly<Record<string, unknown>> | undefined, names: readonly string[]): boolean {
  if (r === undefined) return names.length === 0;
  let i = 0;
  for (const k in r) if (names[i++] !== k) return false;
  return i === names.length;
}

let lastNames: readonly string[] = [];
let lastSorted: readonly string[] = [];

/** Object.keys(r).sort(), the same array while records hold the same names (callers only read it). */
export function sortedNames(r: Readonly<Record<string, unknown>>): readonly string[] {
  if (hasNames(r, lastNames)) return lastSorted;
  const names = Object.keys(r);
  lastNames = names;
  lastSorted = [...names].sort();
  return lastSorted;
}

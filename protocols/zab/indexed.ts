// Records keyed by integer ids (connection ids, request ids: pendingClients, a learner's pendingSyncs, cnx's unknown,
// foreign and scans) kept in V8's dictionary ("slow") elements, made so on purpose; the leader's learners stay in fast
// elements (copyElements below).
// Why: the ids come from one run-wide counter and reach the hundreds, and V8 stores an integer key below 1024 past the
// end of a young object's elements as fast holey elements sized ~1.5x the id. A record holding request 700 then
// allocates ~1,000 slots at every copy, and every Object.keys, for-in and spread of it walks every hole: measured alone,
// Object.keys of a one-entry record keyed 700 ~7 us, a for-in copy ~11 us, a spread ~1.7 us, against ~0.2 us, ~2 us
// and ~1 us for the same record in dictionary elements. Nothing observable changes: the same own keys, enumerated in
// ascending order as integer keys always are, so JSON, for-in, Object.keys and every read give the same answers.
// V8 never turns these records back to fast elements: the dictionary remembers the largest key it ever held (the one
// below), and a record is made fast again only when its elements would fill at least half of that.

/**
 * A new empty record in dictionary elements: a literal holding one key far past any id (its elements are a
 * dictionary from the start), that key then deleted (V8 does not go back to fast elements on a delete). ~0.2 us.
 * Every empty integer-keyed record of a state starts here; a record made as `{}` would still be correct, only slower.
 */
export function emptyIndexed<T extends object>(): T {
  const o: Record<number, unknown> = { 2147483632: 0 };
  delete o[2147483632];
  return o as T;
}

/**
 * The empty integer-keyed record states share: what boot, a new role and a cleared or emptied record hold, so none of
 * them makes one (a write copies it first, as any record of a state: states are copy-on-write, and the test suite
 * freezes them). Its copy is a new empty record, without a for-in (one over dictionary elements is a runtime call).
 */
export const EMPTY_INDEXED: Readonly<Record<number, never>> = emptyIndexed();

/**
 * The copy for the leader's learner handles (connection id -> handle), which stay in fast elements: copied at every
 * ACK and ping reply (with the handle written) and seldom walked (learner-conns.ts remembers their keys), and a
 * dictionary copy costs more than a spread (~1.3-1.9 us against ~0.5-1.3 us for three ids near 170 and 800). Holding
 * only elements, every such record has V8's one map of an empty object with holey elements, so this one spread site
 * stays monomorphic (~8x cheaper per copy than sim's shared megamorphic one, measured on learner records).
 */
export const copyElements = <T extends object>(x: T): T => ({ ...x });

/**
 * A copy of an integer-keyed record, itself in dictionary elements (a spread of one makes fast holey elements
 * again). Entry for entry what `{ ...x }` gives: own enumerable keys, in order, with their values.
 */
export function copyIndexed<T extends object>(x: T): T {
  const o = emptyIndexed<Record<string, unknown>>();
  if (x === EMPTY_INDEXED) return o as T;
  const r = x as Readonly<Record<string, unknown>>;
  for (const k in r) o[k] = r[k];
  return o as T;
}

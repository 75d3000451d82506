// Copy-on-write for protocol states written by hand (no immer drafts: their proxies cost more than the handlers), one
// implementation for the four protocols. Two styles share the same identity rule as immer (an update that changes
// nothing returns the very same object), because the kernel skips scoped invariants and coverage for a node whose state
// object is unchanged:
// - a working copy per handler (zab, paxosstore): `beginCopies`, `own` before writing an object, `settleCopies` at the end;
// - persistent updates (tair, tfs): `patched`, `withKey`, `withoutKeys` build new records sharing the unchanged parts.
// Either way the new state goes through `frozenIfRunFreezes`, so the test suite still fails a handler that writes into a
// state it does not own. Runs in one thread are sequential and handlers do not nest, so one module-level list serves.
import { freeze } from 'immer';
import { isRunFreezing } from './freeze.ts';

/**
 * Objects copied by the running handler: only these may be written in place. A linear array: a handler copies a
 * handful of objects, and a Set costs more per new object (V8 gives each an identity hash). Its first `ownedCount`
 * slots are the list; the slots past it are stale (an earlier handler's objects, overwritten as the list grows again).
 */
const owned: object[] = [];
let ownedCount = 0;

/** Start a handler's working copy: nothing is owned yet. */
export function beginCopies(): void {
  clearOwned();
}

/**
 * A count, not `owned.length = 0`: setting an array's length is a runtime call (every handler ends with its root copy
 * owned, so the guarded store ran at each handler's end: 0.6 % of a zab seed). A stale slot keeps an earlier event's
 * copy reachable until it is overwritten: a handful of objects, most of them parts of live states anyway.
 */
function clearOwned(): void {
  ownedCount = 0;
}

/** Did the running handler copy (or create and register) `x`? Only then may it write `x` in place. */
export function isOwned(x: object): boolean {
  for (let i = 0; i < ownedCount; i++) if (owned[i] === x) return true;
  return false;
}

/** Register `x` as owned by the running handler. */
function addOwned(x: object): void {
  if (ownedCount === owned.length) owned.push(x);
  else owned[ownedCount] = x;
  ownedCount++;
}

/**
 * `x` if this handler already copied (or created) it, else a shallow copy it may write. Hot kinds pass their own
 * `copy`: a spread that sees one shape stays fast in V8, one that sees every shape of the state goes megamorphic.
 */
export function own<T extends object>(x: T, copy: (x: T) => T = copyAny): T {
  if (isOwned(x)) return x;
  const c = copy(x);
  addOwned(c);
  return c;
}

/** Register an object the handler created itself as writable (no copy needed before writing it). */
export function ownFresh<T extends object>(x: T): T {
  addOwned(x);
  return x;
}

const copyAny = <T extends object>(x: T): T => (Array.isArray(x) ? x.slice() : { ...x }) as T;

/**
 * The settled value of the working copy `x` of `base`: every copy whose fields all ended up identical to its original
 * is replaced by the original (recursively), so an event that changed nothing gives back `base` itself.
 */
export function settleCopy(base: unknown, x: unknown): unknown {
  if (typeof x !== 'object' || x === null || !isOwned(x) || typeof base !== 'object' || base === null) return x;
  if (Array.isArray(x) && Array.isArray(base)) return settleArray(base, x);
  const b = base as Record<string, unknown>;
  const o = x as Record<string, unknown>;
  let isSame = Array.isArray(x) === Array.isArray(base);
  let count = 0;
  // for-in over plain objects and arrays: own enumerable keys only (no prototypes here), without a keys array.
  for (const k in o) {
    count++;
    const v = o[k];
    const bv = b[k];
    // A value still identical to the original's is not a copy (originals are never owned): nothing to settle.
    if (v === bv && (v !== undefined || k in b)) continue;
    const r = settleCopy(bv, v);
    if (r !== v) o[k] = r;
    if (isSame && (r !== bv || (r === undefined && !(k in b)))) isSame = false;
  }
  if (isSame) for (const _ in b) if (--count < 0) break;
  return isSame && count === 0 ? base : x;
}

/**
 * settleCopy for an array copy of an array: an indexed loop, because for-in over an array enumerates its indices as
 * strings (a log of a few hundred entries, copied to append one, cost more to compare than to copy). Same answer as
 * the for-in walk: holes are skipped on both sides, and the copy is the original when the elements are identical.
 */
function settleArray(base: readonly unknown[], x: unknown[]): unknown {
  let isSame = x.length === base.length;
  for (let i = 0; i < x.length; i++) {
    if (!(i in x)) {
      if (i in base) isSame = false;
      continue;
    }
    const v = x[i];
    const bv = base[i];
    if (v === bv && (v !== undefined || i in base)) continue;
    const r = settleCopy(bv, v);
    if (r !== v) x[i] = r;
    if (isSame && (r !== bv || (r === undefined && !(i in base)))) isSame = false;
  }
  return isSame ? base : x;
}

/**
 * End the handler: `settled` (what settleCopy gave for its root) deep-frozen when it is new and the run freezes
 * states, and the owned list cleared.
 */
export function endCopies<T>(base: T, settled: T): T {
  clearOwned();
  return settled === base ? base : frozenIfRunFreezes(settled);
}

/**
 * `s` with the fields of `p`; `s` itself when every field is already identical (Object.is, as immer compares). Hot
 * kinds pass their own `copy` (a module-level `(x) => ({ ...x })` of their own): V8 clones an object fast only at a
 * spread that has seen few hidden classes; the shared one here sees every state of every protocol and goes
 * megamorphic, about ten times dearer for a tfs nameserver state of some 70 fields (measured: ~0.2 us against 2 us).
 */
export function patched<T extends object>(s: T, p: Partial<T>, copy?: (x: T) => T): T {
  for (const k in p) {
    if (!Object.is(p[k], s[k]) || !(k in s)) return copy === undefined ? { ...s, ...p } : copyWith(copy(s), p);
  }
  return s;
}

/**
 * `c` (a fresh copy of the patched record) with p's fields assigned: the same keys, values and key order as the
 * second spread of `{ ...s, ...p }` (p's new keys appended in p's order), without its generic copy path.
 */
function copyWith<T extends object>(c: T, p: Partial<T>): T {
  for (const k in p) c[k] = p[k] as T[typeof k];
  return c;
}

/**
 * The record with `key` set to `value` (the same record when it already holds exactly that). Copied key by key into a
 * fresh literal, not `{ ...r, [key]: value }`: this one spread saw every keyed record of every protocol, so it went
 * megamorphic and V8 copied through a runtime call (tfs 1.7 %, tair 0.9 % self). Same entries in the same order: for-in
 * over a plain record enumerates its own keys as a spread copies them, and an existing key keeps its place.
 */
export function withKey<V>(r: Readonly<Record<string, V>>, key: string | number, value: V): Readonly<Record<string, V>> {
  if (Object.is(r[key], value) && key in r) return r;
  const out: Record<string, V> = {};
  for (const k in r) out[k] = r[k]!;
  out[key] = value;
  return out;
}

/**
 * The record without `keys` (the same record when it has none of them). The other entries are copied key by key, in
 * order, rather than spread and then deleted from: a `delete` turns the copy into a dictionary-mode object, and every
 * later read, for-in, copy and hash fold of that record (states live for many events) then runs in the runtime.
 */
export function withoutKeys<V>(r: Readonly<Record<string, V>>, keys: readonly (string | number)[]): Readonly<Record<string, V>> {
  if (!hasAnyKey(r, keys)) return r;
  const out: Record<string, V> = {};
  for (const k in r) if (!isListed(keys, k)) out[k] = r[k]!;
  return out;
}

/** Does the record have any own enumerable key (`Object.keys(r).length > 0` without building the keys array)? */
export function hasKeys(r: object): boolean {
  for (const _ in r) return true;
  return false;
}

function hasAnyKey(r: object, keys: readonly (string | number)[]): boolean {
  for (let i = 0; i < keys.length; i++) if (keys[i]! in r) return true;
  return false;
}

/** Is the property name `k` one of `keys` (numbers name the property of their decimal text, as `r[5]` is `r['5']`)? */
function isListed(keys: readonly (string | number)[], k: string): boolean {
  for (let i = 0; i < keys.length; i++) if (String(keys[i]) === k) return true;
  return false;
}

/** A new state, deep-frozen when the run freezes states (immer's freeze stops at parts already frozen). */
export function frozenIfRunFreezes<T>(s: T): T {
  return isRunFreezing() ? freeze(s, true) : s;
}

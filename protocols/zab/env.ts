// What every handler gets (context, options, bug flags) and the hand-written copy-on-write its writes go through.
import { beginCopies, endCopies, own as ownCopy, ownFresh, settleCopy } from '../../sim/index.ts';
import type { BugSet, Ctx } from '../../sim/index.ts';
import type { ZabMsg } from './messages.ts';
import type { ZabOptions } from './options.ts';
import type { ZabNode } from './state.ts';
import { settleCnx, settleElection, settleRole } from './settle.ts';
import { forgetWrittenKeys, noteKey, settleKeys } from './keyed.ts';
import { EMPTY_INDEXED, emptyIndexed } from './indexed.ts';

export interface Env {
  readonly ctx: Ctx<ZabMsg>;
  readonly opts: ZabOptions;
  readonly bugs: BugSet;
}

/** One level writable: the fields of an object this handler copied; what they point to stays read-only. */
export type Mut<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The state a handler writes: a copy of the node record (plain objects, no immer proxies: they cost more than the
 * handlers). Nested objects are shared with earlier states and read-only in the type; a handler writes one only
 * after `own`/`ownField` copied it, so the compiler points at every nested write that skips the copy.
 */
export type D = Mut<ZabNode>;

export function beginHandler(s: ZabNode): D {
  beginCopies();
  forgetWrittenKeys();
  return ownFresh(copyNode(s));
}

/**
 * A shallow copy of the node record, field by field in bootNode's order (so JSON and for-in see the same key order as
 * before). Written out because V8's `{ ...s }` of a 27-field record takes ~3x longer than a literal of known shape
 * (measured on recorded zab states: ~430 vs ~130 ns), and every event pays it. The literal's type is checked against
 * ZabNode, so a new field that is not copied here fails to compile.
 */
function copyNode(s: ZabNode): D {
  return {
    id: s.id, sid: s.sid, isObserver: s.isObserver, bootError: s.bootError, startAtUs: s.startAtUs, isStartedLate: s.isStartedLate,
    acceptedEpoch: s.acceptedEpoch, currentEpoch: s.currentEpoch, history: s.history, snapCount: s.snapCount, lastZxid: s.lastZxid,
    committedLogStart: s.committedLogStart, syncBranches: s.syncBranches, committedCount: s.committedCount, durableCount: s.durableCount,
    tree: s.tree, state: s.state, phase: s.phase, logicalclock: s.logicalclock, currentVote: s.currentVote, election: s.election,
    cnx: s.cnx, role: s.role, gen: s.gen, pendingClients: s.pendingClients, lastSyncMode: s.lastSyncMode, refusedLeader: s.refusedLeader,
  };
}

/**
 * The new state: a copy whose fields all ended up identical to its original is replaced by the original, so an event
 * that changed nothing returns `s` itself and unchanged parts keep their identity (scoped invariants and coverage
 * skip unchanged states, as they did when immer returned the base). In the test suite the result is deep-frozen
 * (sim/copy-on-write.ts), so a handler writing a shared object throws there.
 */
export function finishHandler(s: ZabNode, d: D): ZabNode {
  return endCopies(s, settleRoot(s, d));
}

/**
 * settleCopy for the node record, written out field by field: the record's fields are known, and a loop of keyed
 * `o[k]` reads over 27 names is megamorphic in V8. Fields that hold objects are settled first (a copy that ended up
 * identical to its original becomes the original again), then every field is compared; the node record is the only
 * object whose copy every event makes, so an event that changed nothing is a row of identity comparisons. A field
 * left out of the comparison fails test/protocols/zab/settle-root.test.ts.
 */
function settleRoot(s: ZabNode, d: D): ZabNode {
  if (d.history !== s.history) d.history = settleCopy(s.history, d.history) as D['history'];
  if (d.syncBranches !== s.syncBranches) d.syncBranches = settleCopy(s.syncBranches, d.syncBranches) as D['syncBranches'];
  if (d.tree !== s.tree) d.tree = settleCopy(s.tree, d.tree) as D['tree'];
  if (d.currentVote !== s.currentVote) d.currentVote = settleCopy(s.currentVote, d.currentVote) as D['currentVote'];
  // The three objects events copy most have settles of their own (settle.ts), field by field.
  if (d.election !== s.election) d.election = settleElection(s.election, d.election);
  if (d.cnx !== s.cnx) d.cnx = settleCnx(s.cnx, d.cnx);
  if (d.role !== s.role) d.role = settleRole(s.role, d.role);
  if (d.pendingClients !== s.pendingClients) d.pendingClients = settleKeys(s.pendingClients, d.pendingClients, d, 'pendingClients');
  if (d.refusedLeader !== s.refusedLeader) d.refusedLeader = settleCopy(s.refusedLeader, d.refusedLeader) as D['refusedLeader'];
  const isSame = d.id === s.id && d.sid === s.sid && d.isObserver === s.isObserver && d.bootError === s.bootError &&
    d.startAtUs === s.startAtUs && d.isStartedLate === s.isStartedLate && d.acceptedEpoch === s.acceptedEpoch &&
    d.currentEpoch === s.currentEpoch && d.history === s.history && d.snapCount === s.snapCount && d.lastZxid === s.lastZxid &&
    d.committedLogStart === s.committedLogStart && d.syncBranches === s.syncBranches && d.committedCount === s.committedCount &&
    d.durableCount === s.durableCount && d.tree === s.tree && d.state === s.state && d.phase === s.phase &&
    d.logicalclock === s.logicalclock && d.currentVote === s.currentVote && d.election === s.election && d.cnx === s.cnx &&
    d.role === s.role && d.gen === s.gen && d.pendingClients === s.pendingClients && d.lastSyncMode === s.lastSyncMode &&
    d.refusedLeader === s.refusedLeader;
  return isSame ? s : d;
}

/**
 * `x` if this handler already copied (or created) it, else a shallow copy it may write. Hot kinds pass their own
 * `copy`: a spread that sees one shape stays fast in V8, one that sees every shape of the state goes megamorphic.
 */
export function own<T extends object>(x: T, copy?: (x: T) => T): Mut<T> {
  return ownCopy(x, copy) as Mut<T>;
}

/**
 * A field of a writable object, itself made writable (copied into `o` on first write). Hot record fields pass a copy
 * of their own (indexed.ts `copyIndexed` for integer-keyed records): without one the copy is sim/copy-on-write's
 * shared spread, which sees every record of zab and paxosstore and is megamorphic in V8 (a runtime call per copy; the
 * leader's learner handles alone, copied at every ACK, were 1.3 % of a zab seed there).
 */
export function ownField<T extends object, K extends keyof T>(o: Mut<T>, k: K, copy?: (x: NonNullable<T[K]>) => NonNullable<T[K]>): Mut<NonNullable<T[K]>> {
  const c = own(o[k] as NonNullable<T[K]> & object, copy as ((x: NonNullable<T[K]> & object) => NonNullable<T[K]> & object) | undefined);
  (o as Record<K, unknown>)[k] = c;
  return c as Mut<NonNullable<T[K]>>;
}

/** A writable array field of a writable object (copied on first write; a history of a few hundred entries copies in ~1 us). */
export function ownArray<T extends object, K extends keyof T>(o: Mut<T>, k: K): T[K] extends readonly (infer E)[] ? E[] : never {
  return ownField(o, k) as never;
}

/** Record an object this handler created as writable (no copy needed before writing it). */
export function fresh<T extends object>(x: T): Mut<T> {
  return ownFresh(x) as Mut<T>;
}

/**
 * `o[k]` without `key`: a new record of the other entries, in the record's key order, this handler's own (what
 * `delete ownField(o, k)[key]` leaves, entry for entry). Not a `delete`: deleting a property turns a V8 object into a
 * dictionary, and a state keeps the record for many events, every for-in, spread and settle of it then running in the
 * runtime (~10x slower). An integer-keyed record (connection and request ids) keeps holey elements sized by its
 * largest id, rebuilt or not, and a for-in over it scans the holes; `{ ...r }` plus `delete` for index keys measured
 * slower per seed (0.94-0.96x: the delete turns a sparse store into a dictionary that later copies and walks pay).
 * A record kept in dictionary elements (`isIndexed`: indexed.ts) is rebuilt in them, or left the shared empty one.
 * Same entries, so the same settle answer: a record that ends up equal to its original becomes the original again.
 */
export function deleteKey<T extends object, K extends keyof T>(o: Mut<T>, k: K, key: string | number, isIndexed = false): void {
  const r = o[k] as Readonly<Record<string, unknown>>;
  const skip = String(key);
  // The names once, as an array (Object.keys lists own enumerable keys in for-in's order): two for-in walks of an
  // integer-keyed record each collected its element indices as strings in the runtime (measured alone: 2x dearer).
  const names = Object.keys(r);
  // Most calls delete a record's only entry (a peer's busy flag or queued notification, a connection's unknown entry,
  // an answered client's request): that leaves an empty record, with no copy walk (keyed stores into a new object).
  // An integer-keyed record left empty is the shared one (indexed.ts), not owned: a later write here copies it.
  if (names.length === 1 && names[0] === skip) { (o as Record<K, unknown>)[k] = isIndexed ? EMPTY_INDEXED : ownFresh({}); return; }
  const out: Record<string, unknown> = isIndexed ? emptyIndexed() : {};
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (name !== skip) out[name] = r[name];
  }
  (o as Record<K, unknown>)[k] = ownFresh(out);
}

type KeyedField<T> = { [K in keyof T]: T[K] extends Readonly<Record<string | number, unknown>> ? K : never }[keyof T] & string;
type ValueOf<T, K extends keyof T> = T[K][keyof T[K]];

/**
 * The copy of a record keyed by names (node ids, zxids): Object.assign into an empty literal, not a spread. These
 * records come in every key set and order (the cnx maps, recvset and acks: up to ~50 hidden classes each), so a
 * spread site sees them all, goes megamorphic and clones in the runtime (~0.5-0.8 us a copy, measured alone over 36
 * shapes); Object.assign's fast path for a plain source and an empty target copies the same own keys in the same
 * order at ~0.15 us. None of these records has a `__proto__` key (which assign would set as the prototype).
 */
export const copyNamed = <T extends object>(x: T): T => Object.assign({}, x);

/**
 * `o[k][key] = value` on a copy of the record (copied on first write, with `copy` as ownField takes it, else by
 * copyNamed); nothing is copied when the record already holds exactly that value (a write that changes nothing).
 * Values are never undefined.
 */
export function setKey<T extends object, K extends KeyedField<T>>(o: Mut<T>, k: K, key: string | number, value: ValueOf<T, K>, copy?: (x: NonNullable<T[K]>) => NonNullable<T[K]>): void {
  const r = o[k] as Readonly<Record<string, unknown>>;
  if (r[key] === value) return;
  (ownField(o, k, copy ?? copyNamed) as Record<string, unknown>)[key] = value;
  noteKey(o, k, key);
}

/** `o[k]` without `key` (deleteKey above), when it has it: a record without the key is left as it is. */
export function dropKey<T extends object, K extends KeyedField<T>>(o: Mut<T>, k: K, key: string | number, isIndexed = false): void {
  if (!(key in (o[k] as object))) return;
  deleteKey(o, k, key, isIndexed);
  noteKey(o, k, key);
}

/**
 * `o[k] = {}`: a new empty record, not a copy of the original's (settled by settleCopy's walk, keyed.ts); the shared
 * empty one for a record keyed by integer ids (`isIndexed`, indexed.ts).
 */
export function clearKeys<T extends object, K extends KeyedField<T>>(o: Mut<T>, k: K, isIndexed = false): void {
  (o as Record<K, unknown>)[k] = isIndexed ? EMPTY_INDEXED : {};
  noteKey(o, k, null);
}

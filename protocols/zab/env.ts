// What every handler gets (context, options, bug flags) and the hand-written copy-on-write its writes go through.
import { freeze } from 'immer';
import { isRunFreezing } from '../../sim/index.ts';
import type { BugSet, Ctx } from '../../sim/index.ts';
import type { ZabMsg } from './messages.ts';
import type { ZabOptions } from './options.ts';
import type { ZabNode } from './state.ts';

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

/**
 * Objects copied by the running handler: only these may be written in place. A linear array: a handler copies a
 * handful of objects, and a Set costs more per new object (V8 gives each an identity hash).
 */
const owned: object[] = [];

export function beginHandler(s: ZabNode): D {
  owned.length = 0;
  const d: D = { ...s };
  owned.push(d);
  return d;
}

/**
 * The new state: a copy whose fields all ended up identical to its original is replaced by the original, so an event
 * that changed nothing returns `s` itself and unchanged parts keep their identity (scoped invariants and coverage
 * skip unchanged states, as they did when immer returned the base). In the test suite the result is deep-frozen
 * (immer's freeze skips frozen parts), so a handler writing a shared object throws there.
 */
export function finishHandler(s: ZabNode, d: D): ZabNode {
  const out = settleRoot(s, d);
  owned.length = 0;
  if (out !== s && isRunFreezing()) freeze(out, true);
  return out;
}

/** Every field of a node record, once (the `satisfies` makes the compiler check the list is complete). */
const ROOT_KEYS = Object.keys({
  id: 0, sid: 0, isObserver: 0, bootError: 0, startAtUs: 0, isStartedLate: 0, acceptedEpoch: 0, currentEpoch: 0, history: 0,
  snapCount: 0, committedLogStart: 0, syncBranches: 0, lastZxid: 0, durableCount: 0, committedCount: 0, tree: 0, state: 0,
  phase: 0, logicalclock: 0, currentVote: 0, election: 0, cnx: 0, role: 0, gen: 0, lastSyncMode: 0, refusedLeader: 0,
  pendingClients: 0, pathsAsked: 0,
} satisfies Record<keyof ZabNode, 0>) as (keyof ZabNode)[];

/** settle for the node record, whose fields are known: no key enumeration, and the common "nothing changed" is cheap. */
function settleRoot(s: ZabNode, d: D): ZabNode {
  const o = d as Record<string, unknown>;
  const b = s as unknown as Record<string, unknown>;
  let isSame = true;
  for (let i = 0; i < ROOT_KEYS.length; i++) {
    const k = ROOT_KEYS[i]!;
    const v = o[k];
    const bv = b[k];
    if (v === bv) continue;
    const r = settle(bv, v);
    if (r !== v) o[k] = r;
    if (r !== bv) isSame = false;
  }
  return isSame ? s : d;
}

function settle(base: unknown, x: unknown): unknown {
  if (typeof x !== 'object' || x === null || !owned.includes(x) || typeof base !== 'object' || base === null) return x;
  const b = base as Record<string, unknown>;
  const o = x as Record<string, unknown>;
  let isSame = Array.isArray(x) === Array.isArray(base);
  let count = 0;
  for (const k in o) {
    count++;
    const v = o[k];
    const bv = b[k];
    if (v === bv && (v !== undefined || k in b)) continue;
    const r = settle(bv, v);
    if (r !== v) o[k] = r;
    if (isSame && (r !== bv || (r === undefined && !(k in b)))) isSame = false;
  }
  if (isSame) for (const _ in b) if (--count < 0) break;
  return isSame && count === 0 ? base : x;
}

/**
 * `x` if this handler already copied (or created) it, else a shallow copy it may write. Hot kinds pass their own
 * `copy`: a spread that sees one shape stays fast in V8, one that sees every shape of the state goes megamorphic.
 */
export function own<T extends object>(x: T, copy: (x: T) => T = copyAny): Mut<T> {
  if (owned.includes(x)) return x as Mut<T>;
  const c = copy(x) as Mut<T>;
  owned.push(c);
  return c;
}

const copyAny = <T extends object>(x: T): T => (Array.isArray(x) ? x.slice() : { ...x }) as T;

/** A field of a writable object, itself made writable (copied into `o` on first write). */
export function ownField<T extends object, K extends keyof T>(o: Mut<T>, k: K): Mut<NonNullable<T[K]>> {
  const c = own(o[k] as NonNullable<T[K]> & object);
  (o as Record<K, unknown>)[k] = c;
  return c as Mut<NonNullable<T[K]>>;
}

/** A writable array field of a writable object (copied on first write; a history of a few hundred entries copies in ~1 us). */
export function ownArray<T extends object, K extends keyof T>(o: Mut<T>, k: K): T[K] extends readonly (infer E)[] ? E[] : never {
  return ownField(o, k) as never;
}

/** Record an object this handler created as writable (no copy needed before writing it). */
export function fresh<T extends object>(x: T): Mut<T> {
  owned.push(x);
  return x as Mut<T>;
}

// What every handler gets (context, options, bug flags) and the hand-written copy-on-write its writes go through.
import { beginCopies, endCopies, own as ownCopy, ownFresh, settleCopy } from '../../sim/index.ts';
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

export function beginHandler(s: ZabNode): D {
  beginCopies();
  return ownFresh({ ...s });
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

/** Every field of a node record, once (the `satisfies` makes the compiler check the list is complete). */
const ROOT_KEYS = Object.keys({
  id: 0, sid: 0, isObserver: 0, bootError: 0, startAtUs: 0, isStartedLate: 0, acceptedEpoch: 0, currentEpoch: 0, history: 0,
  snapCount: 0, committedLogStart: 0, syncBranches: 0, lastZxid: 0, durableCount: 0, committedCount: 0, tree: 0, state: 0,
  phase: 0, logicalclock: 0, currentVote: 0, election: 0, cnx: 0, role: 0, gen: 0, lastSyncMode: 0, refusedLeader: 0,
  pendingClients: 0,
} satisfies Record<keyof ZabNode, 0>) as (keyof ZabNode)[];

/** settleCopy for the node record, whose fields are known: no key enumeration, and the common "nothing changed" is cheap. */
function settleRoot(s: ZabNode, d: D): ZabNode {
  const o = d as Record<string, unknown>;
  const b = s as unknown as Record<string, unknown>;
  let isSame = true;
  for (let i = 0; i < ROOT_KEYS.length; i++) {
    const k = ROOT_KEYS[i]!;
    const v = o[k];
    const bv = b[k];
    if (v === bv) continue;
    const r = settleCopy(bv, v);
    if (r !== v) o[k] = r;
    if (r !== bv) isSame = false;
  }
  return isSame ? s : d;
}

/**
 * `x` if this handler already copied (or created) it, else a shallow copy it may write. Hot kinds pass their own
 * `copy`: a spread that sees one shape stays fast in V8, one that sees every shape of the state goes megamorphic.
 */
export function own<T extends object>(x: T, copy?: (x: T) => T): Mut<T> {
  return ownCopy(x, copy) as Mut<T>;
}

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
  return ownFresh(x) as Mut<T>;
}

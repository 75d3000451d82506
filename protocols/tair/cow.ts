// Copy-on-write for tair's immutable states, by hand (no immer drafts: their proxies cost more than the handlers),
// and the deep freeze that keeps a handler mutating a state it does not own failing in the test suite.
import { freeze, produce } from 'immer';

/**
 * `s` with the fields of `patch`: `s` itself when every one is already identical (as immer returns its base for a
 * recipe that changed nothing, so unchanged nodes keep their identity), else a shallow copy sharing everything else.
 */
export function upd<T extends object>(s: T, patch: Partial<T>): T {
  const base = s as Record<string, unknown>;
  const p = patch as Record<string, unknown>;
  for (const k in p) if (base[k] !== p[k] || !(k in base)) return { ...s, ...patch };
  return s;
}

/** A record with `key` set to `value` (the same record when it already holds exactly that). */
export function withKey<V>(r: Readonly<Record<string, V>>, key: string | number, value: V): Readonly<Record<string, V>> {
  if (r[key] === value && key in r) return r;
  return { ...r, [key]: value };
}

/** A record without `keys` (the same record when it has none of them). */
export function withoutKeys<V>(r: Readonly<Record<string, V>>, keys: readonly (string | number)[]): Readonly<Record<string, V>> {
  if (!keys.some((k) => k in r)) return r;
  const out = { ...r };
  for (const k of keys) delete out[k];
  return out;
}

/**
 * Whether this run deep-freezes states. The kernel sets immer's auto-freeze per run (sim/freeze.ts: on in the test
 * suite, off in fuzzing and the CLI); a one-field produce shows which. Read at every boot (runs in a thread are
 * sequential, and every run boots its nodes before any handler runs).
 */
let isFreezing = false;

export function syncFreezing(): void {
  isFreezing = Object.isFrozen(produce({ probe: 0 }, (d) => { d.probe = 1; }));
}

/** The state a handler returns, deep-frozen when the run freezes states (immer's freeze stops at frozen parts). */
export function frozen<T>(s: T): T {
  return isFreezing ? freeze(s, true) : s;
}

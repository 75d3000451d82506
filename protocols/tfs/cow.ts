// Copy-on-write without immer drafts: updated copies of states and records that keep unchanged parts shared.
// Each helper keeps immer's identity rule (an update that changes nothing returns the same object), because the
// kernel skips scoped invariants and coverage for a node whose state object is unchanged.
import { freeze } from 'immer';
import { isRunFreezing } from '../../sim/index.ts';

/** `s` with the fields of `p`; `s` itself when every field is already identical (Object.is, as immer compares). */
export function patch<T extends object>(s: T, p: Partial<T>): T {
  for (const k in p) {
    if (!Object.is(p[k], s[k]) || !(k in s)) return { ...s, ...p };
  }
  return s;
}

/** The record with `key` set to `value` (the same record when it already holds exactly that). */
export function withKey<V>(r: Readonly<Record<string, V>>, key: string, value: V): Readonly<Record<string, V>> {
  if (Object.is(r[key], value) && key in r) return r;
  return { ...r, [key]: value };
}

/** The record without `key` (the same record when it has no such key). */
export function withoutKey<V>(r: Readonly<Record<string, V>>, key: string): Readonly<Record<string, V>> {
  if (!(key in r)) return r;
  const out = { ...r };
  delete out[key];
  return out;
}

/**
 * Deep-freeze a new state when the run freezes states (the test suite), so a handler that writes into a state it does
 * not own still throws there, as it did when immer froze its results. Stops at objects already frozen (the parts
 * shared with earlier states).
 */
export function freezeIfStrict<T>(s: T): T {
  return isRunFreezing() ? freeze(s, true) : s;
}

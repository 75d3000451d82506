// Copy-on-write without immer drafts: updated copies of states and records that keep unchanged parts shared.
// Each helper keeps immer's identity rule (an update that changes nothing returns the same object), because the
// kernel skips scoped invariants and coverage for a node whose state object is unchanged.
import { produce } from 'immer';

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
 * Whether this run deep-freezes states: the kernel sets immer's auto-freeze per run (sim/freeze.ts: on in the test
 * suite, off in fuzzing and the CLI); a one-field produce shows which. Read at every boot (runs in a thread are
 * sequential, and every run boots its nodes before any handler runs), as tair does.
 */
let isFreezing = false;

export function syncFreezing(): void {
  isFreezing = Object.isFrozen(produce({ probe: 0 }, (d) => { d.probe = 1; }));
}

/**
 * Deep-freeze a new state when the run freezes states (the test suite), so a handler that writes into a state it does
 * not own still throws there, as it did when immer froze its results. Stops at objects already frozen (the parts
 * shared with earlier states).
 */
export function freezeIfStrict<T>(s: T): T {
  if (isFreezing) deepFreeze(s);
  return s;
}

function deepFreeze(x: unknown): void {
  if (typeof x !== 'object' || x === null || Object.isFrozen(x)) return;
  Object.freeze(x);
  for (const k in x) deepFreeze((x as Record<string, unknown>)[k]);
}

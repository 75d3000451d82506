// Keyed records written through `setKey`/`dropKey` and settled from the keys written, not by walking the record.
// Why: the election connection maps (cnx's conns, dialing, queued, lastSent, busy, unknown, foreign, scans), the
// election's recvset and outofelection, the node's pendingClients and the leader's acks (zxid -> ackers, written at
// every proposal, ACK and commit) are copied by most zab events, a key or two each, and sim's settleCopy then walked
// each copy with a for-in and keyed reads over every shape of record (megamorphic in V8, and a fresh key list per walk
// of an integer-keyed one): the largest share of settleCopy's calls. A record written only here differs from its original at most at the keys
// written here, so comparing those keys gives settleCopy's answer. The writes are env.ts's setKey and dropKey.
import { isOwned, settleCopy } from '../../sim/index.ts';

/**
 * The keys this handler wrote: entry i is key `keys[i]` of field `fields[i]` of the object `parents[i]`; a null key
 * says the field was given a new record (not a copy of the original's), which only settleCopy's walk can compare.
 */
const parents: object[] = [];
const fields: string[] = [];
const keys: (string | number | null)[] = [];
let count = 0;

/** A handler starts: nothing written yet (the slots past `count` are stale, overwritten as the list grows again). */
export function forgetWrittenKeys(): void {
  count = 0;
}

/** Key `key` of `parent[field]` was written (env.ts setKey and dropKey), or with null, the whole record replaced. */
export function noteKey(parent: object, field: string, key: string | number | null): void {
  if (count === parents.length) { parents.push(parent); fields.push(field); keys.push(key); }
  else { parents[count] = parent; fields[count] = field; keys[count] = key; }
  count++;
}

/**
 * settleCopy's answer for field `field` of `parent` (this handler's copy), whose value is `x` and was `b` in the
 * original: `b` when every key written is back to b's value, else `x`. Exact because the record's only writes are
 * setKey, dropKey and clearKeys (each notes its key, or the replacement; a copy or a rebuild without a key changes
 * nothing else), and its values are
 * numbers, strings, `true` or objects no handler owns, so nothing inside it needs settling.
 */
export function settleKeys<V>(b: Readonly<Record<string, V>>, x: Readonly<Record<string, V>>, parent: object, field: string): Readonly<Record<string, V>> {
  if (x === b || !isOwned(x)) return x;
  const back = isWrittenBack(b, x, parent, field);
  const r = back === null ? settleCopy(b, x) as Readonly<Record<string, V>> : back ? b : x;
  if (isChecking && settleCopy(b, x) !== r) {
    disagreements++;
    throw new Error(`settleKeys: ${field} settled ${r === b ? 'to' : 'away from'} its original, settleCopy disagrees`);
  }
  return r;
}

/** Is every key written in `parent[field]` back to its value in `b`? null when the record was replaced. */
function isWrittenBack(b: Readonly<Record<string, unknown>>, x: Readonly<Record<string, unknown>>, parent: object, field: string): boolean | null {
  let isBack = true;
  for (let i = 0; i < count; i++) {
    if (parents[i] !== parent || fields[i] !== field) continue;
    const key = keys[i] as string | number | null;
    if (key === null) return null;
    // Values are never undefined: a key present on one side only reads undefined there and a value on the other.
    if (isBack && x[key] !== b[key]) isBack = false;
  }
  return isBack;
}

/**
 * Tests only (test/protocols/zab/settle-keys.test.ts): every settleKeys also asks settleCopy and throws when the
 * answers differ, so a write that bypasses setKey/dropKey, or a record whose values need settling, fails a run. The
 * count says so too: a run reports a handler's exception as a crash verdict rather than throwing it.
 */
let isChecking = false;
let disagreements = 0;
export function checkSettleKeys(on: boolean): void {
  isChecking = on;
  disagreements = 0;
}

/** How many settles disagreed with settleCopy since checking was turned on. */
export const settleKeysDisagreements = (): number => disagreements;

// A history entry's chained hash, crcOf([prevH, zxid, txn]), remembered by zxid: the leader hashes each proposal, and
// then every learner hashes the same (prevH, zxid, txn) again when the proposal arrives, as does a restarted server
// re-reading its log and a learner synced by SNAP or DIFF. A hit needs the same prevH and a txn with the same keys in
// the same order holding the same primitive values, so its canonical JSON, and so its hash, is the same: exact.
import { crcOf } from '../../sim/index.ts';

interface Hashed { readonly prevH: number; readonly txn: object; readonly keys: readonly string[]; readonly h: number }

/** The last hash worked out per zxid (zxids repeat across runs with other txns: the comparison decides). */
const byZxid = new Map<number, Hashed>();
/** Bounded: cleared when full (a campaign's runs would otherwise keep every zxid they used). */
const MAX_REMEMBERED = 4096;

/** Do `txn`'s own keys, in order, equal `keys`, with values identical to `was`'s and none an object? */
function isSameFlat(txn: object, was: object, keys: readonly string[]): boolean {
  const t = txn as Readonly<Record<string, unknown>>;
  const w = was as Readonly<Record<string, unknown>>;
  let i = 0;
  for (const k in t) {
    const v = t[k];
    if (k !== keys[i] || v !== w[k] || (typeof v === 'object' && v !== null)) return false;
    i++;
  }
  return i === keys.length;
}

export function entryHash(prevH: number, zxid: number, txn: object): number {
  const hit = byZxid.get(zxid);
  if (hit !== undefined && hit.prevH === prevH && isSameFlat(txn, hit.txn, hit.keys)) return hit.h;
  const h = crcOf([prevH, zxid, txn]);
  if (byZxid.size >= MAX_REMEMBERED) byZxid.clear();
  byZxid.set(zxid, { prevH, txn, keys: Object.keys(txn), h });
  return h;
}

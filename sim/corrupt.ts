// Damage a JSON value in one leaf, chosen by a random stream, so its CRC no longer matches.
import type { Prng } from './prng.ts';
import { crcOf } from './crc32.ts';

const LEAVES_MAX = 10_000;

/** A copy of `value` with one leaf changed; the CRC of the result always differs from `crc`. */
export function corruptValue(value: unknown, crc: number, prng: Prng): unknown {
  const copy: unknown = value === undefined ? null : JSON.parse(JSON.stringify(value));
  const leaves: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const stack: unknown[] = [copy];
  while (stack.length > 0 && leaves.length < LEAVES_MAX) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
    for (const [k, child] of entries) {
      if (child !== null && typeof child === 'object') stack.push(child);
      else leaves.push({ parent: v as Record<string, unknown>, key: k });
    }
  }
  if (leaves.length === 0) return { corrupted: copy };
  const leaf = prng.pick(leaves);
  const parent = leaf.parent as Record<string | number, unknown>;
  const old = parent[leaf.key];
  if (typeof old === 'number') parent[leaf.key] = old + 1 + prng.int(255);
  else if (typeof old === 'string') parent[leaf.key] = old.length > 0 ? `${old.slice(0, -1)}\u00bf` : '\u00bf';
  else if (typeof old === 'boolean') parent[leaf.key] = !old;
  else parent[leaf.key] = 0;
  return crcOf(copy) === crc ? { corrupted: copy } : copy;
}

// Splitting a seed range across shards: seed s belongs to shard K of N when s mod N = K-1, so a shard's seeds do not
// depend on --from and a resumed shard (`--from` later) still gets exactly its own seeds.
import { InputError } from './errors.ts';

export interface Shard {
  /** 1-based shard number. */
  readonly index: number;
  readonly count: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (m === null || count < 1 || index < 1 || index > count) throw new InputError(`fuzz: --shard: expected K/N with 1 ≤ K ≤ N (e.g. 2/8), found "${text}"`);
  return { index, count };
}

export const isInShard = (seed: number, shard: Shard | null): boolean => shard === null || seed % shard.count === shard.index - 1;

/** The seeds of [from, from + seeds) that belong to the shard, in increasing order. */
export function* shardSeeds(from: number, seeds: number, shard: Shard | null): Generator<number> {
  for (let s = from; s < from + seeds; s++) if (isInShard(s, shard)) yield s;
}

export function shardSeedCount(from: number, seeds: number, shard: Shard | null): number {
  if (shard === null) return seeds;
  let n = 0;
  for (const _ of shardSeeds(from, seeds, shard)) n++;
  return n;
}

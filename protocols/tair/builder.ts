// The table builder: failover of dead serving copies, then bucket → copy_count distinct ALIVE dataservers,
// keeping copies where they are when it can, with the rack/capacity constraints relaxed level by level.
import { unreachable } from '../../sim/index.ts';

/** table_builder's constraint levels, strictest first (CONSIDER_ALL … CONSIDER_FORCE). */
export const LEVELS = ['all', 'base', 'force'] as const;
export type Level = (typeof LEVELS)[number];

export interface BuildInput {
  readonly hash: readonly (readonly string[])[];
  /** ALIVE dataservers, sorted. */
  readonly alive: readonly string[];
  readonly copyCount: number;
  /** 1 plain, 2 rack-aware. */
  readonly buildStrategy: number;
  readonly rackOf: (ds: string) => number;
  /** Bug tair/builder-no-relaxation: the level passed to the check is always the strictest. */
  readonly isNoRelaxation: boolean;
  /** Bug tair/builder-ignores-copy-count: one copy per bucket whatever copy_count says. */
  readonly isIgnoringCopyCount: boolean;
}

export interface BuildOutput {
  readonly hash: string[][];
  readonly dest: string[][];
  readonly isBuildError: boolean;
}

/** failover_one_ds: drop dead serving copies, but never the last copy of a bucket. */
export function failover(hash: readonly (readonly string[])[], alive: ReadonlySet<string>): string[][] {
  return hash.map((copies) => {
    const live = copies.filter((ds) => alive.has(ds));
    return live.length > 0 ? live : [...copies];
  });
}

/** is_this_node_OK: may `ds` join a bucket already holding `kept` at this constraint level? */
function isNodeOk(ds: string, kept: readonly string[], level: Level, load: ReadonlyMap<string, number>, quota: number, inp: BuildInput): boolean {
  if (kept.includes(ds)) return false;
  const isRackOk = inp.buildStrategy !== 2 || kept.every((k) => inp.rackOf(k) !== inp.rackOf(ds));
  const isLoadOk = (load.get(ds) ?? 0) < quota;
  switch (level) {
    case 'all': return isRackOk && isLoadOk;
    case 'base': return isRackOk;
    case 'force': return true;
    default: return unreachable(level);
  }
}

export function buildTable(inp: BuildInput): BuildOutput {
  const aliveSet = new Set(inp.alive);
  const hash = failover(inp.hash, aliveSet);
  const want = inp.isIgnoringCopyCount ? 1 : Math.min(inp.copyCount, inp.alive.length);
  const quota = inp.alive.length === 0 ? 0 : Math.ceil((hash.length * want) / inp.alive.length);
  const load = new Map<string, number>(inp.alive.map((ds) => [ds, 0]));
  const dest: string[][] = [];
  // Pass 1: keep live copies (primary first) while their server is under quota; always keep one.
  for (const copies of hash) {
    const kept: string[] = [];
    for (const ds of copies) {
      if (!aliveSet.has(ds) || kept.length >= want) continue;
      const isOk = isNodeOk(ds, kept, 'all', load, quota, inp) || (kept.length === 0 && isNodeOk(ds, kept, 'base', load, quota, inp));
      if (!isOk) continue;
      kept.push(ds);
      load.set(ds, (load.get(ds) ?? 0) + 1);
    }
    dest.push(kept);
  }
  // Pass 2: fill every bucket up to `want` copies, least loaded first, relaxing constraints when stuck.
  let isBuildError = false;
  for (const kept of dest) {
    while (kept.length < want) {
      const pick = pickNode(kept, load, quota, inp);
      if (pick === null) { isBuildError = true; break; }
      kept.push(pick);
      load.set(pick, (load.get(pick) ?? 0) + 1);
    }
  }
  // A bucket with a 0 entry has no data anywhere: its new copies serve at once, nothing to migrate.
  const serving = hash.map((copies, b) => (copies.length === 0 ? [...dest[b]!] : copies));
  return { hash: serving, dest, isBuildError };
}

/** get_suitable_node: the least-loaded acceptable candidate at the first level that has one. */
function pickNode(kept: readonly string[], load: ReadonlyMap<string, number>, quota: number, inp: BuildInput): string | null {
  for (const level of LEVELS) {
    // The historical bug (git 3f7d0a9) passed the wrong value as the level: never relaxed.
    const effective: Level = inp.isNoRelaxation ? 'all' : level;
    let best: string | null = null;
    for (const ds of inp.alive) {
      if (!isNodeOk(ds, kept, effective, load, quota, inp)) continue;
      if (best === null || (load.get(ds) ?? 0) < (load.get(best) ?? 0)) best = ds;
    }
    if (best !== null) return best;
  }
  return null;
}

// The group table (server table): versions, the serving hash table, the destination table and migration progress.

/** One group's server table, as a configserver keeps it, persists it and hands it out. */
export interface Table {
  /** server_version: what dataservers take tables by and report migrations against. */
  readonly version: number;
  /**
   * client_version: what clients take tables by. Steps with the server version (builds, inc_version) and also by 1 per
   * finished bucket (set_migrating_hashtable), so it runs ahead of the server version once a migration has switched one.
   */
  readonly clientVersion: number;
  /** transition_version: 0, then min_config_version, +1, ... per finished bucket of the migration; 0 again at completion. */
  readonly transitionVersion: number;
  /** bucket → serving copies, [0] the primary (hash_table); an empty list is Tair's 0 entry. */
  readonly hash: readonly (readonly string[])[];
  /** bucket → copies after the last build (d_hash_table); differs from hash while data must move. */
  readonly dest: readonly (readonly string[])[];
  /** Dataservers the builder believed ALIVE when it built dest. */
  readonly aliveAtBuild: readonly string[];
  /** The builder gave up on some bucket ("I am give up"). */
  readonly isBuildError: boolean;
  /** Migrating buckets reported finished for this version. */
  readonly migrated: readonly number[];
}

/** What a dataserver or client learns: the table minus the configserver's bookkeeping. */
export interface TableView {
  readonly version: number;
  readonly clientVersion: number;
  readonly transitionVersion: number;
  readonly hash: readonly (readonly string[])[];
  readonly dest: readonly (readonly string[])[];
}

export const emptyTable = (bucketCount: number): Table => ({
  version: 0,
  clientVersion: 0,
  transitionVersion: 0,
  hash: Array.from({ length: bucketCount }, () => []),
  dest: Array.from({ length: bucketCount }, () => []),
  aliveAtBuild: [],
  isBuildError: false,
  migrated: [],
});

/**
 * `{ ...t, ...p }` for a configserver's table, copied into one literal in declaration order (the order every table is
 * built in: emptyTable, the builder's literal) with p's fields written over theirs: the spread clones made a hidden
 * class per source class, and the configserver's table reads (handlers, checks, keys, probes) went megamorphic.
 */
export function tableWith(t: Table, p: Partial<Table>): Table {
  const c: Record<string, unknown> = {
    version: t.version, clientVersion: t.clientVersion, transitionVersion: t.transitionVersion, hash: t.hash, dest: t.dest,
    aliveAtBuild: t.aliveAtBuild, isBuildError: t.isBuildError, migrated: t.migrated,
  };
  for (const k in p) c[k] = p[k as keyof Table];
  return c as unknown as Table;
}

export const viewOf = (t: Table): TableView => ({ version: t.version, clientVersion: t.clientVersion, transitionVersion: t.transitionVersion, hash: t.hash, dest: t.dest });

/** group_info::inc_version: add the step, then raise the result to min_config_version. */
export const steppedVersion = (v: number, step: number, minConfigVersion: number): number => Math.max(v + step, minConfigVersion);

/**
 * The version pair a table is taken by: server_version and transition_version. Within one server version the
 * per-bucket switches change the content, each at a new transition version, so two holders of one server version
 * disagree on content legitimately while their transition versions differ; a collision is one pair, two contents.
 */
export const sameVersions = (a: TableView, b: TableView): boolean => a.version === b.version && a.transitionVersion === b.transitionVersion;

/** A migration is under way (Tair's is_migrating, migrate_block_count != -1): buckets still move, or some switched. */
export const isTransition = (t: TableView): boolean => t.transitionVersion > 0 || isMigrating(t);

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

export const sameBuckets = (a: readonly (readonly string[])[], b: readonly (readonly string[])[]): boolean =>
  a.length === b.length && a.every((x, i) => sameList(x, b[i]!));

/** Same routing content (hash and dest), whatever the versions. */
export const sameContent = (a: TableView, b: TableView): boolean => sameBuckets(a.hash, b.hash) && sameBuckets(a.dest, b.dest);

/**
 * Some bucket's data still has to move (migratingBuckets(t).length > 0 without building the list: asked at every
 * dataserver heartbeat a configserver answers, and in every master loop).
 */
export function isMigrating(t: TableView): boolean {
  for (let b = 0; b < t.hash.length; b++) if (!sameList(t.hash[b]!, t.dest[b]!)) return true;
  return false;
}

/** Buckets whose data still has to move: dest differs from hash. */
export function migratingBuckets(t: TableView): number[] {
  const out: number[] = [];
  for (let b = 0; b < t.hash.length; b++) if (!sameList(t.hash[b]!, t.dest[b]!)) out.push(b);
  return out;
}

/**
 * migratingBuckets of a table object, computed once: tables are immutable, and the checker-side probes ask for the
 * master's after every event that changed a node. Read-only (shared between callers).
 */
const movingByTable = new WeakMap<TableView, readonly number[]>();
export function movingBuckets(t: TableView): readonly number[] {
  let m = movingByTable.get(t);
  if (m === undefined) movingByTable.set(t, (m = migratingBuckets(t)));
  return m;
}

/** Any 0 entry (a bucket without a server) means the table must be rebuilt. */
export const hasZeroEntry = (t: Table): boolean => t.hash.some((copies) => copies.length === 0);

/** Bucket of a key: a small deterministic string hash. */
export function bucketOf(key: string, bucketCount: number): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
  return h % bucketCount;
}

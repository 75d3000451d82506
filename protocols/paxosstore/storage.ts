// Persistence: PLog files (one per entity, appended records, latest per entry wins, GC by atomic replace) and
// DB files (one snapshot record per entity). Loading at boot, with CRC checks that put an entity in amnesia.
import type { DiskContents, DiskRecord } from '../../sim/index.ts';
import { isRecordIntact } from '../../sim/index.ts';
import type { EntryRecord, Value } from './record.ts';
import { EMPTY_RECORD, valueOwner } from './record.ts';
import type { EntityState, EntryInfo } from './state.ts';
import { Db } from './state.ts';

export const plogFile = (entity: string): string => `plog-${entity}`;
export const dbFile = (entity: string): string => `db-${entity}`;

/** One PLog record: the entry and our own record for it. */
export interface PlogData { readonly entry: number; readonly rec: EntryRecord }

/** The DB snapshot record: entity meta (committed entry, recover flag) and the KVs. */
export interface DbData {
  readonly committed: number;
  readonly isRecovering: boolean;
  readonly kv: Readonly<Record<string, number>>;
  readonly applied: readonly Value[];
  /**
   * Written while the entity is in amnesia (sim addition, FIDELITY P19): the DB record is the only durable trace of it
   * once boot rewrites a damaged DB intact, so a restart before the fence is passed reloads it (clean seed 1702601).
   * Absent when not amnesiac. `isDbLost` carries the amnesia's own flag (the DB started empty).
   */
  readonly amnesia?: { readonly isDbLost: boolean };
}

/** The DB record's amnesia marker for the entity's current state (absent when it is not amnesiac). */
export const dbAmnesiaMark = (ent: EntityState): Pick<DbData, 'amnesia'> =>
  ent.amnesia === null ? {} : { amnesia: { isDbLost: ent.amnesia.isDbLost } };

export type DiskTag =
  | { readonly kind: 'plog'; readonly entity: string; readonly entry: number; readonly seq: number }
  | { readonly kind: 'db'; readonly entity: string; readonly committed: number; readonly isRecovering: boolean }
  | { readonly kind: 'load'; readonly entity: string }
  | { readonly kind: 'gc'; readonly entity: string }
  | { readonly kind: 'plog-batch'; readonly batchId: number; readonly file: string }
  | { readonly kind: 'recover-db'; readonly entity: string; readonly rpcId: number };

/** An empty entry's arrays for one acceptor count. */
interface FreshArrays {
  readonly records: readonly EntryRecord[];
  readonly syncTo: readonly number[];
  readonly waiting: readonly null[];
  readonly checkedEmpty: readonly boolean[];
  readonly checkedEmptyBy: readonly number[];
}

/**
 * Per acceptor count, the arrays every new entry starts with, shared: state arrays are never written in place (a
 * handler copies one before writing it, env.ts `own`, and the test suite's frozen states fail one that does not), so
 * an entry needs its own only once it changes. Four `Array.from` calls per new entry were 1.2 % of a paxosstore seed.
 */
const freshArrays: FreshArrays[] = [];

function freshArraysOf(n: number): FreshArrays {
  let a = freshArrays[n];
  if (a === undefined) {
    a = {
      records: Array.from({ length: n }, () => EMPTY_RECORD), syncTo: [], waiting: Array.from({ length: n }, () => null),
      checkedEmpty: Array.from({ length: n }, () => false), checkedEmptyBy: Array.from({ length: n }, () => 0),
    };
    freshArrays[n] = a;
  }
  return a;
}

export function freshEntry(n: number): EntryInfo {
  const a = freshArraysOf(n);
  return {
    records: a.records, isUncertain: false, writeSeq: 0, syncTo: a.syncTo,
    waiting: a.waiting, checkedEmpty: a.checkedEmpty,
    checkedEmptyUuid: 0, checkedEmptyBy: a.checkedEmptyBy,
    proposal: null, catchupAtUs: 0,
  };
}

/**
 * A copy of an entry: an object literal in freshEntry's key order, so every entry has one hidden class (env.ts's copy
 * functions say why); `records` replaces the entry's own when given.
 */
export function copyEntryInfo(x: EntryInfo, records: readonly EntryRecord[] = x.records): EntryInfo {
  return {
    records, isUncertain: x.isUncertain, writeSeq: x.writeSeq, syncTo: x.syncTo, waiting: x.waiting, checkedEmpty: x.checkedEmpty,
    checkedEmptyUuid: x.checkedEmptyUuid, checkedEmptyBy: x.checkedEmptyBy, proposal: x.proposal, catchupAtUs: x.catchupAtUs,
  };
}

const isPlogData = (d: unknown): d is PlogData =>
  typeof d === 'object' && d !== null && typeof (d as PlogData).entry === 'number' && typeof (d as PlogData).rec === 'object';

/**
 * HandleLoadFromPlog + Db::GetStatus: rebuild one entity from what survived on disk. `isTrustingDamage` (the
 * trust-damaged-plog bug) skips records that fail their CRC and carries on with the rest, without amnesia.
 */
export function loadEntity(entity: string, disk: DiskContents, n: number, self: number, isTrustingDamage = false): EntityState {
  const all: readonly DiskRecord[] = disk.get(plogFile(entity)) ?? [];
  const plog = isTrustingDamage ? all.filter((r) => isRecordIntact(r) && isPlogData(r.data)) : all;
  const dbRecs: readonly DiskRecord[] = disk.get(dbFile(entity)) ?? [];
  const isPlogDamaged = plog.some((r) => !isRecordIntact(r) || !isPlogData(r.data));
  const dbLast = dbRecs[dbRecs.length - 1];
  const isDbDamaged = !dbRecs.every(isRecordIntact);
  const isDbUsable = dbLast !== undefined && !isDbDamaged;
  // A damaged DB starts empty (amnesia, below). A DB left mid-GetAllAndSet (recover flag set) is loaded as it is, as
  // Certain 2020's LoadMaxEntry does (plog_worker.cc: `// TODO: do with flags != 0`): its meta's committed entry is
  // ours (step 1 kept it) or the source's (step 4 wrote it), and the flag keeps the partial KVs out of service until
  // a recovery completes. Starting it empty at committed 0 instead forgot the entries GC'd from our PLog below that
  // entry, and the entity voted again on chosen entries (scenario crash-mid-recovery-pages).
  const db: DbData = isDbUsable ? (dbLast.data as DbData) : { committed: 0, isRecovering: false, kv: {}, applied: [] };
  const entries: Record<number, EntryInfo> = {};
  let maxPlog = db.committed;
  if (!isPlogDamaged) {
    for (const r of plog) {
      const d = r.data as PlogData;
      const base = entries[d.entry] ?? freshEntry(n);
      entries[d.entry] = copyEntryInfo(base, base.records.map((x, i) => (i === self ? d.rec : x)));
      maxPlog = Math.max(maxPlog, d.entry);
    }
  }
  // "The entry may open only when the prev-entry is chosen."
  const maxChosen = Math.max(maxPlog - 1, db.committed);
  // P7 at load (EntityWorker.cpp@40ada56 L2946): the newest PLog entry chosen with our own value gives us pre-auth
  // on the next one (used only with isPreAuthEnabled).
  const top = entries[maxPlog]?.records[self];
  const preAuthEntry = top !== undefined && top.isChosen && top.value !== null && valueOwner(top.value.id) === self ? maxPlog + 1 : 0;
  return {
    committed: db.committed, maxCont: db.committed, maxChosen, maxPlog,
    highWater: { committed: db.committed, maxCont: db.committed, maxChosen },
    activePeer: (self + 1) % n, entries, db: new Db(db.kv, db.applied),
    dbDurable: 0, isDbWriting: false, isGetAllPending: false, isRecoverFlag: db.isRecovering, lastRecoverEndUs: null,
    isLoading: true, gcCandidate: 0,
    // A damaged DB is amnesia too: for PLog entries GC'd below its committed entry, that counter was the only
    // trace of our accepts, so an empty DB would let us vote again on chosen entries (clean fuzz seed 886244).
    // An intact DB written while amnesiac (its marker) restarts the amnesia too: a crash before the fence was passed
    // must not forget it (clean seed 1702601: the boot's rewrite had made the damaged DB intact at committed 0).
    amnesia: isPlogDamaged || isDbDamaged || (isDbUsable && db.amnesia !== undefined)
      ? { fence: null, answered: [], maxSeen: 0, isDbLost: isDbDamaged || (db.amnesia?.isDbLost ?? false) } : null,
    preAuthEntry, leaseUntilUs: 0,
  };
}

/** The PLog content to keep when rewriting: our latest record for every entry still in memory. */
export function plogSnapshot(ent: EntityState, self: number): PlogData[] {
  return Object.keys(ent.entries).map(Number).sort((a, b) => a - b)
    .map((entry) => ({ entry, rec: ent.entries[entry]!.records[self]! }))
    .filter((d) => d.rec.promised > 0 || d.rec.isChosen);
}

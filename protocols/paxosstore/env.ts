// What every handler carries: the effect context, resolved options and bug flags; draft helpers shared by them.
import type { Draft } from 'immer';
import type { BugSet, Ctx } from '../../sim/index.ts';
import { assert, beginCopies, endCopies, isOwned, own, ownFresh, settleCopy } from '../../sim/index.ts';
import type { PsMsg } from './messages.ts';
import type { PaxosStoreOptions } from './options.ts';
import type { EntityState, EntryInfo, NodeState } from './state.ts';
import { copyEntryInfo, freshEntry } from './storage.ts';
import { settlePlogWriter } from './writer-copy.ts';

/** The handlers' copy-before-write (sim/copy-on-write.ts), beside the typed accessors below. */
export { own };

export interface Env {
  readonly ctx: Ctx<PsMsg>;
  readonly opts: PaxosStoreOptions;
  readonly bugs: BugSet;
}

/**
 * The state a handler writes: a copy-on-write working copy of the node state (plain objects, no proxies). Handlers
 * write in place only into objects this handler copied (`own`); everything else is shared with earlier states, which
 * stay immutable. `Draft` is only the deep-mutable type.
 */
export type D = Draft<NodeState>;
export type DEntry = Draft<EntryInfo>;
/** An entity's working copy: its entries record is written only by entryOf and deleteEntry (settleEntries relies on it). */
export type DEntity = Omit<Draft<EntityState>, 'entries'> & { entries: Readonly<Record<number, DEntry>> };

/** The handler's working copy of `s`; `finish` gives the new state. */
export function beginHandler(s: NodeState): D {
  beginCopies();
  clearEntryEdits();
  return own(s as D, copyRoot);
}

/**
 * The new state: every copy whose fields all ended up identical to its original is replaced by the original, so an
 * event that changed nothing returns `s` itself and unchanged parts keep their identity (the invariants and coverage
 * skip unchanged state objects). In the test suite the new state is deep-frozen (sim/copy-on-write.ts), so a handler
 * writing an object it did not copy throws there instead of corrupting an earlier state.
 */
export function finishHandler(s: NodeState, d: D): NodeState {
  return endCopies(s, settleRoot(s, d));
}

/**
 * settleCopy(s, d) for the node record, written out field by field (as zab's env.ts does): a for-in with keyed reads
 * over the record's 26 names runs megamorphic in V8, and every handler copies and settles the record. Same answer as
 * the generic walk: each object field that is not the original's value is settled, in the record's key order (the
 * others are numbers and booleans, which settleCopy returns as they are), and the result is `s` when every field ends
 * up identical. The record's keys are fixed (every field is required; handlers assign, never add or delete):
 * ROOT_FIELDS lists them, the type below fails to compile when NodeState gains a field it does not name, and
 * test/protocols/paxosstore/settle-root.test.ts fails when a field is left out here.
 */
function settleRoot(s: NodeState, d: D): NodeState {
  if (d.entities !== s.entities) d.entities = settleEntities(s.entities, d.entities) as D['entities'];
  if (d.cmds !== s.cmds) d.cmds = settleCopy(s.cmds, d.cmds) as D['cmds'];
  if (d.recoveries !== s.recoveries) d.recoveries = settleCopy(s.recoveries, d.recoveries) as D['recoveries'];
  if (d.snapshots !== s.snapshots) d.snapshots = settleCopy(s.snapshots, d.snapshots) as D['snapshots'];
  if (d.reusedProbeRead !== s.reusedProbeRead) d.reusedProbeRead = settleCopy(s.reusedProbeRead, d.reusedProbeRead) as D['reusedProbeRead'];
  if (d.recoverQueue !== s.recoverQueue) d.recoverQueue = settleCopy(s.recoverQueue, d.recoverQueue) as D['recoverQueue'];
  if (d.recoverCtrl !== s.recoverCtrl) d.recoverCtrl = settleCopy(s.recoverCtrl, d.recoverCtrl) as D['recoverCtrl'];
  if (d.plogWriter !== s.plogWriter) d.plogWriter = settlePlogWriter(s.plogWriter, d.plogWriter) as D['plogWriter'];
  if (d.getAllRsp !== s.getAllRsp) d.getAllRsp = settleCopy(s.getAllRsp, d.getAllRsp) as D['getAllRsp'];
  if (d.catchup !== s.catchup) d.catchup = settleCopy(s.catchup, d.catchup) as D['catchup'];
  const isSame = d.idx === s.idx && d.n === s.n && d.entities === s.entities && d.cmds === s.cmds &&
    d.recoveries === s.recoveries && d.snapshots === s.snapshots && d.nextSeq === s.nextSeq && d.bootUs === s.bootUs &&
    d.uuidNext === s.uuidNext && d.reusedProbeRead === s.reusedProbeRead && d.recoveriesDone === s.recoveriesDone && d.recoveriesAborted === s.recoveriesAborted &&
    d.waitedCount === s.waitedCount && d.isTickArmed === s.isTickArmed && d.recoverQueue === s.recoverQueue && d.recoverCtrl === s.recoverCtrl &&
    d.isRecoverSleeping === s.isRecoverSleeping && d.recoveriesThrottled === s.recoveriesThrottled && d.recoverQueueFailed === s.recoverQueueFailed && d.readsViaPaxos === s.readsViaPaxos &&
    d.readsViaPaxosOk === s.readsViaPaxosOk && d.plogWriter === s.plogWriter && d.getAllRsp === s.getAllRsp && d.preAuthProposals === s.preAuthProposals &&
    d.leaseRejects === s.leaseRejects && d.catchup === s.catchup;
  return isSame ? s : d;
}

/**
 * settleCopy(b, x) for the entity record (one key per entity), with each entity settled by settleEntity: the same
 * for-in walk as the generic one (the record's keys are entity names, added at boot), only its values are settled by
 * the written-out entity settle.
 */
function settleEntities(b: NodeState['entities'], x: D['entities']): NodeState['entities'] {
  if (!isOwned(x)) return x;
  const o = x as Record<string, DEntity | undefined>;
  let isSame = true;
  let count = 0;
  for (const k in o) {
    count++;
    const v = o[k];
    const bv = b[k];
    if (v === bv && (v !== undefined || k in b)) continue;
    const r = settleEntity(bv, v);
    if (r !== v) o[k] = r as DEntity;
    if (isSame && (r !== bv || (r === undefined && !(k in b)))) isSame = false;
  }
  if (isSame) for (const _ in b) if (--count < 0) break;
  return isSame && count === 0 ? b : x;
}

/**
 * settleCopy(b, x) for one entity, written out like settleRoot (every handler that touches an entity copies it): its
 * object fields settled in key order, then `b` when every field is identical. ENTITY_FIELDS and the settle-root test
 * guard the field list as ROOT_FIELDS does.
 */
function settleEntity(b: EntityState | undefined, x: DEntity | undefined): EntityState | DEntity | undefined {
  if (x === undefined || b === undefined || !isOwned(x)) return x;
  if (x.highWater !== b.highWater) x.highWater = settleHighWater(b.highWater, x.highWater);
  if (x.entries !== b.entries) x.entries = settleEntries(b.entries, x.entries) as DEntity['entries'];
  if (x.db !== b.db) x.db = settleCopy(b.db, x.db) as DEntity['db'];
  if (x.amnesia !== b.amnesia) x.amnesia = settleCopy(b.amnesia, x.amnesia) as DEntity['amnesia'];
  const isSame = x.committed === b.committed && x.maxCont === b.maxCont && x.maxChosen === b.maxChosen && x.maxPlog === b.maxPlog &&
    x.highWater === b.highWater && x.activePeer === b.activePeer && x.entries === b.entries && x.db === b.db &&
    x.dbDurable === b.dbDurable && x.isDbWriting === b.isDbWriting && x.isGetAllPending === b.isGetAllPending && x.isRecoverFlag === b.isRecoverFlag &&
    x.lastRecoverEndUs === b.lastRecoverEndUs && x.isLoading === b.isLoading && x.gcCandidate === b.gcCandidate && x.amnesia === b.amnesia &&
    x.preAuthEntry === b.preAuthEntry && x.leaseUntilUs === b.leaseUntilUs;
  return isSame ? b : x;
}

/**
 * Entries records this handler copied and the entry numbers it handed out or deleted in them (flat pairs: record i's
 * edit is editNumbers[i]). An entries record is keyed by entry number, so its keys are V8 elements and the generic
 * settle's for-in builds a string per key and converts it back on every read (entry-list.ts): the record of a busy
 * entity was walked whole after every event that wrote one entry. Its writes all go through entryOf and deleteEntry
 * (DEntity's `entries` is read-only to the handlers), so the entries neither touched are the copy's originals.
 */
const editRecords: object[] = [];
const editNumbers: number[] = [];
/**
 * How many of the pairs are this handler's (the arrays are overwritten, never shrunk: setting an array's length runs
 * the runtime's setter, a third of a percent of a seed when done per handler). Stale slots past the count keep their
 * records alive until overwritten: a few entries records, no more than a handler ever touched.
 */
let editCount = 0;

function clearEntryEdits(): void {
  editCount = 0;
}

/** The settle of an entries record the test suite compares with (entries-settle.test.ts); false only there. */
let isEditSettle = true;
export function useGenericEntriesSettle(isGeneric: boolean): void {
  isEditSettle = !isGeneric;
}

/**
 * settleCopy(b, x) for an entries record: only the entries entryOf or deleteEntry touched are settled and compared
 * (the rest still hold the originals the copy took), so the answer is the generic walk's: `b` when every touched
 * entry settles back to b's (none added, none deleted), else `x` with its unchanged entry copies replaced. A copy this
 * handler did not register (none today) goes to the generic walk.
 */
function settleEntries(b: EntityState['entries'], x: DEntity['entries']): EntityState['entries'] | DEntity['entries'] {
  if (!isOwned(x) || !isEditSettle) return settleCopy(b, x) as DEntity['entries'];
  const o = x as Record<number, DEntry | undefined>;
  let isKnown = false;
  let isSame = true;
  for (let i = 0; i < editCount; i++) {
    if (editRecords[i] !== x) continue;
    isKnown = true;
    const e = editNumbers[i]!;
    const v = o[e];
    const bv = b[e];
    if (v === undefined) {
      if (bv !== undefined) isSame = false; // deleted
      continue;
    }
    const r = v === bv ? v : settleEntry(bv, v);
    if (r !== v) o[e] = r as DEntry;
    if (r !== bv) isSame = false;
  }
  if (!isKnown) return settleCopy(b, x) as DEntity['entries'];
  return isSame ? b : x;
}

/**
 * settleCopy(b, x) for one entry, written out like settleEntity (its ten fields are freshEntry's; the literal copies
 * keep them): the array fields settled, then `b` when every field is identical.
 */
function settleEntry(b: EntryInfo | undefined, x: DEntry): EntryInfo | DEntry {
  if (b === undefined || !isOwned(x)) return x;
  if (x.records !== b.records) x.records = settleCopy(b.records, x.records) as DEntry['records'];
  if (x.syncTo !== b.syncTo) x.syncTo = settleCopy(b.syncTo, x.syncTo) as DEntry['syncTo'];
  if (x.waiting !== b.waiting) x.waiting = settleCopy(b.waiting, x.waiting) as DEntry['waiting'];
  if (x.checkedEmpty !== b.checkedEmpty) x.checkedEmpty = settleCopy(b.checkedEmpty, x.checkedEmpty) as DEntry['checkedEmpty'];
  if (x.checkedEmptyBy !== b.checkedEmptyBy) x.checkedEmptyBy = settleCopy(b.checkedEmptyBy, x.checkedEmptyBy) as DEntry['checkedEmptyBy'];
  if (x.proposal !== b.proposal) x.proposal = settleCopy(b.proposal, x.proposal) as DEntry['proposal'];
  const isSame = x.records === b.records && x.isUncertain === b.isUncertain && x.writeSeq === b.writeSeq && x.syncTo === b.syncTo &&
    x.waiting === b.waiting && x.checkedEmpty === b.checkedEmpty && x.checkedEmptyUuid === b.checkedEmptyUuid &&
    x.checkedEmptyBy === b.checkedEmptyBy && x.proposal === b.proposal && x.catchupAtUs === b.catchupAtUs;
  return isSame ? b : x;
}

/**
 * settleCopy(b, x) for the high-water marks (three numbers, built by loadEntity in copyHighWater's key order, assigned,
 * never added or deleted): `b` when the copy's three are identical.
 */
function settleHighWater(b: EntityState['highWater'], x: DEntity['highWater']): DEntity['highWater'] {
  if (!isOwned(x)) return x;
  return x.committed === b.committed && x.maxCont === b.maxCont && x.maxChosen === b.maxChosen ? b : x;
}

/** EntityState's fields in loadEntity's key order: what settleEntity compares (the settle-root test checks it). */
export const ENTITY_FIELDS = [
  'committed', 'maxCont', 'maxChosen', 'maxPlog', 'highWater', 'activePeer', 'entries', 'db', 'dbDurable', 'isDbWriting', 'isGetAllPending', 'isRecoverFlag', 'lastRecoverEndUs', 'isLoading', 'gcCandidate', 'amnesia', 'preAuthEntry', 'leaseUntilUs',
] as const satisfies readonly (keyof EntityState)[];
/** Compiles only while ENTITY_FIELDS names every field of EntityState. */
const ENTITY_FIELDS_COMPLETE: [Exclude<keyof EntityState, (typeof ENTITY_FIELDS)[number]>] extends [never] ? true : never = true;
void ENTITY_FIELDS_COMPLETE;

/** NodeState's fields in the boot record's key order: what settleRoot compares (the settle-root test checks it). */
export const ROOT_FIELDS = [
  'idx', 'n', 'entities', 'cmds', 'recoveries', 'snapshots', 'nextSeq', 'bootUs', 'uuidNext', 'reusedProbeRead', 'recoveriesDone', 'recoveriesAborted', 'waitedCount', 'isTickArmed', 'recoverQueue', 'recoverCtrl', 'isRecoverSleeping', 'recoveriesThrottled', 'recoverQueueFailed', 'readsViaPaxos', 'readsViaPaxosOk', 'plogWriter', 'getAllRsp', 'preAuthProposals', 'leaseRejects', 'catchup',
] as const satisfies readonly (keyof NodeState)[];
/** Compiles only while ROOT_FIELDS names every field of NodeState. */
const ROOT_FIELDS_COMPLETE: [Exclude<keyof NodeState, (typeof ROOT_FIELDS)[number]>] extends [never] ? true : never = true;
void ROOT_FIELDS_COMPLETE;

// One copy function per kind of object: a spread that sees a single shape stays fast in V8, one that sees every
// shape of the state (megamorphic) goes through the runtime. The node record, an entity and an entry are copied by an
// object literal naming their fields in the boot record's key order (ROOT_FIELDS, ENTITY_FIELDS, storage.ts
// copyEntryInfo), not by a spread: a spread's copy keeps the hidden class its original had, and field representations
// that moved during a run (a probe uuid past the small-integer range, a null that became an object) left four hidden
// classes of the node record and six of an entry alive, so the spreads and every handler's and watcher's reads of them
// ran polymorphic or megamorphic. Every copy of a literal has the literal's one (generalised) class. Same keys, same
// order, same values as the spread (settle-root.test.ts compares them).
export const copyRoot = (x: D): D => ({
  idx: x.idx, n: x.n, entities: x.entities, cmds: x.cmds, recoveries: x.recoveries, snapshots: x.snapshots, nextSeq: x.nextSeq, bootUs: x.bootUs,
  uuidNext: x.uuidNext, reusedProbeRead: x.reusedProbeRead, recoveriesDone: x.recoveriesDone, recoveriesAborted: x.recoveriesAborted,
  waitedCount: x.waitedCount, isTickArmed: x.isTickArmed, recoverQueue: x.recoverQueue, recoverCtrl: x.recoverCtrl, isRecoverSleeping: x.isRecoverSleeping,
  recoveriesThrottled: x.recoveriesThrottled, recoverQueueFailed: x.recoverQueueFailed, readsViaPaxos: x.readsViaPaxos, readsViaPaxosOk: x.readsViaPaxosOk,
  plogWriter: x.plogWriter, getAllRsp: x.getAllRsp, preAuthProposals: x.preAuthProposals, leaseRejects: x.leaseRejects, catchup: x.catchup,
});
const copyEntities = (x: D['entities']): D['entities'] => ({ ...x });
export const copyEntity = (x: DEntity): DEntity => ({
  committed: x.committed, maxCont: x.maxCont, maxChosen: x.maxChosen, maxPlog: x.maxPlog, highWater: x.highWater, activePeer: x.activePeer,
  entries: x.entries, db: x.db, dbDurable: x.dbDurable, isDbWriting: x.isDbWriting, isGetAllPending: x.isGetAllPending, isRecoverFlag: x.isRecoverFlag,
  lastRecoverEndUs: x.lastRecoverEndUs, isLoading: x.isLoading, gcCandidate: x.gcCandidate, amnesia: x.amnesia, preAuthEntry: x.preAuthEntry,
  leaseUntilUs: x.leaseUntilUs,
});
/** The marks copied by a literal in loadEntity's key order, not by the shared default spread (megamorphic: it sees every kind). */
export const copyHighWater = (x: DEntity['highWater']): DEntity['highWater'] => ({ committed: x.committed, maxCont: x.maxCont, maxChosen: x.maxChosen });
const copyEntries = (x: DEntity['entries']): DEntity['entries'] => ({ ...x });
const copyEntry = (x: DEntry): DEntry => copyEntryInfo(x) as DEntry;
const copyWorker = (x: D['catchup']): D['catchup'] => ({ ...x });
export const copyCmds = (x: D['cmds']): D['cmds'] => ({ ...x });

/**
 * Drop the entity's command (it must have one): a fresh record of the others in their order, registered as this
 * handler's, where a copy and `delete` stood. The delete put the copy in dictionary mode, and every later read, copy and
 * settle of that record (states live for many events) ran in the runtime; same keys, order and values either way.
 */
export function dropCmd(d: D, entity: string): void {
  const cur = d.cmds as Record<string, D['cmds'][string]>;
  const out: Record<string, D['cmds'][string]> = {};
  for (const k in cur) if (k !== entity) out[k] = cur[k]!;
  d.cmds = ownFresh(out);
}

/** The entity, writable (copied into the working state on first use). */
export function entityOf(d: D, entity: string): DEntity {
  const cur = d.entities[entity];
  assert(cur !== undefined, `unknown entity ${entity}`);
  if (isOwned(cur)) return cur;
  d.entities = own(d.entities, copyEntities);
  const ent = own(cur, copyEntity);
  d.entities[entity] = ent;
  return ent;
}

/** The entry's info, writable, created empty if missing; `ent` must be the writable entity (from entityOf). */
export function entryOf(d: D, ent: DEntity, entry: number): DEntry {
  assert(isOwned(ent), 'entryOf needs the writable entity');
  const cur = ent.entries[entry];
  if (cur !== undefined && isOwned(cur)) return cur;
  const entries = ownEntries(ent, entry);
  const info = cur === undefined ? (freshEntry(d.n) as DEntry) : own(cur, copyEntry);
  ownFresh(info);
  entries[entry] = info;
  return info;
}

/** Delete the entry from the writable entity's in-memory PLog (`ent` from entityOf). */
export function deleteEntry(ent: DEntity, entry: number): void {
  assert(isOwned(ent), 'deleteEntry needs the writable entity');
  delete ownEntries(ent, entry)[entry];
}

/** The entity's entries record, writable, with `entry` noted as touched for settleEntries. */
function ownEntries(ent: DEntity, entry: number): Record<number, DEntry> {
  const entries = (ent.entries = own(ent.entries, copyEntries)) as Record<number, DEntry>;
  if (editCount === editRecords.length) {
    editRecords.push(entries);
    editNumbers.push(entry);
  } else {
    editRecords[editCount] = entries;
    editNumbers[editCount] = entry;
  }
  editCount++;
  return entries;
}

/** The recovery of `entity`, writable (it must exist). */
export function recoveryOf(d: D, entity: string): D['recoveries'][string] {
  const cur = d.recoveries[entity];
  assert(cur !== undefined, `no recovery of ${entity}`);
  if (isOwned(cur)) return cur;
  d.recoveries = own(d.recoveries);
  const r = own(cur);
  d.recoveries[entity] = r;
  return r;
}

/** The catch-up worker, writable. */
export function workerOf(d: D): D['catchup'] {
  d.catchup = own(d.catchup, copyWorker);
  return d.catchup;
}

/** Raise the three progress counters through one door, so the high-water marks see every assignment. */
export function setProgress(ent: DEntity, field: 'committed' | 'maxCont' | 'maxChosen', value: number): void {
  assert(isOwned(ent), 'setProgress needs the writable entity');
  ent[field] = value;
  if (value > ent.highWater[field]) (ent.highWater = own(ent.highWater, copyHighWater))[field] = value;
}

/**
 * The DB's CommittedEntry set back by a GetAllAndSet from a source behind us (SetEntityMeta writes the source's entry):
 * Certain protects the in-memory counters, not the DB (sources-and-bugs §3.7), so its high-water mark follows it down.
 */
export function setDbCommittedBack(ent: DEntity, value: number): void {
  assert(isOwned(ent), 'setDbCommittedBack needs the writable entity');
  ent.committed = value;
  (ent.highWater = own(ent.highWater, copyHighWater)).committed = value;
}

/**
 * 'paxosstore/<name>' per flag name, made once: the handlers ask about two flags per event, and a template string per
 * ask was a new string for the Set to flatten and hash (about 0.2 us each on this machine, most of it in clean runs,
 * which hold no flag at all: those are answered by the set's size).
 */
const bugKeys = new Map<string, string>();
export const bug = (env: Env, name: string): boolean => {
  if (env.bugs.size === 0) return false;
  let key = bugKeys.get(name);
  if (key === undefined) bugKeys.set(name, (key = `paxosstore/${name}`));
  return env.bugs.has(key);
};

/** May this node vote (promise/accept/answer empty) on `entry`? Not while its lost votes might cover it. */
export function canVote(ent: DEntity | EntityState, entry: number): boolean {
  if (ent.amnesia === null) return true;
  return ent.amnesia.fence !== null && entry > ent.amnesia.fence;
}

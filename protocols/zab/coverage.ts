// ZAB coverage: an abstract per-server tuple for guided fuzzing, and the "sometimes" marks a good campaign must reach.
import type { DiskContents, Mark, NodeView, View } from '../../sim/index.ts';
import { FieldCodes, hasKeys, ms, NodeMemory, seconds, someNodeMark } from '../../sim/index.ts';
import type { Election, LeaderRole, LearnerRole, ZabNode } from './state.ts';
import { COUNTER_MAX, counterOf, epochOf } from './zxid.ts';
import { connsOf } from './learner-conns.ts';
import { ZAB_OPTION_DOCS, idOfSid } from './options.ts';

// File names as persist.ts writes them (read here only through the disk view).
const ACCEPTED = 'acceptedEpoch';
const CURRENT = 'currentEpoch';
const SNAPSHOT = 'snapshot';
const UPDATING = 'updatingEpoch';

/** The last value of a one-number file (an epoch file), or -1 when it is empty or absent. */
function epochOnDisk(disk: DiskContents, file: string): number {
  const recs = disk.get(file);
  const v = recs === undefined || recs.length === 0 ? undefined : recs[recs.length - 1]!.data;
  return typeof v === 'number' ? v : -1;
}

const rel = (a: number, b: number): string => (a === b ? 'eq' : a > b ? 'gt' : 'lt');

/**
 * What zabCoverageKey reads besides its node (ProtocolModule.coverageKeyReads): a learner's key compares its lastZxid
 * with its leader's (leaderOf), and the leader may be any other server, so every other server id the options allow
 * (ids not in a run are ignored). The kernel then keys a node only when it or another server changed since it was last
 * keyed (31 % of a fuzz seed's keys were asked with nothing changed), and a key that is the node's last text (interned:
 * the same string) is not looked up in the run's set again. Nothing else is read: not the time (electionKey buckets the
 * state's own notTimeoutUs), not the network.
 */
const OTHER_SERVERS: ReadonlyMap<string, readonly string[]> = (() => {
  const ids = Array.from({ length: ZAB_OPTION_DOCS.serverCount.max! }, (_, i) => idOfSid(i + 1) as string);
  return new Map(ids.map((id) => [id, ids.filter((o) => o !== id)]));
})();
export const zabCoverageKeyReads = (id: string): readonly string[] => OTHER_SERVERS.get(id) ?? [...OTHER_SERVERS.keys()];

/** The newest server in LEADING (its lastZxid is what learners compare with). */
function leaderOf(view: View<ZabNode>, s: ZabNode): ZabNode | undefined {
  if (s.role.type !== 'learner') return undefined;
  const id = (s.role as LearnerRole).leader;
  // A loop, not find() with a closure: this runs for every key of a learner.
  for (const n of view.nodes) if (n.id === id) return n.state?.role.type === 'leader' ? n.state : undefined;
  return undefined;
}

/**
 * A leader's learners (LearnerHandlers): none connected, some still syncing (no NEWLEADER ACK yet: the leader serves
 * while a learner is mid-sync), or every one synced. Presence only, no count or ids.
 */
export function learnersKey(r: LeaderRole): string {
  // The connection ids from learner-conns.ts's remembered list, not a for-in: the record is keyed by connection id, so
  // V8 holds it as holey elements sized by the largest id and a for-in scans every hole in the runtime (0.9 % of a zab
  // seed). The leader's handler has mostly just asked for the same record's list. Same keys, so the same answer.
  const conns = connsOf(r.learners);
  for (let i = 0; i < conns.length; i++) if (!r.learners[conns[i]!]!.isSynced) return 'lrn:syncing';
  return conns.length > 0 ? 'lrn:synced' : 'lrn:-';
}

function roleKey(s: ZabNode, view: View<ZabNode>): string {
  if (s.role.type === 'leader') {
    const r = s.role as LeaderRole;
    return `L:${r.isEstablished ? 'est' : r.isCurrentEpochSet ? 'cur' : r.isEpochAccepted ? 'acc' : r.isEpochDecided ? 'dec' : 'new'}:${learnersKey(r)}`;
  }
  if (s.role.type === 'learner') {
    const r = s.role as LearnerRole;
    const l = leaderOf(view, s);
    return `F:${r.step}:${r.syncMode}:${r.isEpochTaken ? 'taken' : 'old'}:buf${r.buffered.length > 0 ? '+' : '0'}:vsL${l === undefined ? '?' : rel(s.lastZxid, l.lastZxid)}`;
  }
  return 'none';
}

// Notification timeout bounds of 0, 2 and 5 doublings of the default finalizeWait (200 ms).
const BACKOFF_0 = ms(200);
const BACKOFF_2 = ms(800);
const BACKOFF_5 = seconds(6.4);

/**
 * A LOOKING server's FLE state: finalizing (a quorum agrees, finalizeWait runs) or polling, and how far its notification
 * timeout has backed off (doubled per silent poll up to maxNotificationInterval). The key sees no options, so the
 * buckets are absolute, sized for the default finalizeWait of 200 ms: none, 1-2, 3-5, 6 or more doublings.
 */
function electionKey(e: Election | null): string {
  if (e === null) return '-';
  const t = e.notTimeoutUs;
  return `fle:${e.isFinalizing ? 'fin' : 'poll'}:${t <= BACKOFF_0 ? 'b0' : t <= BACKOFF_2 ? 'b1-2' : t <= BACKOFF_5 ? 'b3-5' : 'b6+'}`;
}

/**
 * state | phase | role detail | election (fle:fin/poll and back-off bucket) | late start (started late by the operator
 * and not yet synced by a leader: joining a running ensemble) |
 * in-memory acceptedEpoch vs currentEpoch | on-disk acceptedEpoch vs currentEpoch | in-memory vs on-disk currentEpoch |
 * history durable or not | committed all or not | updatingEpoch marker | last sync mode.
 * A down server is keyed by its disk alone (what a restart will find); so is one the operator has not started yet.
 */
export function zabCoverageKey(n: NodeView<ZabNode>, view: View<ZabNode>): string | null {
  // The disk view read once (a getter), and the marker with one lookup (has() then get() gave the same answer).
  const disk = n.disk;
  const s = n.state;
  // The same state object and disk contents (the disk's view object is rebuilt only after a write) as the last key's,
  // with the same leader lastZxid for a learner: every input is unchanged, so the files are not read again.
  const lead = s !== undefined && s.role.type === 'learner' ? leaderOf(view, s)?.lastZxid ?? null : null;
  const last = s === undefined ? undefined : lastKeys.get(view, n);
  if (last !== undefined && last.state === s && last.disk === disk && last.lead === lead) return last.key;
  // The same disk contents object as the last key's (rebuilt only after a write): the same epoch files and marker.
  const isSameDisk = last !== undefined && last.disk === disk;
  const acc = isSameDisk ? last.acc : epochOnDisk(disk, ACCEPTED);
  const cur = isSameDisk ? last.cur : epochOnDisk(disk, CURRENT);
  const marker = isSameDisk ? last.marker : (disk.get(UPDATING)?.length ?? 0) > 0 ? 'upd' : '-';
  if (s === undefined) return `down|disk:${rel(acc, cur)}|${marker}`;
  if (s.bootError !== null) return 'refused';
  if (s.startAtUs !== null) return `not-started|disk:${rel(acc, cur)}|${marker}`;
  // Keyed after every event of the node: reuse the last key while its inputs are the same (an unchanged state object,
  // the same epoch files and marker, the same leader lastZxid for a learner).
  // The last key's answer (always isSnapshotOnDisk of its disk and state) while everything the function reads is the
  // same: the disk contents object, the history, snapCount and lastZxid, and the role or, when neither role is a learner
  // mid-SNAP, only the fact that it is not (a learner's role is new after every packet: lastHeardUs).
  const was = last?.state;
  const isSnapOnDisk = last !== undefined && was !== undefined && last.disk === disk && was.history === s.history && was.snapCount === s.snapCount &&
    was.lastZxid === s.lastZxid && (was.role === s.role || (!isMidSnap(was.role) && !isMidSnap(s.role))) ? last.isSnapOnDisk : isSnapshotOnDisk(disk, s);
  const hit = last;
  if (hit !== undefined && hit.state === s && hit.acc === acc && hit.cur === cur && hit.marker === marker && hit.lead === lead && hit.isSnapOnDisk === isSnapOnDisk) {
    hit.disk = disk;
    return hit.key;
  }
  // A new state mostly shares its role and cnx objects with the last one (copy-on-write): their codes are reused then.
  const hi = hit !== undefined && hit.role === s.role && hit.state.state === s.state && hit.state.phase === s.phase && hit.lead === lead &&
    hit.state.lastZxid === s.lastZxid ? hit.hi : roleCodes(s, lead);
  const cnxBits = hit === undefined ? cnxCodes(s.cnx, NO_CNX, 0) : hit.cnx === s.cnx ? hit.cnxBits : cnxCodes(s.cnx, hit.cnx, hit.cnxBits);
  const lo = liveKeyLowCodes(s, acc, cur, marker, isSnapOnDisk, cnxBits);
  // Most new states print the same key as the node's last one (a ping, an ACK, a timer re-armed): the same two codes
  // give the same interned text, so the two table lookups are skipped. (Both codes set: the last key came from the table.)
  const key = hit !== undefined && lo >= 0 && hi >= 0 && hit.lo === lo && hit.hi === hi ? hit.key : internedLiveKey(s, view, acc, cur, marker, isSnapOnDisk, hi, lo);
  // The entry is overwritten in place (an object per miss was garbage on most events: a node's state is new after them).
  if (hit === undefined) lastKeys.set(view, n, { state: s, disk, acc, cur, marker, lead, isSnapOnDisk, key, role: s.role, hi, cnx: s.cnx, cnxBits, lo });
  else {
    hit.state = s; hit.disk = disk; hit.acc = acc; hit.cur = cur; hit.marker = marker; hit.lead = lead; hit.isSnapOnDisk = isSnapOnDisk; hit.key = key;
    hit.role = s.role; hit.hi = hi; hit.cnx = s.cnx; hit.cnxBits = cnxBits; hit.lo = lo;
  }
  return key;
}

/**
 * The last key's inputs; `hi` is roleCodes of `role` (with the state's state, phase, lastZxid and `lead`), `cnxBits` cnxCodes
 * of `cnx`, `lo` liveKeyLowCodes of the last state (-1 when `hi` or `lo` had no code: `key` was then built without the table).
 */
interface LastKey {
  state: ZabNode; disk: DiskContents; acc: number; cur: number; marker: string; lead: number | null; isSnapOnDisk: boolean; key: string;
  role: ZabNode['role']; hi: number; cnx: ZabNode['cnx']; cnxBits: number; lo: number;
}
/**
 * Per run and server, its last key and what it was computed from. Only the last one: a node's state object is new after
 * most of its events, so older entries would seldom hit, and a WeakMap entry per state object costs the GC more
 * (ephemerons) than the lookups save. In sim's NodeMemory (a slot of the kernel's node object: one array load, where a
 * Map by id hashed the id for every key).
 */
const lastKeys = new NodeMemory<LastKey>();

/**
 * Small codes for the string-valued fields the key prints (state, phase, a learner's step and sync mode, the last sync
 * mode), each field with its own table, assigned in first-seen order (sim/field-codes.ts; the types allow at most 6 per field).
 */
const STATE_CODES = new FieldCodes();
const PHASE_CODES = new FieldCodes();
const STEP_CODES = new FieldCodes();
const SYNC_CODES = new FieldCodes();
const LAST_SYNC_CODES = new FieldCodes();

/** rel()'s answer as 0 (eq), 1 (gt), 2 (lt). */
const relCode = (a: number, b: number): number => (a === b ? 0 : a > b ? 1 : 2);
const bit = (b: boolean): number => (b ? 1 : 0);

/**
 * liveKey's texts by everything they print, as two small integers (see liveKeyCodes): the same inputs give the same
 * string object. A key was a new ~150-character string on most events (about 1.4 KB of garbage per event, the largest
 * share of a zab seed's), and the coverage set then hashed it afresh; now the text is built once per distinct key in a
 * process and its hash is kept with it. Exact: the codes hold every value liveKey reads (test/protocols/zab/
 * coverage-intern.test.ts compares both after every event of fuzz seeds), and a miss builds the text with liveKey itself.
 */
const internedKeys = new Map<number, Map<number, string>>();

function internedLiveKey(s: ZabNode, view: View<ZabNode>, acc: number, cur: number, marker: string, isSnapOnDisk: boolean, hi: number, lo: number): string {
  if (hi < 0 || lo < 0) return liveKey(s, view, acc, cur, marker, isSnapOnDisk);
  let byLo = internedKeys.get(hi);
  if (byLo === undefined) internedKeys.set(hi, (byLo = new Map()));
  let key = byLo.get(lo);
  if (key === undefined) byLo.set(lo, (key = liveKey(s, view, acc, cur, marker, isSnapOnDisk)));
  return key;
}

/**
 * state (3 bits) | phase (3) | roleKey: its kind (2: none, leader, learner), then for a leader its stage (3) and
 * learnersKey (2), for a learner its step (3), sync mode (3), epoch taken (1), buffered (1) and lastZxid against its
 * leader's (2: eq, gt, lt, or no leader). 19 bits at most; -1 when a field has no code.
 */
function roleCodes(s: ZabNode, lead: number | null): number {
  const state = STATE_CODES.of(s.state);
  const phase = PHASE_CODES.of(s.phase);
  if (state < 0 || phase < 0) return -1;
  let role = 0;
  if (s.role.type === 'leader') {
    const r = s.role as LeaderRole;
    const stage = r.isEstablished ? 0 : r.isCurrentEpochSet ? 1 : r.isEpochAccepted ? 2 : r.isEpochDecided ? 3 : 4;
    const lrn = learnersKey(r);
    role = 1 | (stage << 2) | ((lrn === 'lrn:syncing' ? 0 : lrn === 'lrn:synced' ? 1 : 2) << 5);
  } else if (s.role.type === 'learner') {
    const r = s.role as LearnerRole;
    const step = STEP_CODES.of(r.step);
    const sync = SYNC_CODES.of(r.syncMode);
    if (step < 0 || sync < 0) return -1;
    role = 2 | (step << 2) | (sync << 5) | (bit(r.isEpochTaken) << 8) | (bit(r.buffered.length > 0) << 9) | ((lead === null ? 3 : relCode(s.lastZxid, lead)) << 10);
  }
  return state | (phase << 3) | (role << 6);
}

/**
 * electionKey (4: none, or finalizing and one of four back-off buckets) | late (1) | the four rel()s (2 each) | durable,
 * applied, marker, snapshot on disk (1 each) | last sync mode (3) | connsKey's six presences (1 each). 26 bits; -1 when
 * a field has no code.
 */
function liveKeyLowCodes(s: ZabNode, acc: number, cur: number, marker: string, isSnapOnDisk: boolean, cnxBits: number): number {
  const last = LAST_SYNC_CODES.of(s.lastSyncMode);
  if (last < 0) return -1;
  const e = s.election;
  const t = e === null ? 0 : e.notTimeoutUs;
  const election = e === null ? 0 : 1 + (e.isFinalizing ? 4 : 0) + (t <= BACKOFF_0 ? 0 : t <= BACKOFF_2 ? 1 : t <= BACKOFF_5 ? 2 : 3);
  return election | cnxBits |
    (bit(s.isStartedLate && s.lastSyncMode === 'none') << 4) |
    (relCode(s.acceptedEpoch, s.currentEpoch) << 5) | (relCode(acc, cur) << 7) | (relCode(s.currentEpoch, cur) << 9) |
    (relCode(epochOf(s.lastZxid), s.currentEpoch) << 11) |
    (bit(s.durableCount >= s.history.length) << 13) | (bit(s.committedCount >= s.history.length) << 14) |
    (bit(marker === 'upd') << 15) | (bit(isSnapOnDisk) << 16) | (last << 17) |
    (bit(counterOf(s.lastZxid) >= COUNTER_NEAR_ROLLOVER) << 24) |
    (bit(s.committedLogStart < s.history.length) << 25);
}

/** A cnx no state holds (its records are its own): every record differs from it, so each bit is worked out. */
const NO_CNX: ZabNode['cnx'] = { conns: {}, dialing: {}, queued: {}, lastSent: {}, busy: {}, unknown: {}, foreign: {}, badFrames: 0, scans: {} };
const DIALING_BIT = 1 << 20;
const QUEUED_BIT = 1 << 21;
const FOREIGN_BIT = 1 << 22;
const SCANS_BIT = 1 << 23;

/**
 * connsKey's four presences as liveKeyLowCodes' bits 20-23 (a function of the cnx object's records alone). `was` is an
 * earlier cnx and `wasBits` its answer: a record that is the same object there (records are copy-on-write, so most of a
 * new cnx's are) keeps its bit without a for-in; over the integer-keyed records (unknown, foreign, scans: holey
 * elements) a for-in builds an array of every key.
 */
function cnxCodes(c: ZabNode['cnx'], was: ZabNode['cnx'], wasBits: number): number {
  return (c.dialing === was.dialing ? wasBits & DIALING_BIT : bit(hasKeys(c.dialing)) << 20) |
    (c.queued === was.queued ? wasBits & QUEUED_BIT : bit(hasKeys(c.queued)) << 21) |
    (c.unknown === was.unknown && c.foreign === was.foreign ? wasBits & FOREIGN_BIT : bit(hasKeys(c.unknown) || hasKeys(c.foreign)) << 22) |
    (c.scans === was.scans ? wasBits & SCANS_BIT : bit(hasKeys(c.scans)) << 23);
}

/** The key exactly as liveKey builds it, without the remembered texts (tests compare the two). */
export function zabLiveKeyFresh(n: NodeView<ZabNode>, view: View<ZabNode>): string | null {
  const s = n.state;
  if (s === undefined || s.bootError !== null || s.startAtUs !== null) return zabCoverageKey(n, view);
  return liveKey(s, view, epochOnDisk(n.disk, ACCEPTED), epochOnDisk(n.disk, CURRENT), n.disk.has(UPDATING) && (n.disk.get(UPDATING)?.length ?? 0) > 0 ? 'upd' : '-', isSnapshotOnDisk(n.disk, s));
}

// One template literal rather than an array joined with '|' (the same text, without the array). Every value it prints
// must also be coded in roleCodes / liveKeyLowCodes (the remembered texts): coverage-intern.test.ts fails otherwise.
function liveKey(s: ZabNode, view: View<ZabNode>, acc: number, cur: number, marker: string, isSnapOnDisk: boolean): string {
  const late = s.isStartedLate && s.lastSyncMode === 'none' ? 'late:joining' : '-';
  const durable = s.durableCount >= s.history.length ? 'durable' : 'undurable';
  const applied = s.committedCount >= s.history.length ? 'applied' : 'pending';
  // The snapshot file holds what memory counts as snapshotted, or not (a SNAP deserialized but not yet written: the
  // ZOOKEEPER-3642 window; a TRUNC/NEWLEADER snapshot in flight); and the epoch of the last txn held against
  // currentEpoch (lt: no txn of this epoch yet; gt: a snapshot or txns of a newer epoch than currentEpoch, the
  // ZOOKEEPER-1653 window).
  return `${s.state}|${s.phase}|${roleKey(s, view)}|${electionKey(s.election)}|${late}|mem:${rel(s.acceptedEpoch, s.currentEpoch)}|` +
    `disk:${rel(acc, cur)}|memVsDisk:${rel(s.currentEpoch, cur)}|${durable}|${applied}|${marker}|last:${s.lastSyncMode}|` +
    `snap:${isSnapOnDisk ? 'disk' : 'mem'}|zxidEpoch:${rel(epochOf(s.lastZxid), s.currentEpoch)}|${connsKey(s)}`;
}

// Within this many txns of the counter's last value 0xffffffff, which Leader.propose never uses: it forces a new election
// (ZOOKEEPER-1277). Only the initialZxidCounter option (zookeeper.testingonly.initialZxid) gets a run there.
const COUNTER_NEAR_ROLLOVER = COUNTER_MAX - 0xffff;

/**
 * What the key had no segment for before the twelfth session (presence only): the election connection manager
 * (QuorumCnxManager) with a dial in flight (d), a notification queued for a peer's SendWorker (q), an accepted connection
 * whose first packet is pending or that named a sid of no server (x: the port scanner's), this machine's port scanner
 * with a dial open (s); the zxid counter near its rollover; the in-memory committedLog holding txns (what lets a
 * leader sync a learner by DIFF from memory).
 */
function connsKey(s: ZabNode): string {
  const c = s.cnx;
  return `cnx:${hasKeys(c.dialing) ? 'd' : ''}${hasKeys(c.queued) ? 'q' : ''}${hasKeys(c.unknown) || hasKeys(c.foreign) ? 'x' : ''}${hasKeys(c.scans) ? 's' : ''}|` +
    `ctr:${counterOf(s.lastZxid) >= COUNTER_NEAR_ROLLOVER ? 'near-rollover' : '-'}|clog:${s.committedLogStart < s.history.length ? 'txns' : '-'}`;
}

/** A mark that holds when some node passes `pick`. A loop, not some() with a closure: unmet marks run after every event. */
const someNode = (pick: (n: NodeView<ZabNode>, view: View<ZabNode>) => boolean) => (view: View<ZabNode>): boolean => {
  for (const n of view.nodes) if (pick(n, view)) return true;
  return false;
};

/**
 * Does the snapshot file hold what memory counts as its snapshot (the first snapCount history entries, judged by their
 * count and the last one's zxid)? Not while a SNAP deserialized into memory is unwritten (ZOOKEEPER-3642) or a
 * TRUNC/NEWLEADER snapshot is still queued for the disk.
 */
function isSnapshotOnDisk(disk: DiskContents, s: ZabNode): boolean {
  // Indexed reads, not `?? []` and at(-1): this runs for the event's node after every event.
  const recs = disk.get(SNAPSHOT);
  const rec = (recs === undefined || recs.length === 0 ? undefined : recs[recs.length - 1]!.data) as { stamp?: number; entries?: readonly { zxid?: number }[] } | undefined;
  const entries = rec?.entries;
  const count = entries === undefined ? 0 : entries.length;
  if (count !== s.snapCount || (count === 0 ? 0 : entries![count - 1]?.zxid ?? 0) !== (s.history[s.snapCount - 1]?.zxid ?? 0)) return false;
  // A learner mid-SNAP holds the leader's snapshot as its whole history (snapCount is only moved once it is written):
  // the file must hold that history and its stamp (as the snapshot-only-in-memory mark reads it).
  if (!isMidSnap(s.role)) return true;
  return count === s.history.length && (rec?.stamp ?? 0) === s.lastZxid;
}

/** Is this a learner's role between a SNAP's arrival and its NEWLEADER ACK (the only role isSnapshotOnDisk reads)? */
function isMidSnap(r: ZabNode['role']): boolean {
  return r.type === 'learner' && r.syncMode === 'snap' && (r.step === 'sync' || r.step === 'newleader');
}

/** The snapshot file's record count and stamp (what a restart would load). */
function snapshotOnDisk(disk: DiskContents): { count: number; stamp: number } {
  const rec = (disk.get(SNAPSHOT) ?? []).at(-1)?.data as { stamp?: number; entries?: readonly unknown[] } | undefined;
  return { count: rec?.entries?.length ?? 0, stamp: rec?.stamp ?? 0 };
}

/** A mark of one node's own state, disk and liveness (sim/node-marks.ts: asked only of nodes that changed). */
const nodeMark = (m: { name: string; description: string; holdsAt: (n: NodeView<ZabNode>) => boolean }): Mark<ZabNode> =>
  someNodeMark(m.name, m.description, m.holdsAt);

export const ZAB_MARKS: readonly Mark<ZabNode>[] = [
  nodeMark({
    name: 'snapshot-only-in-memory',
    description: 'a learner holds a SNAP from its leader that its snapshot file does not (yet) hold (the ZOOKEEPER-3642 window)',
    holdsAt: (n) => {
      const r = n.state?.role;
      if (r === undefined || !isMidSnap(r)) return false;
      const snap = snapshotOnDisk(n.disk);
      return snap.count !== n.state!.history.length || snap.stamp !== n.state!.lastZxid;
    },
  }),
  nodeMark({
    name: 'epoch-files-disagree-on-disk',
    description: 'a server\'s acceptedEpoch file is newer than its currentEpoch file (between the two writes: the ZOOKEEPER-1653 window)',
    holdsAt: (n) => epochOnDisk(n.disk, ACCEPTED) > epochOnDisk(n.disk, CURRENT),
  }),
  nodeMark({
    name: 'down-with-epoch-marker',
    description: 'a server is down with the updatingEpoch marker on disk (it crashed while persisting a new epoch\'s history)',
    holdsAt: (n) => !n.isUp && (n.disk.get(UPDATING)?.length ?? 0) > 0,
  }),
  {
    name: 'learner-ahead-of-new-leader',
    description: 'a learner syncing with a new leader holds a newer lastZxid than the leader (it must be truncated)',
    check: someNode((n, view) => {
      const s = n.state;
      if (s === undefined || s.role.type !== 'learner' || s.role.step === 'uptodate') return false;
      const l = leaderOf(view, s);
      return l !== undefined && s.lastZxid > l.lastZxid;
    }),
  },
  nodeMark({
    name: 'sync-by-trunc',
    description: 'a learner was synced with TRUNC',
    holdsAt: (n) => n.state?.role.type === 'learner' && n.state.role.syncMode === 'trunc',
  }),
  nodeMark({
    name: 'sync-by-snap',
    description: 'a learner was synced with SNAP',
    holdsAt: (n) => n.state?.role.type === 'learner' && n.state.role.syncMode === 'snap',
  }),
  {
    name: 'two-leading',
    description: 'two up servers are LEADING at once (an old leader has not noticed it lost its quorum)',
    // Counted in a loop: filter built an array after every event until the mark first held (most runs: never).
    check: (view) => {
      let leading = 0;
      for (const n of view.nodes) if (n.state?.state === 'LEADING' && ++leading >= 2) return true;
      return false;
    },
  },
  nodeMark({
    name: 'acked-history-not-durable',
    description: 'a following server has txns in its history that are not yet fsynced to its log',
    holdsAt: (n) => n.state?.role.type === 'learner' && n.state.role.step === 'uptodate' && n.state.durableCount < n.state.history.length,
  }),
  nodeMark({
    name: 'server-refused-to-start',
    description: 'a server refused to start (its epoch files are older than its log)',
    holdsAt: (n) => n.state !== undefined && n.state.bootError !== null,
  }),
];

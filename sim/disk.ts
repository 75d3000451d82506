// A node's simulated disk: files of CRC'd records; writes stay pending until an fsync makes them durable.
import type { DiskContents, DiskRecord, CrashMode, CorruptRecordPick, Ratio, UnsyncedFate } from './types.ts';
import type { Prng } from './prng.ts';
import { crcOf } from './crc32.ts';
import { corruptValue } from './corrupt.ts';
import { unreachable } from './assert.ts';

export type Mutation =
  | { readonly kind: 'append'; readonly record: DiskRecord }
  | { readonly kind: 'replace'; readonly records: readonly DiskRecord[] }
  | { readonly kind: 'truncate'; readonly keepCount: number }
  | { readonly kind: 'delete' };

interface FileState {
  /** What survives a machine crash; stale while durableLen >= 0 (read it through durableOf). */
  durable: DiskRecord[];
  /**
   * -1, or: the durable records are visible's first durableLen (an fsync made them all durable, and visible has only
   * grown by appends since). An fsync used to share its array as durable, so the next append had to copy the file
   * (paxosstore appends and fsyncs every record); the prefix is copied out only when a crash, a journal commit, a
   * corrupt fault or a non-append mutation needs durable as an array of its own.
   */
  durableLen: number;
  pending: Mutation[];
  /** Page-cache view: durable with pending applied (kept in step with both). */
  visible: DiskRecord[];
  /**
   * Whether `visible` is this file's alone: not handed out (read, contents) and not also `durable` since it was made.
   * An append to such an array is pushed in place; a handed-out array is never changed (readers keep them across
   * events), so an append to one copies it, as every append did: a file of n records cost n copies per append
   * (tfs's oplog, ~50 records between fsyncs, about 180 KB of copies per seed).
   */
  isOwned: boolean;
}

const TORN: Ratio = { numerator: 1, denominator: 2 };

/**
 * CRCs by data object. A record's data is never changed once written (records are immutable: damage writes a copy,
 * and isRecordIntact's verdicts below already rely on it), so a value written to two files (zab's snapshot: its .tmp,
 * then the file itself) is folded once. Content-determined, so remembering it changes no result.
 */
const crcByData = new WeakMap<object, number>();

function dataCrc(data: unknown): number {
  if (typeof data !== 'object' || data === null) return crcOf(data);
  let crc = crcByData.get(data);
  if (crc === undefined) {
    crc = crcOf(data);
    crcByData.set(data, crc);
  }
  return crc;
}

/**
 * A record as written: its CRC is the CRC of its own data, so it is folded only when something reads it (damage
 * copies it onto the damaged record: a corrupt fault, a torn append). Writes used to fold every record's canonical
 * JSON at once, and almost no record is ever damaged (5 % of a paxosstore seed, both of its runs). The data is never
 * changed once written (see crcByData), so the CRC read later is the one a write would have taken; and a record made
 * here is intact by construction (isRecordIntact answers so without a fold). `toJSON` writes the text a plain
 * `{ data, crc }` gives, for anything that prints a record.
 */
class WrittenRecord implements DiskRecord {
  #crc = -1;
  constructor(readonly data: unknown) {}
  get crc(): number {
    if (this.#crc < 0) this.#crc = dataCrc(this.data);
    return this.#crc;
  }
  toJSON(): { data: unknown; crc: number } {
    return { data: this.data, crc: this.crc };
  }
}

export const makeRecord = (data: unknown): DiskRecord => new WrittenRecord(data);

/** Verdicts of isRecordIntact by damaged record: records are immutable (damage makes a new record), so a verdict never changes. */
const intactByRecord = new WeakMap<DiskRecord, boolean>();

/** Does the record's data still match the CRC it was written with? (Invariants ask on every event: remembered.) */
export function isRecordIntact(r: DiskRecord): boolean {
  if (r instanceof WrittenRecord) return true;
  let ok = intactByRecord.get(r);
  if (ok === undefined) {
    ok = dataCrc(r.data) === r.crc;
    intactByRecord.set(r, ok);
  }
  return ok;
}

function apply(records: DiskRecord[], m: Mutation): DiskRecord[] {
  switch (m.kind) {
    case 'append':
      return [...records, m.record];
    case 'replace':
      return [...m.records];
    case 'truncate':
      return records.slice(0, Math.max(0, m.keepCount));
    case 'delete':
      return [];
    default:
      return unreachable(m);
  }
}

export class Disk {
  private readonly files = new Map<string, FileState>();
  /** Global time until which this disk is slow, and by what factor. */
  slowUntilUs = 0;
  slowFactor = 1;
  /** Completion time of the last queued op: ops on one disk complete in order. */
  lastCompletionUs = 0;
  /** contents() until the page-cache view next changes (views read it on every invariant check). */
  private contentsCache: DiskContents | null = null;
  /** Bumped whenever the page-cache view changes (invariant scoping compares it). */
  version = 0;

  /** `isAppendInPlace` false: every append copies its file (the plain path, for the agreement test). */
  constructor(private readonly isAppendInPlace = true) {}

  private file(name: string): FileState {
    let f = this.files.get(name);
    if (f === undefined) {
      f = { durable: [], durableLen: -1, pending: [], visible: [], isOwned: true };
      this.files.set(name, f);
    }
    return f;
  }

  mutate(name: string, m: Mutation): void {
    const f = this.file(name);
    f.pending.push(m);
    if (m.kind === 'append' && f.isOwned && this.isAppendInPlace) f.visible.push(m.record);
    else {
      // An append's copy keeps the durable prefix; any other mutation ends it: durable gets the records it names (the
      // whole array being replaced when they are all of it, as an fsync's sharing gave before).
      if (m.kind !== 'append' && f.durableLen >= 0) {
        if (f.durableLen === f.visible.length) { f.durable = f.visible; f.durableLen = -1; } else durableOf(f);
      }
      f.visible = apply(f.visible, m); // a new array, held by nothing else yet
      f.isOwned = true;
    }
    this.contentsCache = null;
    this.version++;
  }

  /**
   * Make `name` durable, and commit the file system's journal: on a journalling file system (ext4 data=ordered, XFS)
   * replace-by-rename, truncate and delete are metadata in one ordered journal, and an fsync of any file commits it
   * up to that point. So every file's pending ops up to its last such op become durable too (earlier data of the same
   * file with them, as data=ordered writes it before the metadata). ZooKeeper's AtomicFileOutputStream relies on this:
   * it fsyncs the tmp file and renames it, but never fsyncs the directory.
   */
  fsync(name: string): void {
    const f = this.file(name);
    if (this.isAppendInPlace) f.durableLen = f.visible.length;
    else { f.durable = f.visible; f.isOwned = false; }
    f.pending = [];
    for (const other of this.files.values()) commitMetadata(other);
  }

  read(name: string): readonly DiskRecord[] {
    const f = this.files.get(name);
    if (f === undefined) return [];
    f.isOwned = false;
    return f.visible;
  }

  /** The page-cache view of every non-empty file, sorted by name. */
  contents(): DiskContents {
    if (this.contentsCache !== null) return this.contentsCache;
    const out = new Map<string, readonly DiskRecord[]>();
    for (const name of [...this.files.keys()].sort()) {
      const f = this.files.get(name)!;
      if (f.visible.length > 0) { out.set(name, f.visible); f.isOwned = false; }
    }
    this.contentsCache = out;
    return out;
  }

  /**
   * Apply the crash rule. A process crash keeps the page cache; a machine crash keeps a random prefix of each file's
   * pending writes, maybe tearing the next append ('random'), or none of them ('lost': no draw, nothing torn).
   */
  crash(mode: CrashMode, prng: Prng, unsynced: UnsyncedFate = 'random'): void {
    if (mode === 'process') return;
    for (const name of [...this.files.keys()].sort()) {
      const f = this.files.get(name)!;
      if (f.pending.length === 0) continue;
      const isLost = unsynced === 'lost';
      const keep = isLost ? 0 : prng.range(0, f.pending.length);
      let records = durableOf(f);
      for (let i = 0; i < keep; i++) records = apply(records, f.pending[i]!);
      const next = f.pending[keep];
      if (!isLost && next !== undefined && next.kind === 'append' && prng.chance(TORN)) {
        records = [...records, tear(next.record, prng)];
      }
      f.durable = records;
      f.visible = records;
      f.isOwned = false;
      this.contentsCache = null;
      this.version++;
      f.pending = [];
    }
  }

  /** Land a write torn in the page cache (kill during write). */
  appendTorn(name: string, record: DiskRecord, prng: Prng): void {
    this.mutate(name, { kind: 'append', record: tear(record, prng) });
  }

  /**
   * Damage one stored record so its CRC check fails: a random one, or with `pick` 'last' the file's last record (the
   * latest append, no index drawn). Returns what was hit, or null if the disk is empty.
   */
  corrupt(prng: Prng, onlyFile?: string, pick: CorruptRecordPick = 'random'): { file: string; index: number } | null {
    const names = [...this.files.keys()].sort().filter((n) => (onlyFile === undefined || n === onlyFile) && this.files.get(n)!.visible.length > 0);
    if (names.length === 0) return null;
    const name = prng.pick(names);
    const f = this.files.get(name)!;
    const index = pick === 'last' ? f.visible.length - 1 : prng.int(f.visible.length);
    const old = f.visible[index]!;
    durableOf(f);
    const bad: DiskRecord = { data: corruptValue(old.data, old.crc, prng), crc: old.crc };
    f.visible = f.visible.map((r, i) => (i === index ? bad : r));
    f.isOwned = true;
    this.contentsCache = null;
    this.version++;
    if (index < f.durable.length && f.durable[index] === old) f.durable = f.durable.map((r, i) => (i === index ? bad : r));
    return { file: name, index };
  }
}

const isMetadata = (m: Mutation): boolean => m.kind !== 'append';

/** f's durable records as an array of their own (copying out the prefix of visible they were, if so). */
function durableOf(f: FileState): DiskRecord[] {
  if (f.durableLen >= 0) {
    f.durable = f.visible.slice(0, f.durableLen);
    f.durableLen = -1;
  }
  return f.durable;
}

/** Journal commit for one file: its pending ops up to the last metadata op become durable; appends after it stay pending. */
function commitMetadata(f: FileState): void {
  let last = -1;
  for (let i = 0; i < f.pending.length; i++) if (isMetadata(f.pending[i]!)) last = i;
  if (last < 0) return;
  let records = durableOf(f);
  for (let i = 0; i <= last; i++) records = apply(records, f.pending[i]!);
  f.durable = records;
  f.pending = f.pending.slice(last + 1);
}

function tear(record: DiskRecord, prng: Prng): DiskRecord {
  return { data: corruptValue(record.data, record.crc, prng), crc: record.crc };
}

// Disk layout and writes: epoch files (AtomicFileWritingIdiom: <name>.tmp, fsync, rename), the txn log (append + fsync),
// snapshot, and 3.4.6's updatingEpoch marker (option isUpdatingEpochMarked).
import type { Env } from './env.ts';
import type { Entry, WireEntry } from './zxid.ts';
import { toWire } from './zxid.ts';
import { BUG, has } from './bugs.ts';

export const FILE = {
  log: 'log',
  snapshot: 'snapshot',
  currentEpoch: 'currentEpoch',
  acceptedEpoch: 'acceptedEpoch',
  /**
   * ZOOKEEPER-1653's marker (3.4.6 only; option isUpdatingEpochMarked): present while a learner persists a new epoch's
   * history before currentEpoch.
   */
  updatingEpoch: 'updatingEpoch',
  /** AtomicFileOutputStream's temporary file (snapshot.<zxid>.tmp); boot never reads it. */
  snapshotTmp: 'snapshot.tmp',
} as const;

/** A snapshot file record: the history it summarises and its lastProcessedZxid stamp. */
export interface SnapshotRecord { readonly stamp: number; readonly entries: readonly WireEntry[] }

/** Disk-done tags the actor reacts to (the kernel hands them back unchanged). */
export type DiskTag =
  | { readonly k: 'leader-accepted'; readonly gen: number; readonly epoch: number }
  | { readonly k: 'leader-current'; readonly gen: number; readonly epoch: number }
  | { readonly k: 'leader-logged'; readonly gen: number; readonly zxid: number; readonly h: number }
  | { readonly k: 'learner-accepted'; readonly gen: number; readonly epoch: number }
  | { readonly k: 'learner-newleader'; readonly gen: number; readonly epoch: number; readonly count: number; readonly h: number }
  | { readonly k: 'learner-epoch-first'; readonly gen: number; readonly epoch: number }
  | { readonly k: 'learner-logged'; readonly gen: number; readonly zxid: number; readonly h: number; readonly isAcked: boolean };

/**
 * The temporary file AtomicFileOutputStream writes `file` through (`<name>.tmp`, QuorumPeer.writeLongToFile): on disk
 * from the start of an epoch write until its rename. 3.8's loadDataBase reads currentEpoch.tmp when the history is
 * newer than currentEpoch (boot.ts).
 */
export const tmpOf = (file: string): string => `${file}.tmp`;

/**
 * QuorumPeer.writeLongToFile (AtomicFileWritingIdiom): write `<name>.tmp`, fsync it, rename it over `<name>`; `tag`
 * comes back when the new value is durable under its name. The rename is two disk ops here (replace `<name>`, delete
 * the tmp) with the fsync that stands for its journal commit between them (as writeSnapshot's): a crash before that
 * fsync finds the tmp (fsynced) and, under `<name>`, the old value or the new one; a crash after it may still find the
 * tmp beside the new value, a state the atomic rename never shows, which boot tidies (it means "renamed"). The tmp is
 * deleted only after the fsync: a machine crash keeps a prefix of each file's pending ops independently, and deleting
 * first could keep the delete and lose the rename (neither file new: the state seed 1581 found for the marker).
 */
export function writeEpoch(env: Env, file: string, value: number, tag?: DiskTag): void {
  writeEpochTmp(env, file, value);
  renameEpoch(env, file, value, tag);
}

/** The first half of writeEpoch: `<name>.tmp` written and fsynced. */
export function writeEpochTmp(env: Env, file: string, value: number): void {
  env.ctx.replace(tmpOf(file), [value]);
  env.ctx.fsync(tmpOf(file));
}

/** The second half: the rename (replace, fsync with `tag`, tmp deleted). */
export function renameEpoch(env: Env, file: string, value: number, tag?: DiskTag): void {
  env.ctx.replace(file, [value]);
  env.ctx.fsync(file, tag);
  env.ctx.deleteFile(tmpOf(file));
}

/** Does this run write 3.4.6's marker? The option, unless a flag takes the older behaviour (1653 = 3.4.5, 335 = no epoch files). */
export const isMarkerOn = (env: Env): boolean =>
  env.opts.isUpdatingEpochMarked && !has(env.bugs, BUG.epochCrashWindow) && !has(env.bugs, BUG.epochFromZxid);

/** 3.4.6's updatingEpoch marker: `updating.createNewFile()` (made durable here with an fsync, as before). */
export function writeMarker(env: Env, epoch: number): void {
  env.ctx.replace(FILE.updatingEpoch, [epoch]);
  env.ctx.fsync(FILE.updatingEpoch);
}

export function appendLog(env: Env, entries: readonly Entry[], tag?: DiskTag): void {
  for (const e of entries) env.ctx.append(FILE.log, toWire(e));
  env.ctx.fsync(FILE.log, tag);
}

/**
 * takeSnapshot(syncSnap = true), then empty the log: the history now lives in the snapshot. FileSnap.serialize with
 * fsync writes through AtomicFileOutputStream: a temporary file, fsynced, then renamed. Disk ops complete in order and
 * a crash drops the ones not yet completed, so the snapshot appears under its name only once its data is durable; a
 * process crash before that finds the old snapshot (fuzz seed 986 found the model trusting an unsynced snapshot).
 * The rename is fsynced like a file: ext4 commits it with the next journal commit (any later fsync, or within 5 s);
 * the simulated disk has no such commit, so the gap between rename and its fsync is the kernel's (README).
 */
export function writeSnapshot(env: Env, stamp: number, entries: readonly Entry[]): void {
  const rec: SnapshotRecord = { stamp, entries: entries.map(toWire) };
  env.ctx.replace(FILE.snapshotTmp, [rec]);
  env.ctx.fsync(FILE.snapshotTmp);
  env.ctx.replace(FILE.snapshot, [rec]);
  env.ctx.deleteFile(FILE.snapshotTmp);
  env.ctx.fsync(FILE.snapshot);
  env.ctx.truncate(FILE.log, 0);
  env.ctx.fsync(FILE.log);
}

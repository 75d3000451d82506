// Disk layout and writes: epoch files (replace + fsync), the txn log (append + fsync), snapshot, updatingEpoch marker.
import type { Env } from './env.ts';
import type { Entry, WireEntry } from './zxid.ts';
import { toWire } from './zxid.ts';

export const FILE = {
  log: 'log',
  snapshot: 'snapshot',
  currentEpoch: 'currentEpoch',
  acceptedEpoch: 'acceptedEpoch',
  /** ZOOKEEPER-1653's marker: present while a learner persists a new epoch's history before currentEpoch. */
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

/** AtomicFileWritingIdiom: the whole file replaced, then fsync; `tag` comes back when it is durable. */
export function writeEpoch(env: Env, file: string, value: number, tag?: DiskTag): void {
  env.ctx.replace(file, [value]);
  env.ctx.fsync(file, tag);
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

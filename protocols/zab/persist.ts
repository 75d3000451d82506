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

/** Replace snapshot + empty the log: the history now lives in the snapshot. */
export function writeSnapshot(env: Env, stamp: number, entries: readonly Entry[]): void {
  const rec: SnapshotRecord = { stamp, entries: entries.map(toWire) };
  env.ctx.replace(FILE.snapshot, [rec]);
  env.ctx.fsync(FILE.snapshot);
  env.ctx.truncate(FILE.log, 0);
  env.ctx.fsync(FILE.log);
}

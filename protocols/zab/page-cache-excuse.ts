// committed-durable-on-quorum's excuse for a real ZooKeeper 3.8 hazard (the permitted anomaly
// acked-history-from-page-cache, fuzz seed 1670067): a server's process crashes after it appended txns it had not yet
// fsynced; the restarted process reads them back from the page cache (FileTxnSnapLog.restore) and is synced by a DIFF
// (empty, or txns appended to a new log file). At NEWLEADER, Learner.syncWithLeader calls ZKDatabase.commit →
// FileTxnLog.commit, which flushes and fsyncs only `streamsToFlush`, the log files this process appended to: the old
// file is never fsynced, yet the learner ACKs NEWLEADER and the leader counts it as holding the history. A machine
// crash then drops the txns. The model's single log file is fsynced whole by a later append's fsync, so the model's
// window is narrower than ZooKeeper's (there the old file stays unsynced for good); until such an fsync it is the same.
//
// Narrow: a server missing the leader's newest commit is excused only when the tracker saw it hold that txn at that
// position, read back at a boot that followed a process crash (its disk's log unchanged by the crash), with no fsync
// completed in that incarnation since (durableCount never rose), and lose it in a crash that changed its disk (a
// machine crash dropping unsynced writes; a process crash keeps the page cache). A copy lost by any other path (acked
// before its fsync in the same incarnation, a skipped fsync) was never in such a read-back range: not excused.
// The memory is kept here, per view (read-only: it watches states and disks as the invariant runs).
import type { DiskRecord, View } from '../../sim/index.ts';
import { perRun } from '../../sim/index.ts';
import type { ZabNode } from './state.ts';
import type { Entry } from './zxid.ts';
import { FILE } from './persist.ts';

export const ACKED_HISTORY_FROM_PAGE_CACHE = 'acked-history-from-page-cache';

interface ServerTrack {
  incarnation: number;
  history: readonly Entry[];
  /** durableCount last seen in this incarnation: a rise means an fsync of the log completed (it makes the file durable). */
  durableSeen: number;
  /** Positions (1-based, inclusive) of `history` read back from the page cache at this incarnation's boot, unsynced since. */
  readBack: { readonly from: number; to: number } | null;
  /** The log's records when last seen up, and whether the crash since changed them (a machine crash); null while up. */
  logUp: readonly DiskRecord[] | undefined;
  crashChangedDisk: boolean | null;
  /** position → hash of txns this server lost in a machine crash from a read-back range. */
  readonly lost: Map<number, number>;
}

const tracks = perRun(() => new Map<string, ServerTrack>());

const sharedPrefix = (a: readonly Entry[], b: readonly Entry[]): number => {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i]!.h === b[i]!.h) i++;
  return i;
};

/**
 * Did the crash drop records the log held when last seen up? (A process crash keeps the page cache; records appended
 * after the last look may be newer than `up`, so only a record missing at its position counts.)
 */
function droppedRecords(up: readonly DiskRecord[] | undefined, down: readonly DiskRecord[] | undefined): boolean {
  if (up === undefined || up === down) return false;
  if (down === undefined || down.length < up.length) return true;
  for (let i = 0; i < up.length; i++) if (up[i] !== down[i]) return true;
  return false;
}

/** Bring the view's tracker up to this event (call on every check, before any early return). */
export function observePageCache(view: View<ZabNode>): Map<string, ServerTrack> {
  const m = tracks(view);
  for (const n of view.nodes) {
    if (n.kind !== 'participant') continue;
    const t = m.get(n.id);
    const s = n.state;
    if (s === undefined) {
      // Down: did the crash change the log (a machine crash dropped unsynced writes)? Judged at the first look.
      if (t !== undefined && t.crashChangedDisk === null) t.crashChangedDisk = droppedRecords(t.logUp, n.disk.get(FILE.log));
      continue;
    }
    if (t === undefined) {
      m.set(n.id, { incarnation: n.incarnation, history: s.history, durableSeen: s.durableCount, readBack: null, logUp: n.disk.get(FILE.log), crashChangedDisk: null, lost: new Map() });
      continue;
    }
    if (t.incarnation !== n.incarnation) {
      // A boot. What the last incarnation could lose: its read-back range, if nothing fsynced it.
      const kept = sharedPrefix(t.history, s.history);
      const wasMachine = t.crashChangedDisk === true;
      if (wasMachine && t.readBack !== null) {
        for (let p = Math.max(t.readBack.from, kept + 1); p <= t.readBack.to; p++) t.lost.set(p, t.history[p - 1]!.h);
      }
      // After a process crash, what the boot read beyond the last known-synced prefix came from the page cache.
      // Known synced before the crash: what this incarnation's fsyncs covered (durableCount), below any read-back range.
      const wasSynced = t.readBack === null ? t.durableSeen : Math.min(t.durableSeen, t.readBack.from - 1);
      const synced = wasMachine ? s.history.length : Math.min(kept, wasSynced);
      t.readBack = !wasMachine && s.history.length > synced ? { from: synced + 1, to: s.history.length } : null;
      t.incarnation = n.incarnation;
      t.history = s.history;
      t.durableSeen = s.durableCount;
      t.crashChangedDisk = null;
      t.logUp = n.disk.get(FILE.log);
      continue;
    }
    // Same incarnation: an fsync completing (durableCount rose) made the model's whole log durable.
    if (s.durableCount > t.durableSeen) t.readBack = null;
    if (t.readBack !== null && s.history !== t.history) {
      t.readBack.to = Math.min(t.readBack.to, sharedPrefix(t.history, s.history));
      if (t.readBack.to < t.readBack.from) t.readBack = null;
    }
    t.durableSeen = s.durableCount;
    t.history = s.history;
    t.logUp = n.disk.get(FILE.log);
  }
  return m;
}

/** Servers (ids, sorted) that lost the txn with hash `h` at position `k` in a machine crash after reading it back from the page cache. */
export function lostFromPageCache(view: View<ZabNode>, k: number, h: number): string[] {
  const m = tracks(view);
  return [...m.entries()].filter(([, t]) => t.lost.get(k) === h).map(([id]) => id).sort();
}

/** Per run, the details of the excuses committed-durable-on-quorum made (the anomaly probe reports the newest; null: none). */
export const excuseOf = perRun((): { last: string | null } => ({ last: null }));

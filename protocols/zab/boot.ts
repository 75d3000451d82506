// QuorumPeer.start: loadDataBase (snapshot + intact log prefix, epoch files, the epoch checks), then the first election.
import type { DiskContents, DiskRecord, NodeSpec } from '../../sim/index.ts';
import { isRecordIntact } from '../../sim/index.ts';
import type { Env } from './env.ts';
import { EMPTY_INDEXED } from './indexed.ts';
import type { ZabNode } from './state.ts';
import type { Entry, WireEntry } from './zxid.ts';
import { epochOf, extend, lastZxidOf } from './zxid.ts';
import { BUG, has } from './bugs.ts';
import { FILE, appendLog, isMarkerOn, tmpOf, writeEpoch } from './persist.ts';
import type { SnapshotRecord } from './persist.ts';
import { isObserverId, sidOf } from './options.ts';

/**
 * The permitted anomaly (a real ZooKeeper 3.8 hazard, README): a server crashed after its sync's snapshot/txns of a new
 * epoch were on disk and before currentEpoch.tmp existed, so loadDataBase finds epochOfZxid > currentEpoch and no tmp
 * to recover from, and the server refuses to start. disk-bootable excuses exactly that cause (epoch-window-excuse.ts).
 */
export const EPOCH_CRASH_WINDOW_UNBOOTABLE = 'epoch-crash-window-unbootable';

const intactPrefix = (records: readonly DiskRecord[]): DiskRecord[] => {
  const i = records.findIndex((r) => !isRecordIntact(r));
  return i < 0 ? [...records] : records.slice(0, i);
};

function readNumber(disk: DiskContents, file: string): number | null {
  const recs = intactPrefix(disk.get(file) ?? []);
  const v = recs[recs.length - 1]?.data;
  return typeof v === 'number' ? v : null;
}

/** The history the snapshot and the log replay to, and how many log records are usable. */
export function loadHistory(disk: DiskContents): { history: Entry[]; snapCount: number; stamp: number; isLogClean: boolean } {
  const snaps = intactPrefix(disk.get(FILE.snapshot) ?? []);
  const snap = snaps[snaps.length - 1]?.data as SnapshotRecord | undefined;
  const base = extend([], snap?.entries ?? []);
  const log = disk.get(FILE.log) ?? [];
  const intact = intactPrefix(log);
  // Replay only what follows the snapshot: a crash between writing a snapshot and emptying the log leaves stale records.
  const after = lastZxidOf(base);
  const entries = intact.map((r) => r.data as WireEntry).filter((w) => base.length === 0 || w.zxid > after);
  const isClean = entries.length === intact.length && intact.length === log.length;
  return { history: extend(base, entries), snapCount: base.length, stamp: snap?.stamp ?? 0, isLogClean: isClean };
}

/**
 * The model's rename is two disk ops (persist.ts writeEpoch): a crash between them leaves `<name>.tmp` beside `<name>`
 * holding the same value, which the real (atomic) rename never leaves. That state means "renamed": delete the tmp, so
 * a later boot never reads a stale tmp that ZooKeeper could not have.
 */
function tidyRenamed(env: Env, disk: DiskContents, file: string, value: number | null): void {
  if (value !== null && readNumber(disk, tmpOf(file)) === value) env.ctx.deleteFile(tmpOf(file));
}

export function bootNode(node: NodeSpec, disk: DiskContents, env: Env): ZabNode {
  const { history, snapCount, stamp, isLogClean } = loadHistory(disk);
  if (!isLogClean) {
    // A torn or corrupt tail (replay stops there) or stale records: rewrite the log as exactly what was replayed.
    env.ctx.truncate(FILE.log, 0);
    appendLog(env, history.slice(snapCount));
  }
  const lastZxid = Math.max(stamp, lastZxidOf(history));
  const epochOfZxid = lastZxid > 0 ? epochOf(lastZxid) : 0;
  let bootError: string | null = null;
  let currentEpoch = epochOfZxid;
  let acceptedEpoch = epochOfZxid;
  if (!has(env.bugs, BUG.epochFromZxid)) {
    const cur = readNumber(disk, FILE.currentEpoch);
    const acc = readNumber(disk, FILE.acceptedEpoch);
    // A tmp holding the value already under the name is a finished rename (tidyRenamed): no tmp for loadDataBase.
    const tmpRead = readNumber(disk, tmpOf(FILE.currentEpoch));
    const curTmp = tmpRead === cur ? null : tmpRead;
    // Missing files ("upgrading"): pick the epoch of the last zxid and write it.
    if (cur === null) writeEpoch(env, FILE.currentEpoch, epochOfZxid);
    if (acc === null) writeEpoch(env, FILE.acceptedEpoch, epochOfZxid);
    tidyRenamed(env, disk, FILE.currentEpoch, cur);
    tidyRenamed(env, disk, FILE.acceptedEpoch, acc);
    currentEpoch = cur ?? epochOfZxid;
    acceptedEpoch = acc ?? epochOfZxid;
    if (epochOfZxid > currentEpoch) {
      const isMarkedAtCrash = isMarkerOn(env) && readNumber(disk, FILE.updatingEpoch) !== null;
      if (isMarkedAtCrash) {
        // 3.4.6 (ZOOKEEPER-1653's fix): we crashed while taking the new epoch; finish it.
        currentEpoch = epochOfZxid;
        writeEpoch(env, FILE.currentEpoch, currentEpoch);
        env.ctx.deleteFile(FILE.updatingEpoch);
      } else if (curTmp !== null && !has(env.bugs, BUG.epochCrashWindow)) {
        // 3.8 (QuorumPeer.loadDataBase): currentEpoch.tmp found, setCurrentEpoch(its value), whatever that value is.
        currentEpoch = curTmp;
        writeEpoch(env, FILE.currentEpoch, currentEpoch);
      } else {
        bootError = `The current epoch, ${currentEpoch}, is older than the last zxid's epoch, ${epochOfZxid}`;
        // With no tmp this is 3.8's own crash window, counted; with one it is 3.4.5's boot (the zk-1653 flag), and
        // disk-bootable reports the refusal as a violation.
        if (curTmp === null) env.ctx.anomaly(EPOCH_CRASH_WINDOW_UNBOOTABLE, `${node.id}: history reaches epoch ${epochOfZxid}, currentEpoch is ${currentEpoch}, no currentEpoch.tmp`);
      }
    }
    if (bootError === null && acceptedEpoch < currentEpoch) {
      bootError = `The accepted epoch, ${acceptedEpoch}, is less than the current epoch, ${currentEpoch}`;
    }
  }
  if (bootError !== null) env.ctx.log(`refusing to start: ${bootError}`);
  const sid = sidOf(node.id);
  return {
    id: node.id, sid, isObserver: isObserverId(env.opts, node.id), bootError, startAtUs: null, isStartedLate: false, acceptedEpoch, currentEpoch, history, snapCount, lastZxid,
    committedLogStart: snapCount, syncBranches: [],
    committedCount: 0, durableCount: history.length, tree: {}, state: 'LOOKING', phase: 'ELECTION', logicalclock: 0,
    currentVote: { leader: sid, zxid: lastZxid, electionEpoch: 0, peerEpoch: currentEpoch, state: 'LOOKING' },
    election: null,
    // The integer-keyed records start in dictionary elements (indexed.ts).
    cnx: { conns: {}, dialing: {}, queued: {}, lastSent: {}, busy: {}, unknown: EMPTY_INDEXED, foreign: EMPTY_INDEXED, badFrames: 0, scans: EMPTY_INDEXED },
    role: { type: 'none' }, gen: 0, pendingClients: EMPTY_INDEXED, lastSyncMode: 'none', refusedLeader: null,
  };
}

// Learner.syncWithLeader (branch-3.8 order): DIFF/TRUNC/SNAP, buffered proposals, NEWLEADER persistence, UPTODATE.
import type { D, Env } from './env.ts';
import { ownField } from './env.ts';
import type { Entry, WireEntry } from './zxid.ts';
import { extend, lastZxidOf, makeZxid } from './zxid.ts';
import { BUG, has } from './bugs.ts';
import { FILE, appendLog, isMarkerOn, tmpOf, writeEpoch, writeEpochTmp, writeMarker, writeSnapshot } from './persist.ts';
import { buildTree } from './tree.ts';
import { learnerRole, deliverUpTo, shortenReadTimeout } from './learner.ts';
import { updateElectionVote } from './election.ts';

/**
 * DIFF: the txns follow as proposals. lastProcessedZxid is left alone (ZOOKEEPER-2355's fix: only SNAP and TRUNC set
 * it); the buggy learner takes the DIFF's zxid (the leader's last committed) before it has any of those txns.
 */
export function onDiff(d: D, env: Env, zxid: number): void {
  const r = learnerRole(d)!;
  if (r.step !== 'sync') return;
  r.syncMode = 'diff';
  if (has(env.bugs, BUG.diffSetsLastZxid)) d.lastZxid = zxid;
}

/** TRUNC: cut the history back to `zxid` on disk and in memory (Learner.truncateLog). */
export function onTrunc(d: D, env: Env, zxid: number): void {
  const r = learnerRole(d)!;
  if (r.step !== 'sync') return;
  r.syncMode = 'trunc';
  const keep = d.history.findIndex((e) => e.zxid > zxid);
  if (keep < 0) { d.committedLogStart = d.snapCount; return; }
  ownField(d, 'history').splice(keep);
  d.lastZxid = lastZxidOf(d.history);
  d.committedCount = Math.min(d.committedCount, keep);
  d.durableCount = Math.min(d.durableCount, keep);
  d.tree = buildTree(d.history, d.committedCount);
  if (keep >= d.snapCount) {
    env.ctx.truncate(FILE.log, keep - d.snapCount);
    env.ctx.fsync(FILE.log);
  } else {
    writeSnapshot(env, d.lastZxid, d.history);
    d.snapCount = d.history.length;
  }
  // ZKDatabase.truncateLog: clear, then loadDataBase (the committedLog again holds the log txns after the snapshot).
  d.committedLogStart = d.snapCount;
}

/** How many of `next`'s first entries are fsynced: hashes chain, so equal hashes at a position mean equal prefixes. */
function sharedDurablePrefix(old: readonly Entry[], next: readonly Entry[], durable: number): number {
  let k = Math.min(durable, old.length, next.length);
  while (k > 0 && old[k - 1]!.h !== next[k - 1]!.h) k--;
  return k;
}

/** SNAP: the leader's committed history replaces ours, persisted at once (the ZOOKEEPER-3642 fix: never only in memory). */
export function onSnap(d: D, env: Env, zxid: number, entries: readonly WireEntry[]): void {
  const r = learnerRole(d)!;
  if (r.step !== 'sync') return;
  r.syncMode = 'snap';
  const old = d.history;
  d.history = extend([], entries) as never;
  d.lastZxid = zxid;
  d.committedCount = 0;
  // deserializeSnapshot replaces memory only: the old snapshot and log stay on disk until the new snapshot is durable,
  // so the fsynced prefix both histories share stays fsynced (durability swarm seed 77 counted it lost).
  d.durableCount = sharedDurablePrefix(old, d.history, d.durableCount);
  d.tree = {};
  d.committedLogStart = d.history.length; // deserializeSnapshot clears the committedLog
  // ZOOKEEPER-3642: the buggy learner keeps the snapshot in memory only (it is written at NEWLEADER, if that comes).
  if (has(env.bugs, BUG.snapNotPersisted)) return;
  // The snapshot may hold txns of an epoch newer than our currentEpoch: with 3.4.6's marker, mark the epoch update
  // first (ZOOKEEPER-1653); 3.8 has no marker, and a crash from here to currentEpoch.tmp leaves a server that refuses
  // to start (the permitted anomaly epoch-crash-window-unbootable; in 3.8 this snapshot is taken at NEWLEADER, README row 45).
  if (isMarkerOn(env)) writeMarker(env, r.newEpoch);
  writeSnapshot(env, zxid, d.history);
  d.snapCount = d.history.length;
}

/**
 * NEWLEADER, branch-3.8 (ZOOKEEPER-4785 backport): take the snapshot a TRUNC/SNAP needs, append every buffered proposal
 * and fsync, then setCurrentEpoch (currentEpoch.tmp, fsync, rename), then ACK. Disk ops complete in order, so the ACK
 * waits for the currentEpoch fsync. Until currentEpoch.tmp exists a crash leaves history newer than currentEpoch, which
 * 3.8's boot refuses (epoch-crash-window-unbootable); option isUpdatingEpochMarked writes 3.4.6's marker first. Bug
 * flags reorder this (3911: ACK first; 4643: currentEpoch durable before the txns are even written).
 */
export function onNewLeader(d: D, env: Env, zxid: number): void {
  const r = learnerRole(d)!;
  if (r.step !== 'sync') return;
  r.step = 'newleader';
  const epoch = r.newEpoch;
  if (isMarkerOn(env)) writeMarker(env, epoch);
  if (has(env.bugs, BUG.epochBeforePersist) && !has(env.bugs, BUG.epochFromZxid)) {
    writeEpoch(env, FILE.currentEpoch, epoch, { k: 'learner-epoch-first', gen: d.gen, epoch });
    return;
  }
  persistSynced(d, env, zxid, true);
}

/** ZOOKEEPER-4643: currentEpoch is durable; only now are the synced txns written. */
export function onEpochFirstDurable(d: D, env: Env, epoch: number): void {
  const r = learnerRole(d);
  if (r === null || r.step !== 'newleader') return;
  d.currentEpoch = epoch;
  r.isEpochTaken = true;
  persistSynced(d, env, makeZxid(epoch, 0), false);
}

function persistSynced(d: D, env: Env, zxid: number, isEpochWritten: boolean): void {
  const r = learnerRole(d)!;
  const epoch = r.newEpoch;
  const buffered = extend(d.history, r.buffered).slice(d.history.length);
  const isMarked = isMarkerOn(env);
  const hasEpochFiles = !has(env.bugs, BUG.epochFromZxid);
  if (r.syncMode === 'snap' || r.syncMode === 'trunc') {
    // The NEWLEADER snapshot carries the new epoch's zxid as its lastProcessedZxid (the ZOOKEEPER-1653 window).
    writeSnapshot(env, zxid, d.history);
    d.snapCount = d.history.length;
    d.lastZxid = Math.max(lastZxidOf(d.history), zxid);
  }
  ownField(d, 'history').push(...buffered);
  d.lastZxid = Math.max(d.lastZxid, lastZxidOf(d.history));
  r.buffered = [];
  if (buffered.length > 0) appendLog(env, buffered);
  // setCurrentEpoch: currentEpoch.tmp written and fsynced, then the rename (persist.ts writeEpoch, in two halves here
  // because ZOOKEEPER-3911's ACK goes between the rename and its fsync).
  const isTmpWritten = isEpochWritten && hasEpochFiles;
  if (isTmpWritten) {
    writeEpochTmp(env, FILE.currentEpoch, epoch);
    env.ctx.replace(FILE.currentEpoch, [epoch]);
  }
  if (!hasEpochFiles) {
    d.currentEpoch = epoch;
    r.isEpochTaken = true;
    return ackNewLeader(d, env, zxid);
  }
  // ZOOKEEPER-3911: the ACK leaves before any of this is durable.
  if (has(env.bugs, BUG.ackNewLeaderBeforePersist)) ackNewLeader(d, env, zxid);
  env.ctx.fsync(FILE.currentEpoch, { k: 'learner-newleader', gen: d.gen, epoch, count: d.history.length, h: d.history[d.history.length - 1]?.h ?? 0 });
  if (isTmpWritten) env.ctx.deleteFile(tmpOf(FILE.currentEpoch));
  // setCurrentEpoch (AtomicFileWritingIdiom) is fsynced before updating.delete() runs: the marker goes only after the
  // epoch is durable (clean fuzz seed 1581: a machine crash kept the delete and lost the epoch; the server refused to start).
  if (isMarked) env.ctx.deleteFile(FILE.updatingEpoch);
}

export function onNewLeaderDurable(d: D, env: Env, epoch: number): void {
  const r = learnerRole(d);
  if (r === null || r.newEpoch !== epoch) return;
  d.currentEpoch = epoch;
  r.isEpochTaken = true;
  if (r.step === 'newleader') ackNewLeader(d, env, makeZxid(epoch, 0));
}

function ackNewLeader(d: D, env: Env, zxid: number): void {
  const r = learnerRole(d)!;
  r.step = 'acked';
  env.ctx.send(r.connId!, { type: 'ack', zxid });
  shortenReadTimeout(d, env);
}

/** UPTODATE: deliver what the leader has committed, log proposals that came after NEWLEADER, ACK what is pending. */
export function onUpToDate(d: D, env: Env, committedZxid: number): void {
  const r = learnerRole(d)!;
  if (r.step !== 'acked') return;
  r.step = 'uptodate';
  d.phase = 'BROADCAST';
  d.lastSyncMode = r.syncMode;
  const late = extend(d.history, r.buffered).slice(d.history.length);
  ownField(d, 'history').push(...late);
  d.lastZxid = Math.max(d.lastZxid, lastZxidOf(d.history));
  r.buffered = [];
  d.tree = buildTree(d.history, d.committedCount);
  const upTo = Math.max(committedZxid, ...r.committedZxids);
  r.committedZxids = [];
  deliverUpTo(d, env, upTo);
  updateElectionVote(d, env, r.newEpoch);
  if (!d.isObserver) {
    // Proposal ACKs go after the NEWLEADER ACK: those logged at NEWLEADER now, the late ones after their fsync.
    for (let i = d.committedCount; i < d.history.length - late.length; i++) env.ctx.send(r.connId!, { type: 'ack', zxid: d.history[i]!.zxid });
    for (const e of late) appendLog(env, [e], { k: 'learner-logged', gen: d.gen, zxid: e.zxid, h: e.h, isAcked: false });
  } else if (late.length > 0) {
    appendLog(env, late);
  }
}

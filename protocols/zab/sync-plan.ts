// LearnerHandler.syncFollower + queueCommittedProposals (ZooKeeper 3.8.4): the DIFF / TRUNC / SNAP decision tree, pure.
import type { Entry } from './zxid.ts';
import { counterOf, epochOf } from './zxid.ts';

/** What syncFollower reads of the leader's ZKDatabase. Indices are into `history`. */
export interface LeaderDb {
  readonly history: readonly Entry[];
  /** history[0, committedEnd) is in the data tree (a new leader's tree holds everything it loaded from its log). */
  readonly committedEnd: number;
  /** The data tree's lastProcessedZxid (an established leader with no txn of its epoch yet: epoch:0). */
  readonly lastProcessedZxid: number;
  /** ZKDatabase.committedLog = history[committedLogStart, committedEnd), the oldest dropped beyond commitLogCount + 1. */
  readonly committedLogStart: number;
  /** The on-disk txn log holds history[logStart, logEnd) (a leader's log reaches the end of its history). */
  readonly logStart: number;
  readonly logEnd: number;
  /** calculateTxnLogSizeLimit in records: < 0 = txn-log sync disabled (snapshotSizeFactor < 0), 0 = unlimited. */
  readonly txnLogSizeLimit: number;
}

/** Which branch of syncFollower decided (the README fidelity table names the scenario of each). */
export const SYNC_BRANCHES = [
  'force-snap', 'in-sync', 'trunc-ahead', 'committed-log', 'cross-epoch-snap', 'txn-log', 'txn-log-miss',
  'txn-log-too-big', 'txn-log-gap', 'no-txn-log-snap', 'unhandled-snap',
] as const;
export type SyncBranch = typeof SYNC_BRANCHES[number];

export interface SyncPlan {
  readonly mode: 'diff' | 'trunc' | 'snap';
  /** The op packet's zxid: DIFF carries maxCommittedLog, TRUNC the zxid to truncate to; SNAP the tree's lastProcessedZxid. */
  readonly zxid: number;
  /** history indices queued as PROPOSAL + COMMIT after the op packet. */
  readonly queue: readonly number[];
  /** The last zxid queued: startForwarding sends outstanding proposals after it. */
  readonly currentZxid: number;
  readonly branch: SyncBranch;
}

export interface SyncFlags {
  readonly commitLogCount: number;
  /** zookeeper.forceSnapSync (testing only). */
  readonly isForceSnap: boolean;
  /** ZOOKEEPER-1154 (pre-fix): DIFF where the learner holds a txn the leader lacks, instead of TRUNC. */
  readonly isDiffAlways: boolean;
}

interface Op { mode: 'diff' | 'trunc'; zxid: number }

/**
 * queueCommittedProposals: walk `idxs` (zxid order), choose the op packet at the first proposal at or after the
 * learner's zxid, queue what it lacks. Returns the last zxid queued and whether it refused a TRUNC across an epoch.
 */
function queueCommitted(h: readonly Entry[], idxs: readonly number[], peer: number, maxZxid: number | null, lastCommitted: number,
  st: { op: Op | null; queue: number[] }, isDiffAlways: boolean): { queued: number; isCrossEpoch: boolean } {
  const isPeerNewEpoch = counterOf(peer) === 0;
  let queued = peer;
  let prev = -1;
  for (const i of idxs) {
    const z = h[i]!.zxid;
    if (maxZxid !== null && z > maxZxid) break;
    if (z < peer) { prev = z; continue; }
    if (st.op === null) {
      if (z === peer) { st.op = { mode: 'diff', zxid: lastCommitted }; continue; }
      if (isPeerNewEpoch || isDiffAlways) st.op = { mode: 'diff', zxid: lastCommitted };
      else if (z > peer) {
        // "We cannot send TRUNC that cross epoch boundary. The learner will crash if it is asked to do so."
        if (epochOf(z) !== epochOf(peer)) return { queued, isCrossEpoch: true };
        st.op = { mode: 'trunc', zxid: Math.max(0, prev) };
      }
    }
    if (z <= queued) continue;
    st.queue.push(i);
    queued = z;
  }
  if (st.op === null && isPeerNewEpoch) st.op = { mode: 'diff', zxid: lastCommitted };
  return { queued, isCrossEpoch: false };
}

/** from .. to-1 (a loop: Array.from's per-call callback closure lost its optimised code at every full GC). */
const range = (from: number, to: number): number[] => {
  const out: number[] = [];
  for (let k = from; k < to; k++) out.push(k);
  return out;
};

export function planSync(db: LeaderDb, peer: number, f: SyncFlags): SyncPlan {
  const h = db.history;
  const clFrom = Math.max(db.committedLogStart, db.committedEnd - (f.commitLogCount + 1), 0);
  const clIdx = range(clFrom, db.committedEnd);
  // An empty committedLog: min = max = lastProcessedZxid (the cases then fold into in-sync / trunc-ahead / txn-log).
  const minCL = clIdx.length === 0 ? db.lastProcessedZxid : h[clFrom]!.zxid;
  const maxCL = clIdx.length === 0 ? db.lastProcessedZxid : h[db.committedEnd - 1]!.zxid;
  const isPeerNewEpoch = counterOf(peer) === 0;
  const snap = (branch: SyncBranch): SyncPlan => ({ mode: 'snap', zxid: db.lastProcessedZxid, queue: [], currentZxid: db.lastProcessedZxid, branch });
  const st: { op: Op | null; queue: number[] } = { op: null, queue: [] };
  const planned = (branch: SyncBranch, currentZxid: number): SyncPlan =>
    // needOpPacket && !needSnap: "This should never happen", fall back to a snapshot.
    (st.op === null ? snap('unhandled-snap') : { mode: st.op.mode, zxid: st.op.zxid, queue: st.queue, currentZxid, branch });

  if (f.isForceSnap) return snap('force-snap');
  if (db.lastProcessedZxid === peer) return { mode: 'diff', zxid: peer, queue: [], currentZxid: peer, branch: 'in-sync' };
  if (peer > maxCL && !isPeerNewEpoch) return { mode: 'trunc', zxid: maxCL, queue: [], currentZxid: maxCL, branch: 'trunc-ahead' };
  if (maxCL >= peer && minCL <= peer) {
    const r = queueCommitted(h, clIdx, peer, null, maxCL, st, f.isDiffAlways);
    return r.isCrossEpoch ? snap('cross-epoch-snap') : planned('committed-log', r.queued);
  }
  if (peer < minCL && db.txnLogSizeLimit >= 0) {
    // getProposalsFromTxnLog: the log must hold exactly the learner's zxid ("strictly the starting txn"), within the size limit.
    const j = range(db.logStart, db.logEnd).find((i) => h[i]!.zxid >= peer);
    if (j === undefined || h[j]!.zxid > peer) return snap('txn-log-miss');
    if (db.txnLogSizeLimit > 0 && db.logEnd - j > db.txnLogSizeLimit) return snap('txn-log-too-big');
    const r = queueCommitted(h, range(j, db.logEnd), peer, minCL, maxCL, st, f.isDiffAlways);
    if (r.isCrossEpoch || r.queued < minCL) return snap('txn-log-gap'); // "Detected gap between end of txnlog and start of committedLog"
    const r2 = queueCommitted(h, clIdx, r.queued, null, maxCL, st, f.isDiffAlways);
    return planned('txn-log', r2.queued);
  }
  return snap(db.txnLogSizeLimit < 0 ? 'no-txn-log-snap' : 'unhandled-snap');
}

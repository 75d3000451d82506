// LearnerHandler.run after ACKEPOCH: plan the sync (sync-plan.ts), queue the op packet, the txns, the snapshot,
// startForwarding's outstanding proposals and NEWLEADER.
import type { ConnId } from '../../sim/index.ts';
import type { D, Env } from './env.ts';
import { ownField } from './env.ts';
import type { LeaderRole } from './state.ts';
import type { LeaderDb, SyncPlan } from './sync-plan.ts';
import { planSync } from './sync-plan.ts';
import { epochOf, makeZxid, toWire, zxidStr } from './zxid.ts';
import { BUG, has } from './bugs.ts';
import { buildTree } from './tree.ts';
import { learnerOf, leaderRole } from './leader.ts';

/** ZooKeeper's snapshot holds its system znodes (/, /zookeeper, /zookeeper/quota) besides the data. */
const SYSTEM_ZNODES = 3;

/**
 * The leader's ZKDatabase as syncFollower sees it. Before establishment the data tree holds every txn the leader
 * loaded (committed or not); after it, the committed prefix, and lastProcessedZxid is epoch:0 until the first commit.
 * Sizes are in records: the most recent snapshot (the one Leader.lead takes) counts its znodes, a txn one record.
 */
export function leaderDb(d: D, env: Env): LeaderDb {
  const r = leaderRole(d)!;
  const committedEnd = r.isEstablished ? d.committedCount : d.history.length;
  const lastCommitted = d.history[committedEnd - 1]?.zxid ?? 0;
  const lastProcessedZxid = !r.isEstablished ? d.lastZxid : epochOf(lastCommitted) === r.epoch ? lastCommitted : makeZxid(r.epoch, 0);
  // ZKDatabase: a factor above 1 is invalid and replaced by the default.
  const factor = env.opts.snapshotSizeFactor > 1 ? 0.33 : env.opts.snapshotSizeFactor;
  const snapSize = Object.keys(buildTree(d.history, committedEnd)).length + SYSTEM_ZNODES;
  return {
    history: d.history, committedEnd, lastProcessedZxid, committedLogStart: d.committedLogStart, logStart: d.snapCount, logEnd: d.history.length,
    // Factor 0 means no limit (ZKDatabase: sizeLimit 0); otherwise a real snapshot is never smaller than one txn, so the
    // limit is at least one record.
    txnLogSizeLimit: !env.opts.isTxnLogSyncEnabled ? -1 : factor === 0 ? 0 : Math.max(1, Math.floor(snapSize * factor)),
  };
}

export function syncLearner(d: D, env: Env, conn: ConnId): void {
  const r = leaderRole(d)!;
  const l = r.learners[conn];
  if (l === undefined || l.isSynced || l.ackEpoch === null || d.currentEpoch !== r.epoch) return;
  const db = leaderDb(d, env);
  const plan = planSync(db, l.ackEpoch.lastZxid, {
    commitLogCount: env.opts.commitLogCount, isForceSnap: env.opts.forceSnapSync, isDiffAlways: has(env.bugs, BUG.diffInsteadOfTrunc),
  });
  sendPlan(d, env, conn, r as LeaderRole, db, plan, l.isObserver);
  env.ctx.log(`sync ${l.peer} from ${zxidStr(l.ackEpoch.lastZxid)}: ${plan.mode} (${plan.branch})`);
  if (!d.syncBranches.includes(plan.branch)) ownField(d, 'syncBranches').push(plan.branch);
  env.ctx.send(conn, { type: 'newleader', zxid: makeZxid(r.epoch, 0) });
  learnerOf(r, conn)!.isSynced = true;
}

function sendPlan(d: D, env: Env, conn: ConnId, r: LeaderRole, db: LeaderDb, plan: SyncPlan, isObserver: boolean): void {
  if (plan.mode === 'snap') {
    const snap = d.history.slice(0, db.committedEnd);
    env.ctx.send(conn, { type: 'snap', zxid: plan.zxid, entries: snap.map(toWire) });
  } else {
    env.ctx.send(conn, { type: plan.mode, zxid: plan.zxid });
    for (const i of plan.queue) {
      const e = d.history[i]!;
      env.ctx.send(conn, { type: 'proposal', entry: toWire(e) });
      env.ctx.send(conn, { type: 'commit', zxid: e.zxid });
    }
  }
  // startForwarding: participants also get the outstanding proposals after what was queued (observers: INFORM later).
  if (isObserver || !r.isEstablished) return;
  for (let i = db.committedEnd; i < d.history.length; i++) {
    const e = d.history[i]!;
    if (e.zxid > plan.currentZxid) env.ctx.send(conn, { type: 'proposal', entry: toWire(e) });
  }
}

// LearnerHandler.syncFollower: choose DIFF / TRUNC / SNAP for a learner's last zxid and queue the sync packets + NEWLEADER.
import type { ConnId } from '../../sim/index.ts';
import type { D, Env } from './env.ts';
import type { Entry } from './zxid.ts';
import { counterOf, epochOf, lastZxidOf, makeZxid, toWire } from './zxid.ts';
import { BUG, has } from './bugs.ts';
import { leaderRole } from './leader.ts';

export type SyncPlan =
  | { readonly mode: 'diff'; readonly from: number }
  | { readonly mode: 'trunc'; readonly zxid: number; readonly from: number }
  | { readonly mode: 'snap' };

/**
 * The sync decision for a learner whose last zxid is `peerZxid`, given the leader's history and the size of its
 * in-memory committedLog window. `isDiffAlways` is ZOOKEEPER-1154: DIFF even when the learner has a txn we lack.
 */
export function planSync(history: readonly Entry[], peerZxid: number, windowCount: number, isDiffAlways: boolean): SyncPlan {
  const last = lastZxidOf(history);
  if (peerZxid === last) return { mode: 'diff', from: history.length };
  const minIdx = Math.max(0, history.length - windowCount);
  if (peerZxid > last) {
    // Peer ahead of everything we have: truncate it back, unless its zxid is only a new-epoch stamp.
    return counterOf(peerZxid) === 0 ? { mode: 'snap' } : { mode: 'trunc', zxid: last, from: history.length };
  }
  const idx = history.findIndex((e) => e.zxid === peerZxid);
  if (idx >= 0 || peerZxid === 0) {
    const from = idx + 1;
    return from < minIdx ? { mode: 'snap' } : { mode: 'diff', from };
  }
  // The peer holds a txn we never had.
  const after = history.findIndex((e) => e.zxid > peerZxid);
  if (isDiffAlways && after >= minIdx) return { mode: 'diff', from: after };
  const prevIdx = after - 1;
  const prev = history[prevIdx];
  if (prev !== undefined && prevIdx + 1 >= minIdx && epochOf(prev.zxid) === epochOf(peerZxid)) {
    return { mode: 'trunc', zxid: prev.zxid, from: prevIdx + 1 };
  }
  return { mode: 'snap' }; // a TRUNC across an epoch boundary is refused
}

export function syncLearner(d: D, env: Env, conn: ConnId): void {
  const r = leaderRole(d)!;
  const l = r.learners[conn];
  if (l === undefined || l.isSynced || l.ackEpoch === null || d.currentEpoch !== r.epoch) return;
  // Before establishment the whole history is about to be committed; after it, only the committed prefix is.
  const committed = r.isEstablished ? d.committedCount : d.history.length;
  // Observers learn committed txns only (INFORM); followers also get outstanding proposals.
  const limit = l.isObserver ? committed : d.history.length;
  const hist = d.history.slice(0, limit);
  const plan = planSync(hist, l.ackEpoch.lastZxid, env.opts.commitLogCount, has(env.bugs, BUG.diffInsteadOfTrunc));
  const send = (from: number): void => {
    for (let i = from; i < limit; i++) {
      const e = d.history[i]!;
      env.ctx.send(conn, { type: 'proposal', entry: toWire(e) });
      if (i < committed) env.ctx.send(conn, { type: 'commit', zxid: e.zxid });
    }
  };
  switch (plan.mode) {
    case 'diff':
      env.ctx.send(conn, { type: 'diff', zxid: lastZxidOf(hist) });
      send(plan.from);
      break;
    case 'trunc':
      env.ctx.send(conn, { type: 'trunc', zxid: plan.zxid });
      send(plan.from);
      break;
    case 'snap': {
      const snap = d.history.slice(0, committed);
      env.ctx.send(conn, { type: 'snap', zxid: lastZxidOf(snap), entries: snap.map(toWire) });
      for (let i = committed; i < limit; i++) env.ctx.send(conn, { type: 'proposal', entry: toWire(d.history[i]!) });
      break;
    }
    default:
      break;
  }
  env.ctx.log(`sync ${l.peer} from ${l.ackEpoch.lastZxid}: ${plan.mode}`);
  env.ctx.send(conn, { type: 'newleader', zxid: makeZxid(r.epoch, 0) });
  l.isSynced = true;
}

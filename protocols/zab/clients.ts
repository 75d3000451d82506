// Client requests at a server: writes go through the leader, get is local (may be stale), sync-get waits for SYNC.
import type { ClientOp, ReqId } from '../../sim/index.ts';
import type { D, Env } from './env.ts';
import { ownField, setKey } from './env.ts';
import { copyIndexed } from './indexed.ts';
import type { ZabOp } from './tree.ts';
import { isWriteOp, readResult } from './tree.ts';
import { leaderOf } from './leader.ts';
import { learnerRole, learnerRoleOf } from './learner.ts';
import { onSyncRequest, propose } from './leader-broadcast.ts';

const isServing = (d: D): boolean => {
  const l = leaderOf(d);
  if (l !== null) return l.isEstablished;
  return learnerRoleOf(d)?.step === 'uptodate';
};

export function onClient(d: D, env: Env, reqId: ReqId, op: ClientOp): void {
  if (d.bootError !== null || !isServing(d)) {
    // Not serving: the client is refused before anything happens (ConnectionLoss with no effect).
    env.ctx.reply(reqId, { ok: false, err: 'not-serving' });
    return;
  }
  const path = (op as ZabOp).path;
  if (op.type === 'get') {
    env.ctx.reply(reqId, readResult(d.tree, path));
    return;
  }
  setKey(d, 'pendingClients', reqId, true, copyIndexed);
  if (leaderOf(d) !== null) {
    if (op.type === 'sync-get') onSyncRequest(d, env, null, reqId, path);
    else if (isWriteOp(op)) propose(d, env, op, { sid: d.id, reqId });
    return;
  }
  const learner = learnerRole(d)!;
  if (op.type === 'sync-get') {
    ownField(learner, 'pendingSyncs', copyIndexed)[reqId] = path;
    env.ctx.send(learner.connId!, { type: 'sync', reqId });
  } else if (isWriteOp(op)) {
    env.ctx.send(learner.connId!, { type: 'request', reqId, op });
  }
}

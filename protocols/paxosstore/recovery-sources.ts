// GetAllAndSet's sources: the peers asked in turn (local+1, local+2, …), each RPC (meta, then the KV pages) tried
// recoverRetries times under a timeout; after a source fails the DB is cleared again and the next one asked (abort
// when none is left). The end (finish/abort) is in recovery-end.ts.
import type { RecoverMetaReq, RecoverMetaRsp, RecoverPageReq, RecoverPageRsp } from './messages.ts';
import type { Recovery } from './state.ts';
import { acceptorId } from './state.ts';
import type { D, DEntity, Env } from './env.ts';
import { bug, entityOf, recoveryOf } from './env.ts';
import { clearDb, writeRecoverDb } from './recovery-writes.ts';

export const peerAt = (d: D, pos: number): number => (d.idx + 1 + pos) % d.n;

function sendRpc(d: D, env: Env, r: Recovery & { rpcId: number }): void {
  const to = acceptorId(peerAt(d, r.peerPos));
  if (r.step === 'meta') {
    env.ctx.sendDatagram(to, { type: 'recover-meta-req', from: d.idx, entity: r.entity, rpcId: r.rpcId } satisfies RecoverMetaReq);
  } else {
    env.ctx.sendDatagram(to, { type: 'recover-page-req', from: d.idx, entity: r.entity, rpcId: r.rpcId, snapshotId: r.snapshotId, afterKey: r.nextKey } satisfies RecoverPageReq);
  }
}

export function beginRpc(d: D, env: Env, entity: string, isRetry: boolean): void {
  const r = recoveryOf(d, entity);
  d.nextSeq++;
  r.rpcId = d.nextSeq;
  r.tries = isRetry ? r.tries + 1 : 1;
  r.timerId = env.ctx.setTimer('recover-rpc', env.opts.recoverRpcTimeoutUs, { entity, rpcId: r.rpcId });
  sendRpc(d, env, r);
}

/** A step failed at this peer: clear again and move to the next peer, or abort when none is left. */
function peerFailed(d: D, env: Env, entity: string): void {
  const r = recoveryOf(d, entity);
  if (r.timerId !== null) env.ctx.cancelTimer(r.timerId);
  r.timerId = null;
  env.ctx.log(`GetAllAndSet ${entity}: source ${acceptorId(peerAt(d, r.peerPos))} failed after ${r.tries} tries`);
  r.peerPos++;
  r.isAborting = r.peerPos >= d.n - 1;
  r.step = 'reclear';
  clearDb(d, env, entity);
}

export function onRecoverRpcTimeout(d: D, env: Env, entity: string, rpcId: number): void {
  const cur = d.recoveries[entity];
  if (cur === undefined || cur.rpcId !== rpcId || (cur.step !== 'meta' && cur.step !== 'pages')) return;
  const r = recoveryOf(d, entity);
  r.timerId = null;
  if (r.tries < env.opts.recoverRetries) beginRpc(d, env, entity, true);
  else peerFailed(d, env, entity);
}

export function onMetaRsp(d: D, env: Env, m: RecoverMetaRsp): void {
  const cur = d.recoveries[m.entity];
  if (cur === undefined || cur.rpcId !== m.rpcId || cur.step !== 'meta') return;
  const r = recoveryOf(d, m.entity);
  if (r.timerId !== null) env.ctx.cancelTimer(r.timerId);
  r.timerId = null;
  // DBImpl.cpp takes the first source that answers (the default); isRecoverSourceBehindSkipped also wants it to hold
  // the entry that was NotFound, else its older DB may replace ours and the DB move back (sources-and-bugs §3.7).
  const isUsable = m.isOk && (m.committed >= r.needEntry || !env.opts.isRecoverSourceBehindSkipped || bug(env, 'catchup-regress'));
  if (!isUsable) {
    if (r.tries < env.opts.recoverRetries && !m.isOk) return beginRpc(d, env, m.entity, true);
    return peerFailed(d, env, m.entity);
  }
  r.committed = m.committed;
  r.snapshotId = m.snapshotId;
  r.applied = [...m.applied];
  r.nextKey = null;
  // Step 4: SetEntityMeta(iMaxCommittedEntry, -1) before any page: the flag stays set, so a crash from here on
  // leaves a DB whose meta says the source's entry while its KVs are partial (seed L581-592, DBImpl.cpp@40ada56 L236-245).
  r.step = 'set-meta';
  writeRecoverDb(d, env, m.entity, false);
}

export function onPageRsp(d: D, env: Env, m: RecoverPageRsp): void {
  const cur = d.recoveries[m.entity];
  if (cur === undefined || cur.rpcId !== m.rpcId || cur.step !== 'pages') return;
  const r = recoveryOf(d, m.entity);
  if (r.timerId !== null) env.ctx.cancelTimer(r.timerId);
  r.timerId = null;
  if (!m.isOk) {
    if (r.tries < env.opts.recoverRetries) return beginRpc(d, env, m.entity, true);
    return peerFailed(d, env, m.entity);
  }
  const ent = entityOf(d, m.entity);
  ent.db = ent.db.withKvs(m.kvs) as DEntity["db"];
  r.nextKey = m.nextKey;
  // MultiPut the page, then fetch the next one.
  writeRecoverDb(d, env, m.entity, false);
}

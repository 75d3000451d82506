// GetAllAndSet (example/DBImpl.cpp): set the flag, then clear the entity's DB (two durable writes), then from the other acceptors in turn
// (local+1, local+2, …) fetch the meta (SetEntityMeta(maxCommitted) written at once, the flag still set) and the KVs
// page by page, each RPC tried recoverRetries times; on a peer's failure clear again and try the next; when all fail
// clear and abort (flag stays, retried later); on success clear the flag and raise (never lower) the counters.
import type { RecoverMetaReq, RecoverMetaRsp, RecoverPageReq, RecoverPageRsp } from './messages.ts';
import type { Recovery } from './state.ts';
import { Db, EMPTY_DB, acceptorId, isDbOutOfService } from './state.ts';
import { dbFile } from './storage.ts';
import type { D, DEntity, Env } from './env.ts';
import { bug, entityOf, own, recoveryOf, setDbCommittedBack, setProgress } from './env.ts';
import { tryCatchup } from './catchup.ts';
import { enterGetAllRsp } from './getall-rsp.ts';

const SNAPSHOTS_MAX = 4;

/** The job leaves the queue: GetAllAndSet steps 1-2 (the entity is already flagged in memory). */
export function startRecovery(d: D, env: Env, entity: string, needEntry: number): void {
  env.ctx.log(`GetAllAndSet ${entity}: need entry ${needEntry}`);
  (d.recoveries = own(d.recoveries))[entity] = {
    entity, step: 'set-flag', needEntry, peerPos: 0, tries: 0, rpcId: 0, timerId: null,
    committed: entityOf(d, entity).committed, snapshotId: 0, nextKey: null, applied: [], isAborting: false,
  };
  setFlag(d, env, entity);
}

// Step 1: SetEntityMeta(entity, -1, 1) sets the flag alone; the KVs stay until step 2's Clear (seed L489-516), so a
// crash between the two writes leaves a flagged DB with its old KVs, out of service (`crash-between-flag-and-clear`).
function setFlag(d: D, env: Env, entity: string): void {
  entityOf(d, entity).isRecoverFlag = true;
  writeRecoverDb(d, env, entity, false);
}

/** Steps 2 and 6: delete the entity's KVs (the flag is already set). */
function clearDb(d: D, env: Env, entity: string): void {
  const ent = entityOf(d, entity);
  ent.db = EMPTY_DB as DEntity["db"];
  ent.isRecoverFlag = true;
  writeRecoverDb(d, env, entity, false);
}

function writeRecoverDb(d: D, env: Env, entity: string, isDone: boolean): void {
  const ent = entityOf(d, entity);
  const r = recoveryOf(d, entity);
  d.nextSeq++;
  r.rpcId = d.nextSeq;
  // The meta's committed entry: ours until step 4 writes the source's; a re-clear (step 6) leaves it as it is.
  // `applied` is checker bookkeeping: the KVs' chosen values (step 1 keeps the old DB's, a clear empties them).
  const applied = isDone ? r.applied : r.step === 'set-flag' ? ent.db.applied : [];
  env.ctx.replace(dbFile(entity), [{ committed: r.committed, isRecovering: !isDone, kv: ent.db.kv, applied }]);
  env.ctx.fsync(dbFile(entity), { kind: 'recover-db', entity, rpcId: r.rpcId });
}

const peerAt = (d: D, pos: number): number => (d.idx + 1 + pos) % d.n;

function sendRpc(d: D, env: Env, r: Recovery & { rpcId: number }): void {
  const to = acceptorId(peerAt(d, r.peerPos));
  if (r.step === 'meta') {
    env.ctx.sendDatagram(to, { type: 'recover-meta-req', from: d.idx, entity: r.entity, rpcId: r.rpcId } satisfies RecoverMetaReq);
  } else {
    env.ctx.sendDatagram(to, { type: 'recover-page-req', from: d.idx, entity: r.entity, rpcId: r.rpcId, snapshotId: r.snapshotId, afterKey: r.nextKey } satisfies RecoverPageReq);
  }
}

function beginRpc(d: D, env: Env, entity: string, isRetry: boolean): void {
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

/** A recovery DB write completed: move to the next step. */
export function onRecoverDbDone(d: D, env: Env, entity: string, rpcId: number): void {
  const cur = d.recoveries[entity];
  if (cur === undefined || cur.rpcId !== rpcId) return;
  const r = recoveryOf(d, entity);
  switch (r.step) {
    case 'set-flag':
      r.step = 'clear';
      clearDb(d, env, entity);
      return;
    case 'clear':
      r.step = 'meta';
      beginRpc(d, env, entity, false);
      return;
    case 'reclear':
      if (r.isAborting) return enterGetAllRsp(d, env, { entity, isDone: false }, doWithGetAllRsp);
      r.step = 'meta';
      beginRpc(d, env, entity, false);
      return;
    case 'set-meta':
      r.step = 'pages';
      beginRpc(d, env, entity, false);
      return;
    case 'pages':
      if (r.nextKey === null) {
        r.step = 'finish';
        writeRecoverDb(d, env, entity, true);
      } else beginRpc(d, env, entity, false);
      return;
    case 'finish':
      return enterGetAllRsp(d, env, { entity, isDone: true }, doWithGetAllRsp);
    case 'meta':
      return;
    default: {
      const x: never = r.step;
      return x;
    }
  }
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

/** DoWithGetAllRsp: the entity worker takes the GetAllWorker's answer (at once unless S27's queue options are set). */
export function doWithGetAllRsp(d: D, env: Env, entity: string, isDone: boolean): void {
  if (d.recoveries[entity] === undefined) return;
  if (isDone) finish(d, env, entity);
  else abort(d, env, entity);
}

function abort(d: D, env: Env, entity: string): void {
  d.recoveries = own(d.recoveries);
  delete d.recoveries[entity];
  d.recoveriesAborted++;
  const ent = entityOf(d, entity);
  ent.lastRecoverEndUs = env.ctx.nowUs;
  env.ctx.log(`GetAllAndSet ${entity}: abort`);
  env.ctx.setTimer('recover-retry', env.opts.recoverIntervalUs, { entity, needEntry: ent.maxCont + 1 });
}

/** The flag stayed set after an abort: try again once the re-trigger guard has passed. */
export function onRecoverRetry(d: D, env: Env, entity: string, needEntry: number, retry: (d: D, env: Env, entity: string, needEntry: number) => void): void {
  const ent = entityOf(d, entity);
  if (d.recoveries[entity] !== undefined || !ent.isGetAllPending || d.recoverQueue.some((q) => q.entity === entity)) return;
  retry(d, env, entity, needEntry);
}

function finish(d: D, env: Env, entity: string): void {
  const r = d.recoveries[entity]!;
  d.recoveries = own(d.recoveries);
  delete d.recoveries[entity];
  const ent = entityOf(d, entity);
  ent.db = new Db(ent.db.kv, [...r.applied]) as DEntity["db"];
  if (bug(env, 'catchup-regress')) {
    // HandleRecoverRspCmd assigning instead of UpdateIfLessThan.
    setProgress(ent, 'committed', r.committed);
    setProgress(ent, 'maxCont', r.committed);
    setProgress(ent, 'maxChosen', r.committed);
  } else {
    if (r.committed < ent.committed) {
      // DBImpl.cpp took the first source that answered, and it is behind us: its DB and its committed entry replace
      // ours. The counters stay (UpdateIfLessThan); EntityCatchUp re-applies what our PLog still holds, and an entry
      // already GC'd here leaves the entity refusing service until a later recovery from a source that has it.
      env.ctx.anomaly('recovery-db-moved-back', `${env.ctx.self} ${entity}: GetAllAndSet from ${acceptorId(peerAt(d, r.peerPos))} set the DB back from entry ${ent.committed} to ${r.committed} (max-cont-chosen ${ent.maxCont})`);
      setDbCommittedBack(ent, r.committed);
    }
    setProgress(ent, 'committed', r.committed);
    if (r.committed > ent.maxCont) setProgress(ent, 'maxCont', r.committed);
    if (r.committed > ent.maxChosen) setProgress(ent, 'maxChosen', r.committed);
  }
  ent.maxPlog = Math.max(ent.maxPlog, r.committed);
  if (!bug(env, 'stale-accept-served-as-chosen')) {
    for (const key of Object.keys(ent.entries)) {
      if (Number(key) <= r.committed && !ent.entries[Number(key)]!.isUncertain) {
        ent.entries = own(ent.entries);
        delete ent.entries[Number(key)];
      }
    }
  }
  ent.isGetAllPending = false;
  ent.isRecoverFlag = false;
  ent.dbDurable = r.committed;
  ent.lastRecoverEndUs = env.ctx.nowUs;
  d.recoveriesDone++;
  env.ctx.log(`GetAllAndSet ${entity}: done at ${r.committed}`);
  tryCatchup(d, env, entity);
}

/**
 * Serving side: a snapshot of our DB at our committed entry, kept for the pages that follow. Amnesia (lost PLog votes)
 * does not stop it: the DB holds only chosen values, and Certain's SnapshotRecover serves the DB whatever the PLog's
 * state (default/tiny_service_impl.cc). Refusing left a recovering peer stuck when the other two were amnesiac (clean
 * fuzz seeds 1040412, 1040955). Only a DB that itself failed its CRC (restarted empty) has nothing to serve.
 */
export function onMetaReq(d: D, env: Env, m: RecoverMetaReq): void {
  const ent = d.entities[m.entity];
  const base = { type: 'recover-meta-rsp' as const, from: d.idx, entity: m.entity, rpcId: m.rpcId };
  // A flagged DB is partial: DBImpl's GetDBEntityMeta answers an error for a flag != 0 (example/ServiceImpl.cpp L97).
  if (ent === undefined || ent.isLoading || isDbOutOfService(ent) || ent.amnesia?.isDbLost === true) {
    env.ctx.sendDatagram(acceptorId(m.from), { ...base, isOk: false, committed: 0, snapshotId: 0, applied: [] } satisfies RecoverMetaRsp);
    return;
  }
  d.nextSeq++;
  const snap = { id: d.nextSeq, entity: m.entity, committed: ent.committed, kv: ent.db.kv, applied: ent.db.applied };
  d.snapshots = own(d.snapshots);
  d.snapshots.push(snap);
  if (d.snapshots.length > SNAPSHOTS_MAX) d.snapshots.shift();
  env.ctx.sendDatagram(acceptorId(m.from), { ...base, isOk: true, committed: snap.committed, snapshotId: snap.id, applied: snap.applied } satisfies RecoverMetaRsp);
}

export function onPageReq(d: D, env: Env, m: RecoverPageReq): void {
  const snap = d.snapshots.find((s) => s.id === m.snapshotId && s.entity === m.entity);
  const base = { type: 'recover-page-rsp' as const, from: d.idx, entity: m.entity, rpcId: m.rpcId };
  if (snap === undefined) {
    env.ctx.sendDatagram(acceptorId(m.from), { ...base, isOk: false, kvs: [], nextKey: null } satisfies RecoverPageRsp);
    return;
  }
  const keys = Object.keys(snap.kv).sort().filter((k) => m.afterKey === null || k > m.afterKey);
  const page = keys.slice(0, env.opts.recoverPageKeys);
  const kvs = page.map((k) => [k, snap.kv[k]!] as const);
  const nextKey = keys.length > page.length ? page[page.length - 1]! : null;
  env.ctx.sendDatagram(acceptorId(m.from), { ...base, isOk: true, kvs: kvs, nextKey } satisfies RecoverPageRsp);
}

// GetAllAndSet (example/DBImpl.cpp): set the flag, then clear the entity's DB (two durable writes), then from the other acceptors in turn
// (local+1, local+2, …) fetch the meta (SetEntityMeta(maxCommitted) written at once, the flag still set) and the KVs
// page by page, each RPC tried recoverRetries times; on a peer's failure clear again and try the next; when all fail
// clear and abort (flag stays, retried later); on success clear the flag and raise (never lower) the counters.
// This file owns the step machine; the writes are in recovery-writes.ts, the sources in recovery-sources.ts, the end in
// recovery-end.ts and the source side in recovery-serve.ts.
import type { D, Env } from './env.ts';
import { entityOf, own, recoveryOf } from './env.ts';
import { enterGetAllRsp } from './getall-rsp.ts';
import { clearDb, setFlag, writeRecoverDb } from './recovery-writes.ts';
import { beginRpc } from './recovery-sources.ts';
import { doWithGetAllRsp } from './recovery-end.ts';

/** The job leaves the queue: GetAllAndSet steps 1-2 (the entity is already flagged in memory). */
export function startRecovery(d: D, env: Env, entity: string, needEntry: number): void {
  env.ctx.log(`GetAllAndSet ${entity}: need entry ${needEntry}`);
  (d.recoveries = own(d.recoveries))[entity] = {
    entity, step: 'set-flag', needEntry, peerPos: 0, tries: 0, rpcId: 0, timerId: null,
    committed: entityOf(d, entity).committed, snapshotId: 0, nextKey: null, applied: [], isAborting: false,
  };
  setFlag(d, env, entity);
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

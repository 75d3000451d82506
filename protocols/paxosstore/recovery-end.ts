// The end of a GetAllAndSet, once the entity worker takes the answer: finish (clear the flag, raise the counters, catch
// up) or abort (the flag stays; a retry after the re-trigger guard).
import { Db, acceptorId } from './state.ts';
import type { D, DEntity, Env } from './env.ts';
import { bug, deleteEntry, entityOf, own, setDbCommittedBack, setProgress } from './env.ts';
import { tryCatchup } from './catchup.ts';
import { peerAt } from './recovery-sources.ts';

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
        deleteEntry(ent, Number(key));
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

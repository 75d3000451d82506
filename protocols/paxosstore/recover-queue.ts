// Recovery requests (DoWithPaxosCmd on NotFound → clsGetAllWorker::EnterReqQueue; 2020 RecoverWorker): the entity
// is flagged and its client command answered GetAllPending, the request waits in a bounded queue, and jobs start
// no faster than recover_max_count_per_second (RecoverWorker::DoJob's limiter_.UseCount()).
import { useCount } from './catchup-ctrl.ts';
import type { D, Env } from './env.ts';
import { dropCmd, entityOf, own } from './env.ts';
import { startRecovery } from './recovery.ts';
import type { ClientResult } from './client.ts';

/** bGetAllPending = true; InvalidClientCmd(GetAllPending); EnterReqQueue (a full queue unsets the flag: QueueFailed). */
export function requestRecovery(d: D, env: Env, entity: string, needEntry: number): void {
  const ent = entityOf(d, entity);
  ent.isGetAllPending = true;
  answerPending(d, env, entity);
  if (d.recoverQueue.length >= env.opts.recoverQueueMax) {
    ent.isGetAllPending = false;
    d.recoverQueueFailed++;
    env.ctx.log(`GetAllAndSet ${entity}: request queue full (QueueFailed), flag unset`);
    return;
  }
  (d.recoverQueue = own(d.recoverQueue)).push({ entity, needEntry });
  drainRecoverQueue(d, env);
}

/**
 * The entity's client command fails with GetAllPending. A write's entry is already decided by then (we learned a
 * max chosen entry past it), possibly with our own value: the client is told "failed" for a write that may have
 * been chosen. That is Certain's behaviour; the reply says so, and the run counts it as a permitted anomaly.
 */
function answerPending(d: D, env: Env, entity: string): void {
  const cmd = d.cmds[entity];
  if (cmd === undefined) return;
  env.ctx.cancelTimer(cmd.timerId);
  const isWrite = cmd.kind === 'write';
  if (isWrite) env.ctx.anomaly('write-failed-maybe-chosen', `${env.ctx.self} ${entity} entry ${cmd.entry}: write answered GetAllPending, its value ${cmd.valueId} may be chosen`);
  env.ctx.reply(cmd.reqId, { ok: false, error: 'get-all-pending', ...(isWrite ? { isMaybeApplied: true } : {}) } satisfies ClientResult);
  dropCmd(d, entity);
}

/** Start queued jobs while the per-second limiter allows; otherwise sleep for what it says. */
export function drainRecoverQueue(d: D, env: Env): void {
  if (d.isRecoverSleeping) return;
  let guard = 0;
  while (d.recoverQueue.length > 0 && guard++ <= env.opts.recoverQueueMax) {
    const [waitUs, next] = useCount(d.recoverCtrl, env.opts.recoverMaxCountPerSecond, env.ctx.nowUs);
    if (waitUs > 0) {
      d.recoveriesThrottled++;
      d.isRecoverSleeping = true;
      env.ctx.setTimer('recover-start', waitUs);
      return;
    }
    d.recoverCtrl = next;
    const job = (d.recoverQueue = own(d.recoverQueue)).shift()!;
    startRecovery(d, env, job.entity, job.needEntry);
  }
}

export function onRecoverStart(d: D, env: Env): void {
  d.isRecoverSleeping = false;
  drainRecoverQueue(d, env);
}

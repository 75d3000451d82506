// CatchUpWorker (clsCatchUpWorker::Run): diverted commands wait in a FIFO; the head passes the byte budget
// (UseByteSize, 10 ms slices), then the count budget (UseCount, per second), then leaves. A full queue drops.
// An idle worker polls its queue with clsSmartSleepCtrl(200, 1000) (µs: 200, 400, 800, then every 1000).
import type { PaxosMsg } from './messages.ts';
import { estimateCatchupBytes } from './messages.ts';
import { US_PER_S } from '../../sim/index.ts';
import { acceptorId } from './state.ts';
import { sliceBytes, useByteSize, useCount } from './catchup-ctrl.ts';
import type { D, Env } from './env.ts';
import { bug, own, workerOf } from './env.ts';

/** PushCatchUpCmdByMultiThread: a full queue deletes the command (GoAndDeleteIfFailed). */
export function enqueueCatchup(d: D, env: Env, to: number, msg: PaxosMsg): void {
  const w = workerOf(d);
  if (w.queue.length >= env.opts.catchupQueueMax) {
    w.droppedCount++;
    return;
  }
  const isIdle = w.queue.length === 0 && !w.isTicking;
  (w.queue = own(w.queue)).push({ to, msg, bytes: estimateCatchupBytes(msg) } as never);
  const pollUs = isIdle ? idlePollDelayUs(env.ctx.nowUs - w.idleSinceUs) : 0;
  if (pollUs > 0) {
    // TakeByOneThread found nothing at the last poll; the worker sleeps on and takes this command at its next one.
    w.idlePollWaits++;
    w.isTicking = true;
    env.ctx.setTimer('catchup-slice', pollUs);
    return;
  }
  drainCatchup(d, env);
}

/** clsSmartSleepCtrl(200, 1000) in µs (utils/Time.h): an idle worker polls at 0, 200, 600, 1400, 2400, 3400, … µs. */
const SMART_SLEEP_INIT_US = 200;
const SMART_SLEEP_MAX_US = 1000;

/** How long a command that arrives `idleUs` after the queue ran empty waits for the worker's next poll. */
export function idlePollDelayUs(idleUs: number): number {
  let at = 0;
  let step = SMART_SLEEP_INIT_US;
  while (at < idleUs && step < SMART_SLEEP_MAX_US) {
    at += step;
    step = Math.min(step * 2, SMART_SLEEP_MAX_US);
  }
  if (at < idleUs) at += Math.ceil((idleUs - at) / SMART_SLEEP_MAX_US) * SMART_SLEEP_MAX_US;
  return at - idleUs;
}

/** Sends of the last second, kept for the budget invariant (bounded: the invariant fails long before it grows). */
function noteSend(w: D['catchup'], nowUs: number, bytes: number): void {
  const keep = w.recent.filter((s) => s.atUs > nowUs - US_PER_S);
  keep.push({ atUs: nowUs, bytes });
  w.recent = keep.slice(-(2 * w.maxCountPerSecond + 1)) as never;
}

/** Send what the budgets allow now; otherwise sleep until the controller says (usleep(iWaitTimeMS)). */
export function drainCatchup(d: D, env: Env): void {
  if (d.catchup.isTicking) return;
  const w = workerOf(d);
  const isUnlimited = bug(env, 'catchup-no-rate-limit');
  const now = env.ctx.nowUs;
  const maxSlice = sliceBytes(env.opts.catchupMaxBytesPerSecond, env.opts.catchupSliceUs);
  let guard = 0;
  const isBusy = w.queue.length > 0;
  while (w.queue.length > 0 && guard++ <= env.opts.catchupQueueMax) {
    const head = w.queue[0]!;
    if (!isUnlimited) {
      if (!w.isHeadPaid) {
        const [waitUs, next] = useByteSize(w.ctrl, head.bytes, maxSlice, env.opts.catchupSliceUs, now);
        if (waitUs > 0) return sleep(w, env, waitUs, 'bytes');
        w.ctrl = next;
        w.isHeadPaid = true;
      }
      const [waitUs, next] = useCount(w.ctrl, env.opts.catchupMaxCountPerSecond, now);
      if (waitUs > 0) return sleep(w, env, waitUs, 'count');
      w.ctrl = next;
    }
    (w.queue = own(w.queue)).shift();
    w.isHeadPaid = false;
    w.sentCount++;
    noteSend(w, now, head.bytes);
    env.ctx.sendDatagram(acceptorId(head.to), head.msg);
  }
  // The queue ran empty: the next TakeByOneThread fails and SmartSleep starts again from 200 µs (Reset on every take).
  if (isBusy && w.queue.length === 0) w.idleSinceUs = now;
}

function sleep(w: D['catchup'], env: Env, waitUs: number, why: 'bytes' | 'count'): void {
  if (why === 'bytes') w.byteThrottledCount++;
  else w.countThrottledCount++;
  w.isTicking = true;
  env.ctx.setTimer('catchup-slice', waitUs);
}

export function onCatchupSlice(d: D, env: Env): void {
  workerOf(d).isTicking = false;
  drainCatchup(d, env);
}

// CatchUpWorker (clsCatchUpWorker::Run): diverted commands wait in a FIFO; the head passes the byte budget
// (UseByteSize, 10 ms slices), then the count budget (UseCount, per second), then leaves. A full queue drops.
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
  (w.queue = own(w.queue)).push({ to, msg, bytes: estimateCatchupBytes(msg) } as never);
  drainCatchup(d, env);
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

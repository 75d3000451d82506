// CatchUpWorker: diverted commands wait in a FIFO and leave within a per-second byte and count budget
// (clsCatchUpCtrl: UseByteSize, UseCount), checked every catch-up slice.
import type { PsMsg } from './messages.ts';
import { estimateBytes } from './messages.ts';
import { US_PER_S } from '../../sim/index.ts';
import { acceptorId } from './state.ts';
import type { D, Env } from './env.ts';
import { bug, plain } from './env.ts';

export function enqueueCatchup(d: D, env: Env, to: number, msg: PsMsg): void {
  const w = d.catchup;
  const bytes = estimateBytes(msg);
  if (w.queue.length >= env.opts.catchupQueueMax || bytes > env.opts.catchupMaxBytesPerSecond) {
    w.droppedCount++;
    return;
  }
  w.queue.push({ to, msg, bytes } as never);
  drainCatchup(d, env);
}

function rollWindow(d: D, env: Env): void {
  const w = d.catchup;
  if (env.ctx.nowUs - w.windowStartUs >= US_PER_S || env.ctx.nowUs < w.windowStartUs) {
    w.windowStartUs = env.ctx.nowUs;
    w.bytesInWindow = 0;
    w.countInWindow = 0;
  }
}

/** Send what the budget allows now; re-arm the slice timer while anything waits. */
export function drainCatchup(d: D, env: Env): void {
  const w = d.catchup;
  rollWindow(d, env);
  const isUnlimited = bug(env, 'catchup-no-rate-limit');
  let sent = 0;
  while (w.queue.length > 0 && sent < env.opts.catchupQueueMax) {
    const head = w.queue[0]!;
    const isOverBudget = w.countInWindow + 1 > env.opts.catchupMaxCountPerSecond || w.bytesInWindow + head.bytes > env.opts.catchupMaxBytesPerSecond;
    if (isOverBudget && !isUnlimited) {
      w.throttledCount++;
      break;
    }
    w.queue.shift();
    w.countInWindow++;
    w.bytesInWindow += head.bytes;
    w.sentCount++;
    sent++;
    env.ctx.sendDatagram(acceptorId(head.to), plain(head.msg));
  }
  if (w.queue.length > 0 && !w.isTicking) {
    w.isTicking = true;
    env.ctx.setTimer('catchup-slice', env.opts.catchupSliceUs);
  }
}

export function onCatchupSlice(d: D, env: Env): void {
  d.catchup.isTicking = false;
  drainCatchup(d, env);
}

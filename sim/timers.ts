// Timers live in node-local time; their global fire time is recomputed whenever the node's clock changes.
import type { World } from './world.ts';
import type { NodeRec, TimerRec } from './node.ts';
import type { TimerId } from './types.ts';

export function scheduleTimer(w: World, n: NodeRec, timerId: TimerId, rec: TimerRec): void {
  w.schedule(n.clock.globalWhen(rec.deadlineLocalUs, w.nowUs), n, { kind: 'timer', timerId, gen: rec.gen });
}

/** After an offset or drift change: re-schedule every live timer (older events become stale by generation). */
export function rescheduleTimers(w: World, n: NodeRec): void {
  const ids = [...n.timers.keys()].sort((a, b) => a - b);
  for (const id of ids) {
    const rec = n.timers.get(id)!;
    rec.gen++;
    scheduleTimer(w, n, id, rec);
  }
}

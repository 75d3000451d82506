// Timers live in node-local time; their global fire time is recomputed whenever the node's clock changes.
import type { World } from './world.ts';
import type { NodeRec, TimerRec } from './node.ts';

export function scheduleTimer(w: World, n: NodeRec, rec: TimerRec): void {
  w.schedule(n.clock.globalWhen(rec.deadlineLocalUs, w.nowUs), n, rec);
}

/** After an offset or drift change: re-schedule every live timer as a fresh object (the old object is retired, so its queued event is stale). */
export function rescheduleTimers(w: World, n: NodeRec): void {
  for (const rec of n.timers.live()) {
    const copy = rec.rescheduled();
    n.timers.replace(rec, copy);
    scheduleTimer(w, n, copy);
  }
}

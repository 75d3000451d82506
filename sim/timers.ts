// Timers live in node-local time; their global fire time is recomputed whenever the node's clock changes.
import type { World } from './world.ts';
import type { NodeRec, TimerRec } from './node.ts';

export function scheduleTimer(w: World, n: NodeRec, rec: TimerRec): void {
  w.schedule(n.clock.globalWhen(rec.deadlineLocalUs, w.nowUs), n, rec);
}

/** After an offset or drift change: re-schedule every live timer as a fresh object (the old events no longer match the map). */
export function rescheduleTimers(w: World, n: NodeRec): void {
  const ids = [...n.timers.keys()].sort((a, b) => a - b);
  for (const id of ids) {
    const rec = n.timers.get(id)!.rescheduled();
    n.timers.set(id, rec);
    scheduleTimer(w, n, rec);
  }
}

// A node's live timers: an array kept in id order (ids only grow), with lazy removal. A Map churned by one
// insert and one delete per event was the kernel's single largest cost.
import type { TimerId } from './types.ts';
import type { TimerRec } from './node.ts';

const COMPACT_SLACK = 32;

export class TimerTable {
  private recs: TimerRec[] = [];
  private deadCount = 0;

  /** Ids come from one growing counter, so pushing keeps the array sorted. */
  add(rec: TimerRec): void {
    this.recs.push(rec);
  }

  private indexOf(id: TimerId): number {
    let lo = 0;
    let hi = this.recs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.recs[mid]!.timerId;
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The timer stops being live (fired, cancelled or replaced); its pending event becomes stale. */
  retire(rec: TimerRec): void {
    if (!rec.isLive) return;
    rec.isLive = false;
    const recs = this.recs;
    // The newest timer (a node re-arming one timer fires and retires its only entry): dropped at once, no compaction.
    if (recs.length > 0 && recs[recs.length - 1] === rec) { recs.pop(); return; }
    this.deadCount++;
    if (this.deadCount > this.recs.length / 2 + COMPACT_SLACK) {
      // In place (no new array per compaction).
      let k = 0;
      for (let i = 0; i < recs.length; i++) if (recs[i]!.isLive) recs[k++] = recs[i]!;
      recs.length = k;
      this.deadCount = 0;
    }
  }

  cancel(id: TimerId): void {
    const i = this.indexOf(id);
    if (i >= 0) this.retire(this.recs[i]!);
  }

  /** Swap a live timer for its re-scheduled copy (same id, same place in the order). */
  replace(old: TimerRec, copy: TimerRec): void {
    const i = this.indexOf(old.timerId);
    if (i < 0 || this.recs[i] !== old) return;
    old.isLive = false;
    this.recs[i] = copy;
  }

  /** Live timers in id order. */
  live(): TimerRec[] {
    return this.recs.filter((r) => r.isLive);
  }

  clear(): void {
    for (const r of this.recs) r.isLive = false;
    this.recs = [];
    this.deadCount = 0;
  }
}

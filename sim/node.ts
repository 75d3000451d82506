// A node's kernel-side record: liveness, memory state, clock, disk, timers and deferred events.
import type { DiskContents, NodeId, NodeView, TimerId, DiskOpId, DiskRecord } from './types.ts';
import { NodeClock } from './clock.ts';
import { Disk } from './disk.ts';
import { TimerTable } from './timer-table.ts';
import type { Prng } from './prng.ts';
import type { KEvent } from './events.ts';

/**
 * A timer, as one object from setTimer to its firing: the handler's recorded effect (`k`), the
 * kernel's record and event body (`kind`) and, when it fires, the handler's input (`type`).
 * The timer path is the kernel's hottest, so it allocates once instead of four times. The three tags are constants
 * on the prototype (below), not fields: 24 bytes less per timer, allocated on every timer event.
 */
export class TimerRec {
  declare readonly k: 'set-timer';
  declare readonly kind: 'timer';
  declare readonly type: 'timer';
  /** Local-clock deadline, fixed when the effect is applied. */
  deadlineLocalUs = 0;
  /** False once fired, cancelled or replaced after a clock change: its queued event is then stale. */
  isLive = true;
  constructor(readonly timerId: TimerId, readonly name: string, readonly delayUs: number, readonly data: unknown) {}

  /** A copy to re-schedule after a clock change (the old object's event becomes stale). */
  rescheduled(): TimerRec {
    const t = new TimerRec(this.timerId, this.name, this.delayUs, this.data);
    t.deadlineLocalUs = this.deadlineLocalUs;
    return t;
  }
}
Object.defineProperties(TimerRec.prototype, { k: { value: 'set-timer' }, kind: { value: 'timer' }, type: { value: 'timer' } });

const NO_TIME = { nowUs: 0 };

export class NodeRec implements NodeView<unknown> {
  isUp = false;
  isPaused = false;
  state: unknown = undefined;
  incarnation = 0;
  readonly clock = new NodeClock();
  readonly storage = new Disk();
  readonly timers = new TimerTable();
  /** Events that arrived while paused, delivered in order on resume. */
  deferred: KEvent[] = [];
  /** The node's reusable handler context (created by the dispatcher on first use). */
  ctx: unknown = null;
  /** Appends issued but not completed (kill-during-write tears one of them). */
  readonly inflightAppends = new Map<DiskOpId, { file: string; record: DiskRecord }>();
  /** What checks remember of this node in this run, one slot per memory (sim/run-memory.ts NodeMemory); never read by the kernel. */
  readonly memories: unknown[] = [];

  constructor(
    readonly id: NodeId,
    readonly kind: string,
    readonly index: number,
    readonly prng: Prng,
    /** Where global time is read for localClockUs (the World; a fixed 0 for records built alone in tests). */
    private readonly time: { readonly nowUs: number } = NO_TIME,
  ) {}

  get disk(): DiskContents {
    return this.storage.contents();
  }

  /** NodeView.localClockUs: the local clock at the world's current time (computed on read; the hot path never reads it). */
  get localClockUs(): number {
    return this.clock.localAt(this.time.nowUs);
  }
}

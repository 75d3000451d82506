// Binary min-heap of events ordered by (atUs, seq): seq is a global counter, so ties break by insertion order; beside
// it a sorted lane for events queued all at once up front.
import { assert } from './assert.ts';

export interface HeapItem {
  atUs: number;
  seq: number;
}

/** Does `a` come before `b`: earlier, or as early and queued first? */
const isBefore = (a: HeapItem, b: HeapItem): boolean => a.atUs < b.atUs || (a.atUs === b.atUs && a.seq < b.seq);

/**
 * The heap, and beside it a lane: items queued all at once up front (a run's client plan), sorted once and popped
 * from its front in turn with the heap's top, by the same (atUs, seq) order. A run's plan was most of its queue (~240 of
 * zab's ~270 queued events, ~300 of tair's ~330, each popped op made way for the next), so every push and pop sifted
 * through three more levels for events whose order was known from the start.
 */
export class EventHeap<T extends HeapItem> {
  private readonly items: T[] = [];
  private nextSeq = 0;
  private lane: T[] = [];
  /** The lane's front: items before it were popped. */
  private laneAt = 0;
  /** The lane's front item (null: the lane is empty), so a pop with no lane reads one field. */
  private laneHead: T | null = null;
  /** How many items the heap itself may hold: sizeMax less the lane's, so a push tests one field as before. */
  private heapMax: number;

  constructor(private readonly sizeMax: number) {
    this.heapMax = sizeMax;
  }

  /** Queued items, in the heap and the lane. */
  get size(): number {
    return this.items.length + this.lane.length - this.laneAt;
  }

  /** Stamps `item.seq` and inserts it. */
  push(item: T): void {
    // Tested before building the message: a template literal in the assert call cost a string per event.
    if (this.items.length >= this.heapMax) assert(false, `event queue exceeded eventQueueMax=${this.sizeMax}`);
    item.seq = this.nextSeq++;
    const items = this.items;
    let i = items.length;
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent]!;
      if (p.atUs < item.atUs || (p.atUs === item.atUs && p.seq < item.seq)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = item;
  }

  /** Stamps each item's seq in the given order and queues them, as pushing them one by one would (into the lane). */
  pushAll(items: readonly T[]): void {
    const lane = this.lane.slice(this.laneAt);
    const size = this.size;
    for (let k = 0; k < items.length; k++) {
      if (size + k >= this.sizeMax) assert(false, `event queue exceeded eventQueueMax=${this.sizeMax}`);
      items[k]!.seq = this.nextSeq++;
      lane.push(items[k]!);
    }
    lane.sort(byOrder);
    this.lane = lane;
    this.laneAt = 0;
    this.laneHead = lane.length > 0 ? lane[0]! : null;
    this.heapMax = this.sizeMax - lane.length;
  }

  peek(): T | undefined {
    const top = this.items[0];
    const l = this.laneHead;
    return l !== null && (top === undefined || isBefore(l, top)) ? l : top;
  }

  pop(): T | undefined {
    const l = this.laneHead;
    if (l !== null) {
      const top = this.items[0];
      if (top === undefined || isBefore(l, top)) {
        this.laneAt++;
        this.laneHead = this.laneAt < this.lane.length ? this.lane[this.laneAt]! : null;
        this.heapMax++;
        return l;
      }
    }
    return this.popHeap();
  }

  private popHeap(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    const n = items.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      let child = items[l]!;
      if (r < n) {
        const rc = items[r]!;
        if (rc.atUs < child.atUs || (rc.atUs === child.atUs && rc.seq < child.seq)) {
          c = r;
          child = rc;
        }
      }
      if (last.atUs < child.atUs || (last.atUs === child.atUs && last.seq < child.seq)) break;
      items[i] = child;
      i = c;
    }
    items[i] = last;
    return top;
  }
}

/** (atUs, seq) order: seqs are unique, so no two items tie. */
const byOrder = (a: HeapItem, b: HeapItem): number => (a.atUs - b.atUs) || (a.seq - b.seq);

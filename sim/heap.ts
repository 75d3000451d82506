// Binary min-heap of events ordered by (atUs, seq): seq is a global counter, so ties break by insertion order.
import { assert } from './assert.ts';

export interface HeapItem {
  atUs: number;
  seq: number;
}

export class EventHeap<T extends HeapItem> {
  private readonly items: T[] = [];
  private nextSeq = 0;

  constructor(private readonly sizeMax: number) {}

  get size(): number {
    return this.items.length;
  }

  /** Stamps `item.seq` and inserts it. */
  push(item: T): void {
    // Tested before building the message: a template literal in the assert call cost a string per event.
    if (this.items.length >= this.sizeMax) assert(false, `event queue exceeded eventQueueMax=${this.sizeMax}`);
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

  peek(): T | undefined {
    return this.items[0];
  }

  pop(): T | undefined {
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

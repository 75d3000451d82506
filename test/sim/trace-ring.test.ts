// The trace ring fills its message columns as records with them land (not 4 x ringSize cells up front): a ring that
// wraps, with records with and without message cells in any order, must read back exactly what a full trace kept.
import { describe, expect, it } from 'vitest';
import { Trace } from '../../sim/trace.ts';

/** Writes the same records into `t`: every third a delivered message, every fifth a send with link cells, the rest plain. */
function fill(t: Trace, count: number): void {
  for (let i = 0; i < count; i++) {
    if (i % 3 === 0) t.addMessage(i, i * 10, 'n1', { type: 'ping', round: i }, 'n2', 'n1', 'ping', i * 10 - 5);
    else if (i % 5 === 0) t.add(i, i * 10, 'n2', 'drop', `drop ${i}`, 'n2', 'n3', 'vote', i * 10 - 1);
    else t.add(i, i * 10, i % 2 === 0 ? null : 'n3', 'timer', `timer ${i}`);
  }
}

describe('trace ring', () => {
  it('reads back the last ringSize records of a full trace, before and after it wraps, hash unchanged', () => {
    for (const count of [0, 1, 4, 7, 8, 9, 23, 50]) {
      const ring = new Trace(8, false, false);
      const full = new Trace(8, true, false);
      fill(ring, count);
      fill(full, count);
      expect(ring.records()).toEqual(full.records().slice(Math.max(0, count - 8)));
      expect(ring.hash()).toBe(full.hash());
      expect(ring.isTruncated).toBe(count > 8);
    }
  });

  it('a record without message cells keeps none of an older record at the same ring slot', () => {
    const ring = new Trace(2, false, false);
    ring.add(0, 0, 'n1', 'drop', 'drop', 'n1', 'n2', 'vote', 0);
    ring.add(1, 1, 'n1', 'timer', 't1');
    ring.add(2, 2, 'n1', 'timer', 't2'); // overwrites slot 0, which held link cells
    expect(ring.records()).toEqual([
      { event: 1, atUs: 1, node: 'n1', kind: 'timer', detail: 't1' },
      { event: 2, atUs: 2, node: 'n1', kind: 'timer', detail: 't2' },
    ]);
  });
});

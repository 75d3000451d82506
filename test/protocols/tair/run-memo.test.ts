// The tair checks' per-run memory with the last run at hand (run-memo.ts, cs-memory.ts) and the last table's moving
// buckets (table.ts): each hands back what the plain look-up gives, whatever order views and tables are asked in.
import { describe, expect, it } from 'vitest';
import { perRunLast } from '../../../protocols/tair/run-memo.ts';
import { perCsIncarnation } from '../../../protocols/tair/cs-memory.ts';
import { migratingBuckets, movingBuckets } from '../../../protocols/tair/table.ts';

describe('tair per-run memory with the last view kept', () => {
  it('gives one memory per view, the same one again when a view comes back after another', () => {
    const memory = perRunLast(() => ({ n: 0 }));
    const a = {};
    const b = {};
    memory(a).n = 1;
    memory(b).n = 2;
    expect(memory(a).n).toBe(1);
    expect(memory(a)).toBe(memory(a));
    expect(memory(b).n).toBe(2);
    expect(memory({}).n).toBe(0);
  });

  it('keeps a record per configserver and incarnation, fresh at a new incarnation or run', () => {
    const memory = perCsIncarnation(() => ({ n: 0 }));
    const view = {};
    memory(view, 'cs0', 1).n = 5;
    memory(view, 'cs1', 1).n = 6;
    memory(view, 'cx', 1).n = 7;
    expect([memory(view, 'cs0', 1).n, memory(view, 'cs1', 1).n, memory(view, 'cx', 1).n]).toEqual([5, 6, 7]);
    expect(memory(view, 'cs0', 2).n).toBe(0);
    expect(memory({}, 'cs1', 1).n).toBe(0);
  });
});

describe('movingBuckets with the last table kept', () => {
  it('answers as migratingBuckets for tables asked in turn', () => {
    const t1 = { version: 10, clientVersion: 10, transitionVersion: 0, hash: [['ds1'], ['ds2']], dest: [['ds1'], ['ds3']] };
    const t2 = { ...t1, hash: t1.dest };
    for (const t of [t1, t1, t2, t1, t2, t2]) expect(movingBuckets(t)).toEqual(migratingBuckets(t));
  });
});

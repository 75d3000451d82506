// The per-run check memory (sim/run-memory.ts): kept apart per view (run) and per factory call, and the incarnation rules
// the transition and boot checks rely on.
import { describe, expect, it } from 'vitest';
import { firstInIncarnation, memoPerNode, perRun, perRunNodeMap, previousInIncarnation } from '../../sim/index.ts';

const node = (id: string, incarnation: number) => ({ id, incarnation });

describe('run-memory', () => {
  it('perRun makes one value per view, at its first use, and keeps it', () => {
    let made = 0;
    const mem = perRun(() => ({ n: ++made }));
    const runA = {};
    const runB = {};
    expect(made).toBe(0);
    const a = mem(runA);
    expect(mem(runA)).toBe(a);
    const b = mem(runB);
    expect(b).not.toBe(a);
    expect([a.n, b.n, made]).toEqual([1, 2, 2]);
  });

  it('perRun keeps each run its own value when runs interleave, for factories made before and after a run began', () => {
    const early = perRun(() => ({}));
    const runA = {};
    const runB = {};
    const a = early(runA);
    const late = perRun(() => ({}));
    const lateA = late(runA);
    const b = early(runB);
    expect(early(runA)).toBe(a);
    expect(late(runB)).not.toBe(lateA);
    expect(late(runA)).toBe(lateA);
    expect(early(runB)).toBe(b);
  });

  it('perRunNodeMap gives each run its own empty map, and each factory call its own memory', () => {
    const one = perRunNodeMap<number>();
    const two = perRunNodeMap<number>();
    const run = {};
    one(run).set('n1', 7);
    expect(one(run).get('n1')).toBe(7);
    expect(one({}).size).toBe(0);
    expect(two(run).size).toBe(0);
  });

  it('previousInIncarnation gives the last different state of the same incarnation only', () => {
    const prev = previousInIncarnation<{ readonly v: number }>();
    const run = {};
    const s1 = { v: 1 };
    const s2 = { v: 2 };
    const s3 = { v: 3 };
    expect(prev(run, node('n1', 1), s1)).toBeUndefined(); // first sight: no transition
    expect(prev(run, node('n1', 1), s1)).toBeUndefined(); // same object: nothing changed
    expect(prev(run, node('n1', 1), s2)).toBe(s1);
    expect(prev(run, node('n2', 1), s3)).toBeUndefined(); // nodes apart
    expect(prev({}, node('n1', 1), s3)).toBeUndefined(); // runs apart
    expect(prev(run, node('n1', 2), s3)).toBeUndefined(); // a restart is no transition
    expect(prev(run, node('n1', 2), s1)).toBe(s3);
    expect(prev(run, node('n1', 2), undefined)).toBeUndefined(); // forgets
    expect(prev(run, node('n1', 2), s2)).toBeUndefined();
    expect(prev(run, node('n1', 2), s1)).toBe(s2);
  });

  it('firstInIncarnation is true once per node and incarnation', () => {
    const first = firstInIncarnation();
    const run = {};
    expect(first(run, node('n1', 1))).toBe(true);
    expect(first(run, node('n1', 1))).toBe(false);
    expect(first(run, node('n2', 1))).toBe(true);
    expect(first({}, node('n1', 1))).toBe(true);
    expect(first(run, node('n1', 2))).toBe(true);
    expect(first(run, node('n1', 2))).toBe(false);
    expect(firstInIncarnation()(run, node('n1', 2))).toBe(true); // another check's memory
  });

  it('memoPerNode computes again only when the key object changes, and hands compute the last key and result', () => {
    const calls: string[] = [];
    const memo = memoPerNode((s: { readonly v: number }, n, _view, last: { readonly v: number } | undefined, lastR) => {
      calls.push(`${n.id}:${s.v}<${last?.v ?? '-'}:${lastR === undefined ? '-' : String(lastR)}`);
      return s.v > 1 ? `${n.id} has ${s.v}` : null;
    });
    const run = {};
    const s1 = { v: 1 };
    const s2 = { v: 2 };
    expect(memo(run, node('n1', 1), s1)).toBeNull();
    expect(memo(run, node('n1', 1), s1)).toBeNull();
    expect(memo(run, node('n1', 1), s2)).toBe('n1 has 2');
    expect(memo(run, node('n1', 2), s2)).toBe('n1 has 2'); // another incarnation: still the node's memory
    expect(memo(run, node('n2', 1), s2)).toBe('n2 has 2');
    expect(memo({}, node('n1', 1), s2)).toBe('n1 has 2');
    expect(memo(run, node('n1', 1), { v: 2 })).toBe('n1 has 2'); // an equal but new object is computed again
    expect(calls).toEqual(['n1:1<-:-', 'n1:2<1:null', 'n2:2<-:-', 'n1:2<-:-', 'n1:2<2:n1 has 2']);
  });

  it('perRun answers by the last view first exactly as by its WeakMap, in any order of views', () => {
    // Views revisited out of order (runs one after another, a test's hand-built view between two runs, a run's view
    // again): each ask must give the one value made for that view.
    const made = new Map<object, object>();
    const mem = perRun(() => ({}));
    const [a, b, c] = [{}, {}, {}];
    for (const v of [a, a, b, a, c, c, b, a]) {
      const got = mem(v);
      if (!made.has(v)) made.set(v, got);
      expect(got).toBe(made.get(v));
    }
    expect(new Set(made.values()).size).toBe(3);
  });
});

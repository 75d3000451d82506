// NodeMemory (sim/run-memory.ts) keeps a check's memory in a slot of the kernel's node object instead of a per-view map
// by node id. This drives one NodeMemory and one perRunNodeMap with the same reads, writes and deletes from a check
// added to real fuzz runs (restarts, so new incarnations of the same node; several runs in one process, so a run must
// start empty) and requires the same answer from both at every read; and, for hand-built views, the per-view map's
// answers (node objects that are not the kernel's).
import { describe, expect, it } from 'vitest';
import { NodeMemory, nodeInvariant, perRunNodeMap, previousInIncarnation } from '../../sim/index.ts';
import type { NodeView, ProtocolModule, View } from '../../sim/index.ts';
import { findProtocol } from '../../scenarios/registry.ts';
import { runFuzzSeed } from '../../scenarios/fuzz-run.ts';

interface Seen { readonly state: unknown; readonly inc: number; readonly event: number }

describe('NodeMemory', () => {
  it('answers as perRunNodeMap in fuzz runs, across restarts and runs in one process', () => {
    const slots = new NodeMemory<Seen>();
    const other = new NodeMemory<number>(); // a second memory: its slot must not be the first's
    const byId = perRunNodeMap<Seen>();
    const otherById = perRunNodeMap<number>();
    let event = 0;
    let reads = 0;
    let restarts = 0;
    let runStarts = 0;
    const mismatches: string[] = [];
    const watch = nodeInvariant<unknown>('node-memory-agreement', 'test only', (view: View<unknown>, n: NodeView<unknown>) => {
      const a = slots.get(view, n);
      const b = byId(view).get(n.id);
      if (a !== b) mismatches.push(`${n.id} at ${event}: ${JSON.stringify(a?.event)} against ${JSON.stringify(b?.event)}`);
      if (other.get(view, n) !== otherById(view).get(n.id)) mismatches.push(`${n.id} at ${event}: the second memory differs`);
      reads++;
      if (b === undefined && event === 0) runStarts++;
      if (b !== undefined && b.inc !== n.incarnation) restarts++;
      if (n.state === undefined || event % 7 === 3) { slots.delete(view, n); byId(view).delete(n.id); }
      else { const v = { state: n.state, inc: n.incarnation, event }; slots.set(view, n, v); byId(view).set(n.id, v); }
      if (event % 5 === 0) { other.set(view, n, event); otherById(view).set(n.id, event); }
      return null;
    }, { visitAll: true });
    // Counts the checks of a run (the check's `event`), which decides when it deletes and writes.
    const tick = { ...watch, check: (view: View<unknown>): string | null => { const r = watch.check(view); event++; return r; } };
    for (const name of ['zab', 'tair']) {
      const p: ProtocolModule = findProtocol(name)!;
      for (const seed of [1000, 1001]) {
        event = 0;
        runFuzzSeed({ protocol: { ...p, invariants: [...p.invariants, tick] }, seed, faults: 'timed' });
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(reads).toBeGreaterThan(10_000);
    expect(restarts).toBeGreaterThan(0); // a node met again in a new incarnation
    expect(runStarts).toBeGreaterThan(0);
  });

  it('keeps hand-built node objects by view and id, as perRunNodeMap', () => {
    const m = new NodeMemory<number>();
    const runA = {};
    const runB = {};
    m.set(runA, { id: 'n1', incarnation: 0 }, 1);
    expect(m.get(runA, { id: 'n1', incarnation: 3 })).toBe(1); // another object of the same node and run
    expect(m.get(runB, { id: 'n1', incarnation: 0 })).toBeUndefined();
    m.delete(runA, { id: 'n1', incarnation: 0 });
    expect(m.get(runA, { id: 'n1', incarnation: 0 })).toBeUndefined();
  });

  it('serves previousInIncarnation the same way in a kernel run as by hand', () => {
    // previousInIncarnation keeps its memory in a NodeMemory: the hand-built case is test/sim/run-memory.test.ts's.
    const prev = previousInIncarnation<unknown>();
    const byId = perRunNodeMap<{ readonly s: unknown; readonly inc: number }>();
    const diffs: string[] = [];
    const watch = nodeInvariant<unknown>('previous-agreement', 'test only', (view: View<unknown>, n: NodeView<unknown>) => {
      const s = n.state;
      const m = byId(view);
      let want: unknown;
      if (s === undefined) { m.delete(n.id); want = undefined; }
      else { const p = m.get(n.id); m.set(n.id, { s, inc: n.incarnation }); want = p !== undefined && p.inc === n.incarnation && p.s !== s ? p.s : undefined; }
      if (prev(view, n, s) !== want) diffs.push(n.id);
      return null;
    }, { visitAll: true });
    const p = findProtocol('paxosstore')!;
    for (const seed of [1000, 1001]) runFuzzSeed({ protocol: { ...p, invariants: [...p.invariants, watch] }, seed, faults: 'timed' });
    expect(diffs.slice(0, 5)).toEqual([]);
  });
});

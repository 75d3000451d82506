// memoPerNode (sim/run-memory.ts) keeps a check's last key and result in a NodeMemory slot of the kernel's node object.
// This calls one memo from a check added to real fuzz runs (restarts, several runs in one process) and requires, at
// every call, the answer computed afresh, a computation exactly when the key differs from the node's last one, and the
// last key and result that a plain per-view map by node id holds (what compute is handed to reuse).
import { describe, expect, it } from 'vitest';
import { memoPerNode, nodeInvariant, perRunNodeMap } from '../../sim/index.ts';
import type { NodeView, ProtocolModule, View } from '../../sim/index.ts';
import { findProtocol } from '../../scenarios/registry.ts';
import { runFuzzSeed } from '../../scenarios/fuzz-run.ts';

describe('memoPerNode', () => {
  it('answers as computing afresh, and hands compute what a per-view map by id last held, in fuzz runs', () => {
    const serial = new WeakMap<object, number>();
    let serials = 0;
    const serialOf = (o: object): number => {
      let k = serial.get(o);
      if (k === undefined) serial.set(o, (k = ++serials));
      return k;
    };
    const DOWN = {}; // the key of a node that is down (no state)
    // Depends on the key and the node alone, as compute must; a new string each time (so a stale memo shows by value).
    const plain = (key: object, id: string): string => `${id}#${serialOf(key)}`;
    let computed = 0;
    let handed: { key: unknown; r: unknown } = { key: undefined, r: undefined };
    const memo = memoPerNode<object, string, NodeView<unknown>>((key, n, _view, lastKey, lastR) => {
      computed++;
      handed = { key: lastKey, r: lastR };
      return plain(key, n.id);
    });
    const byId = perRunNodeMap<{ key: object; r: string }>();
    let calls = 0;
    let recomputed = 0;
    let restarts = 0;
    const incOf = perRunNodeMap<number>();
    const diffs: string[] = [];
    const watch = nodeInvariant<unknown>('memo-per-node-agreement', 'test only', (view: View<unknown>, n: NodeView<unknown>) => {
      const key = (n.state ?? DOWN) as object;
      const ref = byId(view).get(n.id);
      const before = computed;
      const got = memo(view, n, key);
      calls++;
      const want = plain(key, n.id);
      if (got !== want) diffs.push(`${n.id}: ${got} against ${want}`);
      const shouldCompute = ref === undefined || ref.key !== key;
      if ((computed > before) !== shouldCompute) diffs.push(`${n.id}: computed ${computed - before} times, should ${shouldCompute ? '' : 'not '}compute`);
      if (computed > before) {
        recomputed++;
        if (handed.key !== ref?.key || handed.r !== ref?.r) diffs.push(`${n.id}: handed another last key or result than the map's`);
        byId(view).set(n.id, { key, r: got });
      }
      const inc = incOf(view).get(n.id);
      if (inc !== undefined && inc !== n.incarnation) restarts++;
      incOf(view).set(n.id, n.incarnation);
      return null;
    }, { visitAll: true });
    for (const name of ['paxosstore', 'zab']) {
      const p: ProtocolModule = findProtocol(name)!;
      for (const seed of [1000, 1001]) runFuzzSeed({ protocol: { ...p, invariants: [...p.invariants, watch] }, seed, faults: 'timed' });
    }
    expect(diffs.slice(0, 5)).toEqual([]);
    expect(calls).toBeGreaterThan(10_000);
    expect(recomputed).toBeGreaterThan(1_000); // states change: the memory moves on
    expect(calls - recomputed).toBeGreaterThan(1_000); // and is reused for nodes the event left alone
    expect(restarts).toBeGreaterThan(0);
  });
});

// The node-change tracker (sim/node-change.ts) shared by the invariant checks and the anomaly watcher: it reports every
// node the first time, then exactly the nodes whose state, liveness, incarnation or disk changed, and each tracker keeps
// its own copy (one consumer looking does not hide a change from another).
import { describe, expect, it } from 'vitest';
import { NodeRec } from '../../sim/node.ts';
import { NodeChangeTracker } from '../../sim/node-change.ts';
import { Prng } from '../../sim/prng.ts';
import { makeRecord } from '../../sim/disk.ts';
import type { NodeId } from '../../sim/types.ts';

const nodes = (): NodeRec[] => ['n1', 'n2', 'n3'].map((id, i) => new NodeRec(id as NodeId, 'server', i, new Prng(1, id)));
const ids = (ns: readonly NodeRec[]): string[] => ns.map((n) => n.id);

describe('NodeChangeTracker', () => {
  it('reports every node first, then only the ones that changed, in node order', () => {
    const ns = nodes();
    const t = new NodeChangeTracker(ns);
    const out: NodeRec[] = [];
    expect(t.look(out)).toBe(true);
    expect(ids(out)).toEqual(['n1', 'n2', 'n3']);
    out.length = 0;
    expect(t.look(out)).toBe(false);
    expect(out).toEqual([]);
    ns[2]!.state = { x: 1 };
    ns[0]!.isUp = true;
    expect(t.look(out)).toBe(true);
    expect(ids(out)).toEqual(['n1', 'n3']);
  });

  it('sees a disk write, a pause and a restart (incarnation) as changes; the same state object is no change', () => {
    const ns = nodes();
    const t = new NodeChangeTracker(ns);
    t.look();
    const s = { y: 2 };
    ns[1]!.state = s;
    t.look();
    ns[1]!.state = s;
    expect(t.look()).toBe(false);
    ns[0]!.storage.mutate('log', { kind: 'append', record: makeRecord('a') });
    const out: NodeRec[] = [];
    expect(t.look(out)).toBe(true);
    expect(ids(out)).toEqual(['n1']);
    ns[1]!.isPaused = true;
    ns[2]!.incarnation++;
    out.length = 0;
    t.look(out);
    expect(ids(out)).toEqual(['n2', 'n3']);
  });

  it('keeps one copy per tracker: a look by one does not hide a change from the other', () => {
    const ns = nodes();
    const a = new NodeChangeTracker(ns);
    const b = new NodeChangeTracker(ns);
    a.look();
    b.look();
    ns[1]!.state = { z: 3 };
    expect(a.look()).toBe(true);
    expect(a.look()).toBe(false);
    const out: NodeRec[] = [];
    expect(b.look(out)).toBe(true);
    expect(ids(out)).toEqual(['n2']);
  });
});

// The node comparisons (sim/node-change.ts) shared by a run's watchers (invariant checks, coverage, anomaly watcher):
// a reader reports every node at its first look, then exactly the nodes whose state, liveness, incarnation or disk
// changed since ITS last look, however the other readers' looks fall (one looking does not hide a change from
// another); the comparison is made once per event index.
import { describe, expect, it } from 'vitest';
import { NodeRec } from '../../sim/node.ts';
import { NodeChanges, type NodeChangeReader } from '../../sim/node-change.ts';
import { Prng } from '../../sim/prng.ts';
import { makeRecord } from '../../sim/disk.ts';
import type { NodeId } from '../../sim/types.ts';

const nodes = (): NodeRec[] => ['n1', 'n2', 'n3'].map((id, i) => new NodeRec(id as NodeId, 'server', i, new Prng(1, id)));
const ids = (ns: readonly NodeRec[], count = ns.length): string[] => ns.slice(0, count).map((n) => n.id);

/** The ids a reader's look at event `e` reports (lookInto). */
function lookIds(r: NodeChangeReader, e: number): string[] {
  const out: NodeRec[] = [];
  return ids(out, r.lookInto(e, out));
}

describe('NodeChanges', () => {
  it('reports every node first, then only the ones that changed, in node order', () => {
    const ns = nodes();
    const r = new NodeChanges(ns).reader();
    expect(lookIds(r, 0)).toEqual(['n1', 'n2', 'n3']);
    expect(lookIds(r, 1)).toEqual([]);
    ns[2]!.state = { x: 1 };
    ns[0]!.isUp = true;
    expect(lookIds(r, 2)).toEqual(['n1', 'n3']);
  });

  it('sees a disk write, a pause and a restart (incarnation) as changes; the same state object is no change', () => {
    const ns = nodes();
    const r = new NodeChanges(ns).reader();
    r.look(0);
    const s = { y: 2 };
    ns[1]!.state = s;
    expect(r.look(1)).toBe(true);
    ns[1]!.state = s;
    expect(r.look(2)).toBe(false);
    ns[0]!.storage.mutate('log', { kind: 'append', record: makeRecord('a') });
    expect(lookIds(r, 3)).toEqual(['n1']);
    ns[1]!.isPaused = true;
    ns[2]!.incarnation++;
    expect(lookIds(r, 4)).toEqual(['n2', 'n3']);
  });

  it('gives each reader the changes since its own last look: one looking does not hide a change from another', () => {
    const ns = nodes();
    const shared = new NodeChanges(ns);
    const a = shared.reader();
    const b = shared.reader();
    a.look(0);
    b.look(0);
    ns[1]!.state = { z: 3 };
    expect(a.look(1)).toBe(true);
    expect(a.look(2)).toBe(false);
    ns[0]!.state = { z: 4 };
    expect(a.look(3)).toBe(true);
    // b skipped events 1-3: it sees both changes at once, then nothing.
    expect(lookIds(b, 4)).toEqual(['n1', 'n2']);
    expect(lookIds(b, 5)).toEqual([]);
    // A reader made late sees every node at its first look.
    expect(lookIds(shared.reader(), 5)).toEqual(['n1', 'n2', 'n3']);
  });

  it('compares once per event index: a second look at the same event reuses the first comparison', () => {
    const ns = nodes();
    const shared = new NodeChanges(ns);
    const a = shared.reader();
    const b = shared.reader();
    a.look(0);
    b.look(0);
    ns[2]!.state = { w: 1 };
    expect(lookIds(a, 1)).toEqual(['n3']);
    expect(lookIds(b, 1)).toEqual(['n3']);
    expect(lookIds(a, 1)).toEqual([]);
    expect(shared.comparisons).toBe(2);
  });

  it('agrees with a reader of its own comparisons along random looks (skipped events, repeated looks)', () => {
    const ns = nodes();
    const shared = new NodeChanges(ns);
    const readers = [shared.reader(), shared.reader(), shared.reader()];
    const alone = readers.map(() => new NodeChanges(ns).reader());
    const prng = new Prng(7, 'looks');
    for (let e = 0; e < 400; e++) {
      for (const n of ns) if (prng.int(100) < 20) n.state = { e };
      if (prng.int(100) < 5) ns[1]!.incarnation++;
      for (let k = 0; k < readers.length; k++) {
        if (prng.int(100) < 40) continue;
        const viaShared = lookIds(readers[k]!, e);
        const viaOwn = lookIds(alone[k]!, e);
        expect(viaShared, `event ${e} reader ${k}`).toEqual(viaOwn);
      }
    }
  });
});

// page-cache-excuse.ts's tracker, and committed-durable-on-quorum using it, event by event on hand-built views: only a txn
// read back from the page cache after a process crash, unfsynced since, and dropped by a machine crash is excused; neighbours are not.
import { describe, expect, it } from 'vitest';
import type { DiskRecord, NodeId, NodeView, View } from '../../../sim/index.ts';
import type { ZabNode } from '../../../protocols/zab/state.ts';
import { lostFromPageCache, observePageCache, excuseOf } from '../../../protocols/zab/page-cache-excuse.ts';
import { committedDurableOnQuorum } from '../../../protocols/zab/invariants.ts';

/** Entries with distinct hashes (the tracker compares positions by `h` only). */
const entry = (i: number) => ({ zxid: i, epoch: 0, h: 1000 + i });
const hist = (n: number) => Array.from({ length: n }, (_, i) => entry(i + 1));
const rec = new Map<number, DiskRecord>();
const recOf = (i: number): DiskRecord => { let r = rec.get(i); if (r === undefined) rec.set(i, (r = { data: i, crc: i })); return r; };
const log = (n: number): DiskRecord[] => Array.from({ length: n }, (_, i) => recOf(i + 1));

/** One server n2 whose state, disk log and incarnation the test sets before each observation. */
function server() {
  let node: NodeView<ZabNode> = { id: 'n2' as NodeId, kind: 'participant', isUp: false, isPaused: false, disk: new Map(), incarnation: 0, state: undefined };
  const view = { nowUs: 0, phase: 'faults', isNetworkHealed: true, aliasHolder: () => null, canConnect: () => true, get nodes() { return [node]; }, node: () => node } as unknown as View<ZabNode>;
  return {
    up(incarnation: number, historyLen: number, durableCount: number, logLen = historyLen) {
      node = { ...node, isUp: true, incarnation, state: { history: hist(historyLen), durableCount } as unknown as ZabNode, disk: new Map([['log', log(logLen)]]) };
      observePageCache(view);
    },
    down(logLen: number) {
      node = { ...node, isUp: false, state: undefined, disk: new Map([['log', log(logLen)]]) };
      observePageCache(view);
    },
    lost: (k: number) => lostFromPageCache(view, k, 1000 + k),
  };
}

describe('zab: page-cache-excuse tracker', () => {
  it('read back after a process crash, unsynced since, dropped by a machine crash: lost from the page cache', () => {
    const s = server();
    s.up(1, 3, 2); // appended txn 3, not fsynced
    s.down(3); // process crash: page cache kept
    s.up(2, 3, 3); // boot reads 3 back (durableCount claims it)
    s.down(2); // machine crash drops it
    s.up(3, 2, 2);
    expect(s.lost(3)).toEqual(['n2']);
    expect(s.lost(2)).toEqual([]);
  });

  it('the same txn lost in a machine crash in the incarnation that appended it (ack-before-fsync path): not excused', () => {
    const s = server();
    s.up(1, 3, 2);
    s.down(2);
    s.up(2, 2, 2);
    expect(s.lost(3)).toEqual([]);
  });

  it('read back, then an fsync completed in that incarnation (durableCount rose): a later loss is not excused', () => {
    const s = server();
    s.up(1, 3, 2);
    s.down(3);
    s.up(2, 3, 3);
    s.up(2, 4, 4); // appended and fsynced txn 4: the model's fsync makes the whole log durable
    s.down(2);
    s.up(3, 2, 2);
    expect(s.lost(3)).toEqual([]);
  });

  it('read back after a process crash, then a second process crash (the log kept): nothing lost, nothing excused', () => {
    const s = server();
    s.up(1, 3, 2);
    s.down(3); // nothing dropped: a process crash
    s.up(2, 3, 3);
    s.down(3); // a second crash keeps the log: no machine loss
    s.up(3, 3, 3);
    expect(s.lost(3)).toEqual([]);
  });

  it('a machine crash first (everything read back is durable), then a machine crash: nothing to excuse', () => {
    const s = server();
    s.up(1, 3, 2);
    s.down(2); // machine crash dropped 3
    s.up(2, 2, 2);
    s.up(2, 3, 2); // appends 3 again, not fsynced
    s.down(2);
    s.up(3, 2, 2);
    expect(s.lost(3)).toEqual([]);
  });
});

describe('zab: committed-durable-on-quorum with the page-cache excuse', () => {
  /** n3 leads epoch 3 with txns 1..3 fsynced, 1..2 committed until `commit`; n1 never had them; n2 is set per step. */
  function ensemble() {
    let leader = { id: 'n3', state: 'LEADING', role: { type: 'leader', isEstablished: true, epoch: 3 }, history: hist(3), committedCount: 2, durableCount: 3 } as unknown as ZabNode;
    const empty = { id: 'n1', state: 'LOOKING', role: { type: 'none' }, history: hist(0), committedCount: 0, durableCount: 0 } as unknown as ZabNode;
    let n2: NodeView<ZabNode> = { id: 'n2' as NodeId, kind: 'participant', isUp: false, isPaused: false, disk: new Map(), incarnation: 0, state: undefined };
    const fixed = (id: string, state: ZabNode): NodeView<ZabNode> => ({ id: id as NodeId, kind: 'participant', isUp: true, isPaused: false, disk: new Map(), incarnation: 1, state });
    const view = { nowUs: 0, phase: 'faults', isNetworkHealed: true, aliasHolder: () => null, canConnect: () => true, get nodes() { return [fixed('n1', empty), n2, fixed('n3', leader)]; }, node: (id: string) => view.nodes.find((n) => n.id === id)! } as unknown as View<ZabNode>;
    return {
      commit(k: number) { leader = { ...leader, committedCount: k } as ZabNode; },
      up(incarnation: number, historyLen: number, durableCount: number) {
        n2 = { ...n2, isUp: true, incarnation, state: { id: 'n2', state: 'FOLLOWING', role: { type: 'learner' }, history: hist(historyLen), committedCount: 0, durableCount } as unknown as ZabNode, disk: new Map([['log', log(historyLen)]]) };
        return committedDurableOnQuorum.check(view);
      },
      down(logLen: number) {
        n2 = { ...n2, isUp: false, state: undefined, disk: new Map([['log', log(logLen)]]) };
        return committedDurableOnQuorum.check(view);
      },
      anomaly: () => excuseOf(view).last,
    };
  }

  it('n2 read txn 3 back from the page cache, acked, and lost it in a machine crash: excused and reported', () => {
    const e = ensemble();
    expect(e.up(1, 3, 2)).toBeNull(); // n2 logged 3, not fsynced; 1..2 committed and held by n2, n3
    e.down(3); // process crash
    expect(e.up(2, 3, 3)).toBeNull(); // read back: counted as holding (what 3.8's NEWLEADER ACK claims)
    e.commit(3);
    expect(e.up(2, 3, 3)).toBeNull();
    e.down(2);
    expect(e.up(3, 2, 2)).toBeNull();
    expect(e.anomaly()).toMatch(/n2 acked it read back from the page cache/);
  });

  it('n2 lost txn 3 in a machine crash of the incarnation that logged it: still a violation', () => {
    const e = ensemble();
    e.up(1, 3, 2);
    e.up(1, 3, 3); // its fsync completed in this incarnation
    e.commit(3);
    expect(e.up(1, 3, 3)).toBeNull();
    e.down(2); // a machine crash cannot drop an fsynced txn: only a slip (ack-before-fsync) gets here
    expect(e.up(2, 2, 2)).toMatch(/n3 committed 0:3 \(position 3\) but only n3 fsynced it/);
    expect(e.anomaly()).toBeNull();
  });
});

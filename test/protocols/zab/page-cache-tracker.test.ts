// page-cache-excuse.ts's tracker, event by event on a hand-built view: only a txn read back from the page cache after a
// process crash, never fsynced since, and dropped by a machine crash is reported lost that way; its neighbours are not.
import { describe, expect, it } from 'vitest';
import type { DiskRecord, NodeId, NodeView, View } from '../../../sim/index.ts';
import type { ZabNode } from '../../../protocols/zab/state.ts';
import { lostFromPageCache, observePageCache } from '../../../protocols/zab/page-cache-excuse.ts';

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

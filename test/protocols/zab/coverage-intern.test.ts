// zab's coverage key reuses one string per distinct key (perfzab: the texts are remembered by small integer codes of
// everything liveKey prints). After every event of fuzz seeds, clean and with bug flags, every node's key equals the
// text liveKey builds afresh; and a change to any one printed field gives a different key through the remembered path.
import { describe, expect, it } from 'vitest';
import type { NodeView, View } from '../../../sim/index.ts';
import { nodeId } from '../../../sim/index.ts';
import { afterEveryEvent } from '../../support/compare-along.ts';
import { zabProtocol } from '../../../protocols/zab/index.ts';
import { zabCoverageKey, zabLiveKeyFresh } from '../../../protocols/zab/coverage.ts';
import type { ZabNode } from '../../../protocols/zab/state.ts';

/** Compares every node's key with the fresh text after every event of the seed: [keys compared, mismatches]. */
function compareAlong(seed: number, bugs: readonly string[] = []): [number, string[]] {
  let compared = 0;
  const bad: string[] = [];
  afterEveryEvent<ZabNode>(zabProtocol, seed, bugs, (view, i) => {
    for (const n of view.nodes) {
      const a = zabCoverageKey(n, view);
      const b = zabLiveKeyFresh(n, view);
      if (a !== b && bad.length < 5) bad.push(`seed ${seed} event ${i} ${n.id}: ${String(a)} vs ${String(b)}`);
      compared++;
    }
  });
  return [compared, bad];
}

describe('zab coverage key, remembered texts', () => {
  it('equal the fresh text after every event of clean fuzz seeds', () => {
    for (const seed of [1, 7, 1_860_123]) {
      const [keys, bad] = compareAlong(seed);
      expect(bad).toEqual([]);
      expect(keys).toBeGreaterThan(300);
    }
  });

  it('equal the fresh text after every event of seeds with bug flags', () => {
    for (const bug of ['zab/zk-3642-snap-not-persisted', 'zab/zk-1277-counter-overflow', 'zab/zk-1653-epoch-crash-window']) {
      const [keys, bad] = compareAlong(3, [bug]);
      expect(bad).toEqual([]);
      expect(keys).toBeGreaterThan(300);
    }
  });

  it('tell apart states that differ in one printed field', () => {
    let last: ZabNode | undefined;
    afterEveryEvent<ZabNode>(zabProtocol, 1, [], (view) => { const s = view.nodes[0]!.state; if (s?.role.type === 'learner') last = s; });
    expect(last).toBeDefined();
    const s = last!;
    const keyOf = (state: ZabNode): string => {
      const node: NodeView<ZabNode> = { id: nodeId('n1'), kind: 'participant', isUp: true, isPaused: false, state, disk: new Map(), incarnation: 1 };
      const view: View<ZabNode> = { nowUs: 0, phase: 'faults', nodes: [node], isNetworkHealed: true, node: () => node, aliasHolder: () => null, canConnect: () => true };
      const k = zabCoverageKey(node, view)!;
      expect(k).toBe(zabLiveKeyFresh(node, view));
      return k;
    };
    const base = keyOf(s);
    const variants: ZabNode[] = [
      { ...s, state: 'LOOKING' }, { ...s, phase: 'ELECTION' }, { ...s, lastSyncMode: s.lastSyncMode === 'snap' ? 'diff' : 'snap' },
      { ...s, isStartedLate: true, lastSyncMode: 'none' }, { ...s, acceptedEpoch: s.currentEpoch + 1 },
      { ...s, cnx: { ...s.cnx, scans: { 9: true } as never } }, { ...s, committedLogStart: s.history.length + 1 },
      { ...s, role: { ...(s.role as Extract<ZabNode['role'], { type: 'learner' }>), step: 'connecting' } },
      { ...s, role: { ...(s.role as Extract<ZabNode['role'], { type: 'learner' }>), isEpochTaken: !(s.role as { isEpochTaken: boolean }).isEpochTaken } },
      { ...s, election: { isFinalizing: true, notTimeoutUs: 10_000_000 } as never },
    ];
    for (const v of variants) expect(keyOf(v)).not.toBe(base);
  });

  it('work out snapshot-on-disk afresh when the disk is the same object but what the state holds of it changed', () => {
    let last: ZabNode | undefined;
    afterEveryEvent<ZabNode>(zabProtocol, 1, [], (view) => { const s = view.nodes[0]!.state; if (s?.role.type === 'learner' && s.history.length >= 2) last = s; });
    expect(last).toBeDefined();
    const s: ZabNode = { ...last!, snapCount: 1 };
    const learner = s.role as Extract<ZabNode['role'], { type: 'learner' }>;
    // One disk for every ask, its snapshot file holding the state's first entry: only the state differs between asks.
    const disk = new Map([['snapshot', [{ data: { stamp: s.lastZxid, entries: [s.history[0]] } }]]]) as never;
    const keyOf = (state: ZabNode): string => {
      const node: NodeView<ZabNode> = { id: nodeId('n1'), kind: 'participant', isUp: true, isPaused: false, state, disk, incarnation: 1 };
      const view: View<ZabNode> = { nowUs: 0, phase: 'faults', nodes: [node], isNetworkHealed: true, node: () => node, aliasHolder: () => null, canConnect: () => true };
      const k = zabCoverageKey(node, view)!;
      expect(k).toBe(zabLiveKeyFresh(node, view));
      return k;
    };
    // Mid-SNAP, the file must also hold the whole history and lastZxid as its stamp (one role object for both asks).
    const midSnap: ZabNode = { ...s, role: { ...learner, syncMode: 'snap', step: 'sync' }, history: s.history.slice(0, 1) };
    const pairs: [ZabNode, ZabNode][] = [
      [s, { ...s, history: [{ ...s.history[0]!, zxid: s.history[0]!.zxid + 1 }, ...s.history.slice(1)] }], [s, { ...s, snapCount: 2 }],
      [s, { ...s, role: midSnap.role }], [midSnap, { ...midSnap, history: s.history }], [midSnap, { ...midSnap, lastZxid: s.lastZxid + 1 }],
    ];
    for (const [before, after] of pairs) {
      keyOf(before);
      keyOf(after);
    }
  });
});

// fenced-and-stalled.ts, the tail checks' excuse for an entity whose next entry no node may open: clean fuzz seed
// 3850523's end state (e1: a2 amnesiac and fenced at 10, a1's DB stalled at 7 with its counters at 9, a3 at 7 held by
// a1 as its stalled recovery source) is excused, and each neighbouring state in which some node could still open
// entry 10 (or a record there could still be chosen) is not.
import { describe, expect, it } from 'vitest';
import { fencedAndStalled, fencedAndStalledNow, hasFencedNode } from '../../../protocols/paxosstore/fenced-and-stalled.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';
import type { View } from '../../../sim/index.ts';
import { entityViewOf } from './view-fixture.ts';

interface Rec { accepted: number; value: string | null; isChosen: boolean }
/** One node's e1: its counters, its amnesia fence (if any) and the entries its PLog holds (a record per acceptor). */
interface N { committed: number; maxCont: number; fence?: number; isFlagged?: boolean; isLoading?: boolean; entries: Record<number, Rec[]> }
const E: Rec = { accepted: 0, value: null, isChosen: false };
const chosen9 = (at: number[]): Rec[] => [0, 1, 2].map((j) => (at.includes(j) ? { accepted: 4, value: 'a1:22', isChosen: true } : E));

const view = (ns: (N | undefined)[]): View<NodeState> => entityViewOf('e1', ns, (n) => ({
  committed: n.committed, maxCont: n.maxCont, maxChosen: 9, isLoading: n.isLoading ?? false,
  isGetAllPending: false, isRecoverFlag: n.isFlagged ?? false,
  amnesia: n.fence === undefined ? null : { fence: n.fence, answered: [], maxSeen: n.fence - 1, isDbLost: false },
  entries: Object.fromEntries(Object.entries(n.entries).map(([k, rs]) => [k, {
    isUncertain: false,
    records: rs.map((r) => ({ prepared: 0, promised: r.accepted, accepted: r.accepted, value: r.value === null ? null : { id: r.value, key: 'k2', val: 25 }, isChosen: r.isChosen })),
  }])),
}));

/** Seed 3850523's end, e1 (cluster max chosen 9): a1 stalled at 7 (entry 8 GC'd), a2 fenced at 10, a3 at 7. */
const seed3850523 = (): (N | undefined)[] => [
  { committed: 7, maxCont: 9, entries: { 9: chosen9([0, 2]) } },
  { committed: 9, maxCont: 9, fence: 10, entries: {} },
  { committed: 7, maxCont: 7, entries: { 8: [E, E, E], 9: chosen9([0, 2]) } },
];

describe('paxosstore: fenced-and-stalled (clean seed 3850523)', () => {
  const at = (ns: (N | undefined)[]) => fencedAndStalledNow(view(ns), 'e1');
  it('excuses e1 in the seed\'s final state', () => {
    expect(at(seed3850523())).toBe('fenced-and-stalled: no node may open e1 entry 10: a2 fenced at 10; a1 DB stalled at 7; '
      + 'a3 e1 recovers from a1, whose DB stalled at 7 (ours at 7, cluster max chosen 9)');
  });
  it('the remembered answer and its necessary condition agree with the plain one', () => {
    const v = view(seed3850523());
    expect(fencedAndStalled(v, 'e1')).toBe(fencedAndStalledNow(v, 'e1'));
    expect(hasFencedNode(v, 'e1')).toBe(true);
    const open = seed3850523(); delete open[1]!.fence;
    expect(hasFencedNode(view(open), 'e1')).toBe(false);
    expect(fencedAndStalled(view(open), 'e1')).toBeNull();
  });
  it('is not excused with a node down (a restart reloads it and may lift its stall or fence)', () => {
    for (let i = 0; i < 3; i++) {
      const ns = seed3850523(); ns[i] = undefined;
      expect(at(ns)).toBeNull();
    }
  });
  it('is not excused when some node holds a record at entry 10 (it may still be chosen)', () => {
    const ns = seed3850523(); ns[2]!.entries[10] = [E, E, { accepted: 11, value: 'a3:1', isChosen: false }];
    expect(at(ns)).toBeNull();
  });
  it('is not excused without a fence covering entry 10 (a2 level at 9 and free to propose there)', () => {
    const below = seed3850523(); below[1]!.fence = 9;
    expect(at(below)).toBeNull();
    const none = seed3850523(); delete none[1]!.fence;
    expect(at(none)).toBeNull();
  });
  it('is not excused without a fenced node even when every node is stalled (not this seed\'s hazard)', () => {
    const ns = seed3850523(); ns[1] = { committed: 7, maxCont: 9, entries: {} };
    expect(at(ns)).toBeNull();
  });
  it('is not excused when an unfenced node is loading or its DB out of service (a GetAllAndSet may fetch a fresh DB)', () => {
    const flagged = seed3850523(); flagged[0]!.isFlagged = true;
    expect(at(flagged)).toBeNull();
    const loading = seed3850523(); loading[0]!.isLoading = true;
    expect(at(loading)).toBeNull();
    // a3 stalled with its counters level too (no node's recovery source then): excused, but not once a3 is flagged or loading
    const both = (): (N | undefined)[] => { const ns = seed3850523(); ns[2] = { committed: 7, maxCont: 9, entries: { 9: chosen9([0, 2]) } }; return ns; };
    expect(at(both())).toBe('fenced-and-stalled: no node may open e1 entry 10: a2 fenced at 10; a1 DB stalled at 7; a3 DB stalled at 7');
    const a3Flagged = both(); a3Flagged[2]!.isFlagged = true;
    expect(at(a3Flagged)).toBeNull();
    const a3Loading = both(); a3Loading[2]!.isLoading = true;
    expect(at(a3Loading)).toBeNull();
  });
  it('is not excused when a stalled node\'s counters are below the cluster (catch-up of entry 9 can still move it)', () => {
    const ns = seed3850523(); ns[0] = { committed: 7, maxCont: 8, entries: { 9: chosen9([0, 2]) } };
    expect(at(ns)).toBeNull();
  });
  it('is not excused when an unfenced node is neither stalled nor held (a1 level at 9 takes client commands)', () => {
    const ns = seed3850523(); ns[0] = { committed: 9, maxCont: 9, entries: { 9: chosen9([0, 2]) } };
    expect(at(ns)).toBeNull();
  });
});

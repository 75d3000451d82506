// heldByStalledSource (stalled-source.ts) widened to Certain's whole recovery-from-stalled-source hazard: the final states
// of guided seeds 2061372 (the lagging node's own unchosen vote at its next entry) and 2064170 (the lagging node's own
// DB stalled below the target) are excused, and each neighbouring state that can still move is not.
import { describe, expect, it } from 'vitest';
import { heldByStalledSource } from '../../../protocols/paxosstore/stalled-source.ts';
import { allCaughtUp } from '../../../protocols/paxosstore/liveness.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';
import type { View } from '../../../sim/index.ts';

interface Rec { accepted: number; value: string | null; isChosen: boolean }
/** One node's entity: its counters and the entries its PLog holds (each a record per acceptor, its own at its index). */
interface N { committed: number; maxCont: number; entries: Record<number, Rec[]>; isFlagged?: boolean; uncertain?: number }
const E: Rec = { accepted: 0, value: null, isChosen: false };
const rec = (accepted: number, value: string, isChosen: boolean): Rec => ({ accepted, value, isChosen });
const recs = (at: Record<number, Rec>): Rec[] => [0, 1, 2, 3, 4].map((j) => at[j] ?? E);
const level = (c: number): N => ({ committed: c, maxCont: c, entries: {} });

function view(entity: string, target: number, ns: (N | undefined)[]): View<NodeState> {
  return {
    nodes: ns.map((n, idx) => ({
      id: `a${idx + 1}`,
      isUp: n !== undefined,
      state: n === undefined ? undefined : {
        idx,
        entities: { [entity]: {
          committed: n.committed, maxCont: n.maxCont, maxChosen: target, isLoading: false,
          isGetAllPending: n.isFlagged ?? false, isRecoverFlag: n.isFlagged ?? false, amnesia: null,
          entries: Object.fromEntries(Object.entries(n.entries).map(([k, rs]) => [k, {
            isUncertain: n.uncertain === Number(k),
            records: rs.map((r) => ({ prepared: 0, promised: r.accepted, accepted: r.accepted, value: r.value === null ? null : { id: r.value, key: 'k0', val: 1 }, isChosen: r.isChosen })),
          }])),
        } },
        recoveries: {},
      },
    })),
  } as unknown as View<NodeState>;
}

/**
 * Seed 2061372's end, e2 (target 23): a1 at 0, its PLog holding its own accepted, never chosen vote a2:4 at entry 1
 * (and its view of a2's); a2's DB moved back to 0 with entries 1-2 GC'd (stalled, max-cont 23); a3-a5 at 23, nothing
 * left in their PLogs below 24.
 */
const seed2061372 = (): (N | undefined)[] => [
  { committed: 0, maxCont: 0, entries: { 1: recs({ 0: rec(7, 'a2:4', false), 1: rec(7, 'a2:4', false) }), 3: recs({ 0: rec(15, 'a5:23', true) }) } },
  { committed: 0, maxCont: 23, entries: { 3: recs({ 1: rec(15, 'a5:23', true) }) } },
  level(23), level(23), level(23),
];
/**
 * Seed 2064170's end, e0 (target 34): a3's DB stalled at 6 (entries 7-8 GC'd from its PLog, max-cont 8), its own
 * unchosen vote at entry 9, 10.. chosen; a4 (a3's local+1) stalled at 6 with max-cont 34; a1, a2, a5 at 34.
 */
const seed2064170 = (): (N | undefined)[] => [
  level(34), level(34),
  { committed: 6, maxCont: 8, entries: { 9: recs({ 1: rec(7, 'a2:30', false), 2: rec(7, 'a2:30', false) }), 10: recs({ 2: rec(9, 'a4:91', true) }) } },
  { committed: 6, maxCont: 34, entries: { 10: recs({ 3: rec(9, 'a4:91', true) }) } },
  level(34),
];

describe('paxosstore: recovery-from-stalled-source, own unchosen vote at the next entry (seed 2061372)', () => {
  const held = (ns: (N | undefined)[]) => heldByStalledSource(view('e2', 23, ns), 'e2', 0, 23);
  const check = (ns: (N | undefined)[]) => allCaughtUp.check(view('e2', 23, ns));
  it('excuses a1 in the seed\'s final state, and all-caught-up passes there', () => {
    expect(held(seed2061372())).toBe('a1 e2 recovers from a2, whose DB stalled at 0 (ours at 0, cluster max chosen 23)');
    expect(check(seed2061372())).toBeNull();
  });
  it('is not excused when another peer\'s PLog holds a value at entry 1 (chosen or only accepted: catch-up serves it)', () => {
    for (const r of [rec(9, 'a3:1', true), rec(9, 'a3:1', false)]) {
      const ns = seed2061372(); ns[2] = { ...level(23), entries: { 1: recs({ 2: r }) } };
      expect(held(ns)).toBeNull();
      expect(check(ns)).toBe('a1 e2 committed 0 < cluster max chosen 23');
    }
  });
  it('ignores its own vote only while every peer has passed entry 1 (a peer still below could adopt it)', () => {
    const ns = seed2061372(); ns[4] = { ...level(23), committed: 0, maxCont: 0 };
    expect(held(ns)).toBeNull();
    // the same peer below, but no vote of ours there: the old excuse, unchanged
    const bare = seed2061372(); bare[4] = { ...level(23), committed: 0, maxCont: 0 }; bare[0]!.entries = {};
    expect(held(bare)).toMatch(/a1 e2 recovers from a2/);
  });
  it('is not excused when its own record at entry 1 is chosen or waiting for its PLog write (it applies once stored)', () => {
    const chosen = seed2061372(); chosen[0]!.entries[1] = recs({ 0: rec(7, 'a2:4', true) });
    expect(held(chosen)).toBeNull();
    const waiting = seed2061372(); waiting[0]!.uncertain = 1;
    expect(held(waiting)).toBeNull();
    expect(check(waiting)).toBe('a1 e2 committed 0 < cluster max chosen 23');
  });
  it('is not excused when its recovery source is ahead of it (a2 stalled at 1 > 0: recovery raises a1)', () => {
    const ns = seed2061372(); ns[1] = { committed: 1, maxCont: 23, entries: {} };
    expect(held(ns)).toBeNull();
    expect(check(ns)).toBe('a1 e2 committed 0 < cluster max chosen 23');
  });
  it('is not excused when its first answering source is not stalled (a2 level, or a2 flagged so a3 at 23 answers)', () => {
    const lvl = seed2061372(); lvl[1] = level(23);
    expect(held(lvl)).toBeNull();
    const flagged = seed2061372(); flagged[1]!.isFlagged = true;
    expect(held(flagged)).toBeNull();
    expect(check(flagged)).toMatch(/a1 e2 committed 0 < cluster max chosen 23|a2 e2 recovering/);
  });
});

describe('paxosstore: recovery-from-stalled-source, the lagging node\'s own DB stalled (seed 2064170)', () => {
  const held = (ns: (N | undefined)[]) => heldByStalledSource(view('e0', 34, ns), 'e0', 2, 34);
  const check = (ns: (N | undefined)[]) => allCaughtUp.check(view('e0', 34, ns));
  const stalledMsg = 'a3 e0 (DB stalled at 6) max-cont-chosen 8 < cluster max chosen 34';
  it('excuses a3 in the seed\'s final state, and all-caught-up passes there', () => {
    expect(held(seed2064170())).toBe('a3 e0 recovers from a4, whose DB stalled at 6 (ours stalled at 6, max-cont-chosen 8, cluster max chosen 34)');
    expect(check(seed2064170())).toBeNull();
  });
  it('is not excused when another peer\'s PLog holds a value at entry 9 (its catch-up entry)', () => {
    const ns = seed2064170(); ns[4] = { ...level(34), entries: { 9: recs({ 4: rec(7, 'a2:30', true) }) } };
    expect(held(ns)).toBeNull();
    expect(check(ns)).toBe(stalledMsg);
  });
  it('is not excused when its recovery source is ahead of its DB (a4 stalled at 7 > 6)', () => {
    const ns = seed2064170(); ns[3] = { committed: 7, maxCont: 34, entries: {} };
    expect(held(ns)).toBeNull();
    expect(check(ns)).toBe(stalledMsg);
  });
  it('is not excused when its first answering source is not stalled (a4 level at 34, or a4 down)', () => {
    const ns = seed2064170(); ns[3] = level(34);
    expect(held(ns)).toBeNull();
    expect(check(ns)).toBe(stalledMsg);
    const down = seed2064170(); down[3] = undefined;
    expect(held(down)).toBeNull();
  });
  it('is not excused when its DB is not stalled (its own value at entry 7: the apply loop moves on)', () => {
    const ns = seed2064170(); ns[2]!.entries[7] = recs({ 2: rec(5, 'a1:7', true) });
    expect(held(ns)).toBeNull();
    expect(check(ns)).toBe('a3 e0 committed 6 < cluster max chosen 34');
  });
  it('still passes a stalled DB at the target without any excuse (its counters are level)', () => {
    const ns = seed2064170(); ns[2] = { committed: 6, maxCont: 34, entries: {} };
    expect(held(ns)).toBeNull();
    expect(check(ns)).toBeNull();
  });
});

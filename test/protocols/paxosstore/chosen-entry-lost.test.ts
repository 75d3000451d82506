// chosenEntryLost (chosen-entry-lost.ts): the all-caught-up waiver holds only where a chosen entry is in no PLog and no
// DB and a majority's DB is gone, lost to a CRC failure (clean seed 1403446) or cleared and flagged by a GetAllAndSet
// (clean seed 1442369), or where a majority lost their copy to a damaged PLog or DB whose amnesia fence covers the entry
// (clean seed 1600669); every neighbouring state is still judged.
import { describe, expect, it } from 'vitest';
import { chosenEntryLost } from '../../../protocols/paxosstore/chosen-entry-lost.ts';
import { allCaughtUp } from '../../../protocols/paxosstore/liveness.ts';
import { tailReadReturned, tailWriteApplied } from '../../../protocols/paxosstore/liveness-tail.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';
import type { View } from '../../../sim/index.ts';

const empty = { prepared: 0, promised: 0, accepted: 0, value: null, isChosen: false };
const chosen = { prepared: 0, promised: 4, accepted: 4, value: { id: 'a3:41', key: 'k0', val: 10 }, isChosen: true };
interface N { committed: number; isDbLost: boolean | null; entry2?: typeof chosen; entry3?: typeof chosen; isFlagged?: boolean; recovery?: { step: string; committed: number }; isLoading?: boolean; fence?: number }
/** Seed 1403446's end state, e0 only: maxChosen 4, entries 2..3 GC'd everywhere (4 held), a1 and a3 with lost DBs. */
const base = (): N[] => [{ committed: 1, isDbLost: true }, { committed: 1, isDbLost: null }, { committed: 1, isDbLost: true }];
function view(ns: (N | undefined)[]): View<NodeState> {
  return {
    nodes: ns.map((n, idx) => ({
      id: `a${idx + 1}`,
      isUp: n !== undefined,
      state: n === undefined ? undefined : {
        idx,
        entities: { e0: {
          committed: n.committed, maxCont: n.committed, maxChosen: 4, db: { kv: {}, applied: [] }, isLoading: n.isLoading ?? false, isGetAllPending: n.isFlagged ?? false, isRecoverFlag: n.isFlagged ?? false,
          amnesia: n.isDbLost === null ? null : { fence: n.fence ?? 6, answered: [], maxSeen: 5, isDbLost: n.isDbLost },
          entries: { 2: { records: [empty, empty, n.entry2 ?? empty] }, 3: { records: [empty, n.entry3 ?? empty, empty] }, 4: { records: [chosen, chosen, chosen] } },
        } },
        recoveries: n.recovery === undefined ? {} : { e0: { entity: 'e0', ...n.recovery } },
      },
    })),
  } as unknown as View<NodeState>;
}

/** The view with entry 4 gone from every PLog (GC'd or lost), as in seed 1600669 where entry 7 is in none. */
function withoutEntry4(v: View<NodeState>): View<NodeState> {
  for (const n of v.nodes) if (n.state !== undefined) (n.state.entities['e0'] as unknown as { entries: Record<number, unknown> }).entries[4] = { records: [empty, empty, empty] };
  return v;
}
/** The view with node i's amnesia fence still being probed (null: not every peer answered). */
function viewWithNullFence(ns: N[], i: number): View<NodeState> {
  const v = view(ns);
  (v.nodes[i]!.state!.entities['e0']!.amnesia as unknown as { fence: number | null }).fence = null;
  return v;
}

describe('paxosstore: chosen-entry-lost', () => {
  it('excuses the seed-1403446 state and all-caught-up passes there', () => {
    expect(chosenEntryLost(view(base()), 'e0')).toMatch(/e0 entry 2 is in no PLog and no DB \(copies lost: a1 DB lost, a3 DB lost\)/);
    expect(allCaughtUp.check(view(base()))).toBeNull();
  });
  it('is not excused when one node lost its DB (no majority): all-caught-up still fails', () => {
    const ns = base(); ns[2]!.isDbLost = null;
    expect(chosenEntryLost(view(ns), 'e0')).toBeNull();
    expect(allCaughtUp.check(view(ns))).toMatch(/a1 e0 committed 1 < cluster max chosen 4/);
  });
  it('is not excused when some DB has applied the missing entries (GetAllAndSet has a source)', () => {
    const ns = base(); ns[1]!.committed = 4;
    expect(chosenEntryLost(view(ns), 'e0')).toBeNull();
  });
  it('is not excused when some PLog still holds a value of each missing entry (catch-up can send it)', () => {
    const ns = base(); ns[2]!.entry2 = chosen; ns[1]!.entry3 = chosen;
    expect(chosenEntryLost(view(ns), 'e0')).toBeNull();
    // with entry 3 still nowhere it is excused, named by that entry
    const only2 = base(); only2[2]!.entry2 = chosen;
    expect(chosenEntryLost(view(only2), 'e0')).toMatch(/e0 entry 3 /);
  });
  it('counts a DB a GetAllAndSet cleared and flagged as gone (seed 1442369: one DB lost, two cleared with no source)', () => {
    const ns = base(); ns[2]!.isDbLost = false; ns[2]!.isFlagged = true; ns[1]!.committed = 3; ns[1]!.isFlagged = true;
    expect(chosenEntryLost(view(ns), 'e0')).toMatch(/e0 entry 2 is in no PLog and no DB \(copies lost: a1 DB lost, a2 DB cleared, a3 DB cleared\)/);
    expect(allCaughtUp.check(view(ns))).toBeNull();
    // one lost and one flagged is a majority too; the third's DB serves and holds nothing above 1
    const two = base(); two[2]!.isDbLost = false; two[2]!.isFlagged = true;
    expect(chosenEntryLost(view(two), 'e0')).toMatch(/copies lost: a1 DB lost, a3 DB cleared/);
  });
  it('is not excused when a DB that still serves has applied the entry, or a GetAllAndSet is fetching it', () => {
    const ns = base(); ns[2]!.isDbLost = false; ns[2]!.isFlagged = true; ns[1]!.committed = 3;
    // a2 serves with entries 2..3 applied (its flag clear): a2 and a3 can recover from it
    expect(chosenEntryLost(view(ns), 'e0')).toBeNull();
    expect(allCaughtUp.check(view(ns))).toMatch(/a1 e0 committed 1 < cluster max chosen 4/);
    // a3's GetAllAndSet already has a meta at entry 3 from a source: its pages bring entries 2..3
    const fetching = base(); fetching[2]!.isDbLost = false; fetching[2]!.isFlagged = true; fetching[2]!.recovery = { step: 'pages', committed: 3 };
    expect(chosenEntryLost(view(fetching), 'e0')).toBeNull();
    // a meta at entry 1 (a source as far behind as we are) brings nothing
    fetching[2]!.recovery = { step: 'pages', committed: 1 };
    expect(chosenEntryLost(view(fetching), 'e0')).toMatch(/e0 entry 2 /);
  });
  it('waives the tail checks too where it holds (seed 1442369: no DB can apply a tail write), and only there', () => {
    const withTail = (ns: (N | undefined)[]): View<NodeState> => ({
      ...view(ns),
      clientPlan: [
        { atUs: 3_000_000, target: 'a1', client: 200, op: { type: 'write', entity: 'e0', key: 'tail', value: 1 } },
        { atUs: 3_300_000, target: 'a2', client: 300, op: { type: 'read', entity: 'e0', key: 'tail' } },
      ],
    }) as unknown as View<NodeState>;
    // fences below the next entry, so amnesia-majority-fenced (the other waiver) does not hold here
    const open = (): N[] => base().map((n) => ({ ...n, fence: 1 }));
    expect(tailWriteApplied.check(withTail(open()))).toBeNull();
    expect(tailReadReturned.check(withTail(open()))).toBeNull();
    const ns = open(); ns[1]!.committed = 4;
    expect(tailWriteApplied.check(withTail(ns))).toMatch(/e0: no tail write applied on any node/);
    expect(tailReadReturned.check(withTail(ns))).toMatch(/e0: no read of tail answered with a value/);
  });
  it('excuses the seed-1600669 state: one PLog record and one DB lost, the DBs refilled at 6, two fences over entry 7', () => {
    // a1: damaged PLog, amnesia fence 9, DB refilled by GetAllAndSet; a2: never held entry 7; a3: DB lost, fence 8.
    // Entry 7 is the cluster's MaxChosenEntry (e0 maxChosen is 4 in this view: entry 4 plays entry 7, 2..3 are held).
    const seed = (): N[] => [{ committed: 3, isDbLost: false, fence: 9 }, { committed: 3, isDbLost: null }, { committed: 3, isDbLost: true, fence: 8 }];
    const lost4 = (ns: N[]): View<NodeState> => withoutEntry4(view(ns));
    expect(chosenEntryLost(lost4(seed()), 'e0')).toMatch(/e0 entry 4 is in no PLog and no DB \(copies lost: a1 fenced to 9, a3 DB lost\)/);
    expect(allCaughtUp.check(lost4(seed()))).toBeNull();
    // a3's DB refilled too (no DB gone at all): the two fences alone are the majority
    const refilled = seed(); refilled[2]!.isDbLost = false;
    expect(chosenEntryLost(lost4(refilled), 'e0')).toMatch(/copies lost: a1 fenced to 9, a3 fenced to 8/);
    // a fence exactly at the lost entry covers it (it may not vote there); one below does not (next test)
    refilled[2]!.fence = 4;
    expect(chosenEntryLost(lost4(refilled), 'e0')).toMatch(/copies lost: a1 fenced to 9, a3 fenced to 4/);
  });
  it('is not excused where the fences do not make a majority over the lost entry: all-caught-up still fails', () => {
    const lost4 = (ns: N[]): View<NodeState> => withoutEntry4(view(ns));
    const seed = (): N[] => [{ committed: 3, isDbLost: false, fence: 9 }, { committed: 3, isDbLost: null }, { committed: 3, isDbLost: false, fence: 8 }];
    // a3's fence below entry 4: a2 and a3 may still vote there, so only a1 lost its copy
    const below = seed(); below[2]!.fence = 3;
    expect(chosenEntryLost(lost4(below), 'e0')).toBeNull();
    expect(allCaughtUp.check(lost4(below))).toMatch(/a1 e0 committed 3 < cluster max chosen 4/);
    // a fence still being probed (null) is not settled
    const probing = seed(); (probing[2] as { fence: number | null }).fence = null;
    expect(chosenEntryLost(withoutEntry4(viewWithNullFence(probing, 2)), 'e0')).toBeNull();
    // a3 not in amnesia at all
    const intact = seed(); intact[2]!.isDbLost = null;
    expect(chosenEntryLost(lost4(intact), 'e0')).toBeNull();
    // a2's DB applied entry 4 (a source), or a2's PLog still holds it (catch-up can send it)
    const applied = seed(); applied[1]!.committed = 4;
    expect(chosenEntryLost(lost4(applied), 'e0')).toBeNull();
    expect(chosenEntryLost(view(seed()), 'e0')).toBeNull();
  });
  it('is not excused while a node is loading (its DB not read yet)', () => {
    const ns = base(); ns[1]!.isLoading = true;
    expect(chosenEntryLost(view(ns), 'e0')).toBeNull();
  });
  it('is not excused while a node is down (its disk may hold the value)', () => {
    expect(chosenEntryLost(view([base()[0], base()[1], undefined]), 'e0')).toBeNull();
  });
});

// heldByStalledSource (stalled-source.ts): the all-caught-up waiver for a node whose every GetAllAndSet copies a stalled
// DB (recovery-db-moved-back) not ahead of it holds only in clean seed 1442764's state; every neighbouring state is judged.
import { describe, expect, it } from 'vitest';
import { heldByStalledSource, recoveryFromStalledSource } from '../../../protocols/paxosstore/stalled-source.ts';
import { allCaughtUp } from '../../../protocols/paxosstore/liveness.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';
import type { View } from '../../../sim/index.ts';

const empty = { prepared: 0, promised: 0, accepted: 0, value: null, isChosen: false };
const value = { prepared: 0, promised: 4, accepted: 4, value: { id: 'a1:40', key: 'k0', val: 8 }, isChosen: true };
/** entry6: the node's own record at entry 6 (its slot in its own records). */
interface N { committed: number; maxCont: number; entry6?: typeof value; isFlagged?: boolean; isDbLost?: boolean }
/** Seed 1442764's end state, e0: a1 at 20; a2 at 5 (its next entry 6 in no PLog); a3's DB stalled at 5 (max-cont 20). */
const base = (): N[] => [{ committed: 20, maxCont: 20 }, { committed: 5, maxCont: 5 }, { committed: 5, maxCont: 20 }];
function view(ns: (N | undefined)[]): View<NodeState> {
  return {
    nodes: ns.map((n, idx) => ({
      id: `a${idx + 1}`,
      isUp: n !== undefined,
      state: n === undefined ? undefined : {
        idx,
        entities: { e0: {
          committed: n.committed, maxCont: n.maxCont, maxChosen: 20, isLoading: false, isGetAllPending: n.isFlagged ?? false, isRecoverFlag: n.isFlagged ?? false,
          amnesia: n.isDbLost === true ? { fence: 0, answered: [], maxSeen: 0, isDbLost: true } : null,
          entries: { 6: { records: [0, 1, 2].map((j) => (j === idx ? n.entry6 ?? empty : empty)) } },
        } },
        recoveries: {},
      },
    })),
  } as unknown as View<NodeState>;
}

describe('paxosstore: recovery-from-stalled-source', () => {
  it('excuses a2 in the seed-1442764 state (its local+1, a3, is stalled at its entry) and all-caught-up passes there', () => {
    expect(heldByStalledSource(view(base()), 'e0', 1, 20)).toMatch(/a2 e0 recovers from a3, whose DB stalled at 5 \(ours at 5, cluster max chosen 20\)/);
    expect(recoveryFromStalledSource.present(view(base()), {})).toMatch(/a2 e0 recovers from a3/);
    expect(allCaughtUp.check(view(base()))).toBeNull();
  });
  it('is not excused when the first source that answers is not the stalled one (a3 flagged, lost, or not stalled)', () => {
    for (const change of [(n: N) => { n.isFlagged = true; }, (n: N) => { n.isDbLost = true; }, (n: N) => { n.maxCont = 5; }]) {
      const ns = base(); change(ns[2]!);
      expect(heldByStalledSource(view(ns), 'e0', 1, 20)).toBeNull();
      expect(allCaughtUp.check(view(ns))).toMatch(/a2 e0 committed 5 < cluster max chosen 20|a3 e0/);
    }
    // a1 lags instead: its local+1 is a2, which is not stalled (and is ahead of nothing it could give)
    const ns = base(); ns[0] = { committed: 5, maxCont: 5 }; ns[1] = { committed: 20, maxCont: 20 };
    expect(heldByStalledSource(view(ns), 'e0', 0, 20)).toBeNull();
  });
  it('is not excused when the stalled source is ahead of us (recovery still raises our DB)', () => {
    const ns = base(); ns[1] = { committed: 3, maxCont: 3 };
    expect(heldByStalledSource(view(ns), 'e0', 1, 20)).toBeNull();
    expect(allCaughtUp.check(view(ns))).toMatch(/a2 e0 committed 3 < cluster max chosen 20/);
  });
  it('is not excused when some PLog still holds a value for our next entry (catch-up can send it)', () => {
    const ns = base(); ns[2]!.entry6 = value;
    expect(heldByStalledSource(view(ns), 'e0', 1, 20)).toBeNull();
  });
  it('is not excused when our own DB is behind our MaxContChosenEntry, recovering, or at the target', () => {
    // behind, its own value at entry 6 in its PLog: the DB apply loop moves on (not stalled: stalled-source-wide.test.ts)
    const behind = base(); behind[1] = { committed: 5, maxCont: 7, entry6: value };
    expect(heldByStalledSource(view(behind), 'e0', 1, 20)).toBeNull();
    const flagged = base(); flagged[1]!.isFlagged = true;
    expect(heldByStalledSource(view(flagged), 'e0', 1, 20)).toBeNull();
    expect(heldByStalledSource(view(base()), 'e0', 0, 20)).toBeNull();
  });
  it('is not excused while a node is down', () => {
    expect(heldByStalledSource(view([undefined, base()[1], base()[2]]), 'e0', 1, 20)).toBeNull();
  });
});

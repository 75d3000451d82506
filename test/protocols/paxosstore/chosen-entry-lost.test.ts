// chosenEntryLost (chosen-entry-lost.ts): the all-caught-up waiver holds only where a chosen entry is in no PLog and no
// DB and a majority lost its DB to a CRC failure (clean seed 1403446); every neighbouring state is still judged.
import { describe, expect, it } from 'vitest';
import { chosenEntryLost } from '../../../protocols/paxosstore/chosen-entry-lost.ts';
import { allCaughtUp } from '../../../protocols/paxosstore/liveness.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';
import type { View } from '../../../sim/index.ts';

const empty = { prepared: 0, promised: 0, accepted: 0, value: null, isChosen: false };
const chosen = { prepared: 0, promised: 4, accepted: 4, value: { id: 'a3:41', key: 'k0', val: 10 }, isChosen: true };
interface N { committed: number; isDbLost: boolean | null; entry2?: typeof chosen; entry3?: typeof chosen }
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
          committed: n.committed, maxCont: n.committed, maxChosen: 4, isLoading: false, isGetAllPending: false, isRecoverFlag: false,
          amnesia: n.isDbLost === null ? null : { fence: 6, answered: [], maxSeen: 5, isDbLost: n.isDbLost },
          entries: { 2: { records: [empty, empty, n.entry2 ?? empty] }, 3: { records: [empty, n.entry3 ?? empty, empty] }, 4: { records: [chosen, chosen, chosen] } },
        } },
      },
    })),
  } as unknown as View<NodeState>;
}

describe('paxosstore: chosen-entry-lost', () => {
  it('excuses the seed-1403446 state and all-caught-up passes there', () => {
    expect(chosenEntryLost(view(base()), 'e0')).toMatch(/e0 entry 2 is in no PLog and no DB \(a1, a3 lost their DB\)/);
    expect(allCaughtUp.check(view(base()))).toBeNull();
  });
  it('is not excused when one node lost its DB (no majority): all-caught-up still fails', () => {
    const ns = base(); ns[2]!.isDbLost = false;
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
  it('is not excused while a node is down (its disk may hold the value)', () => {
    expect(chosenEntryLost(view([base()[0], base()[1], undefined]), 'e0')).toBeNull();
  });
});

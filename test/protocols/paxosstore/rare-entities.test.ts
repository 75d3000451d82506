// The quick "no" of the three per-entity anomaly probes (protocols/paxosstore/rare-entities.ts): whenever it says no
// probe may hold, each probe's necessary condition is false for every entity (and so each probe's answer is null), in
// hand-built views holding each rare state and in every view of fuzz runs with faults (amnesia, lost DBs, recoveries).
import { describe, expect, it } from 'vitest';
import type { View } from '../../../sim/index.ts';
import type { EntityState, NodeState } from '../../../protocols/paxosstore/state.ts';
import { entityNames } from '../../../protocols/paxosstore/entity-memo.ts';
import { mayAnyEntityProbeHold } from '../../../protocols/paxosstore/rare-entities.ts';
import { mayHaveLostCopies, chosenEntryLostNow } from '../../../protocols/paxosstore/chosen-entry-lost.ts';
import { mayBeFencedOut, majorityFencedOutNow } from '../../../protocols/paxosstore/liveness-tail.ts';
import { hasStalledDb, stalledSourceInNow } from '../../../protocols/paxosstore/stalled-source.ts';
import { afterEachFuzzEvent } from './run-fixture.ts';

/** The three probes' necessary conditions for one entity: true when any may hold. */
const anyTest = (view: View<NodeState>, e: string): boolean => mayBeFencedOut(view, e) || mayHaveLostCopies(view, e) || hasStalledDb(view, e);

const plainEntity = (): EntityState => ({
  committed: 3, maxCont: 3, maxChosen: 3, amnesia: null, isGetAllPending: false, isRecoverFlag: false, isLoading: false, entries: {},
}) as unknown as EntityState;

const viewOf = (ents: (EntityState | undefined)[]): View<NodeState> =>
  ({ nodes: ents.map((e, i) => ({ id: `a${i + 1}`, state: e === undefined ? undefined : { idx: i, entities: { e0: e, e1: plainEntity() }, recoveries: {} } })) }) as unknown as View<NodeState>;

describe('paxosstore: the entity probes\' quick no', () => {
  it('says "may hold" for each rare state a test counts, and no when none is held', () => {
    const rare: [string, Partial<EntityState>][] = [
      ['settled fence', { amnesia: { fence: 5, isDbLost: false } as unknown as EntityState['amnesia'] }],
      ['DB lost', { amnesia: { fence: null, isDbLost: true } as unknown as EntityState['amnesia'] }],
      ['GetAllAndSet pending', { isGetAllPending: true }],
      ['recover flag', { isRecoverFlag: true }],
      ['stalled DB', { committed: 2, maxCont: 3 }],
    ];
    for (const [what, fields] of rare) {
      // Rare at a majority (the lost-copies and fence tests need one), or at one node (the stalled test needs one).
      // Rare at one node (the stalled test needs one), or at a majority (the lost-copies and fence tests need one).
      for (const at of [[0], [1], [0, 2], [0, 1, 2]]) {
        const view = viewOf([0, 1, 2].map((i) => (at.includes(i) ? { ...plainEntity(), ...fields } as EntityState : plainEntity())));
        expect(mayAnyEntityProbeHold(view), `${what} at ${at.join(',')}`).toBe(true);
        if (at.length === 3) expect(entityNames(view).some((e) => anyTest(view, e)), `${what}: a test counts it`).toBe(true);
      }
    }
    const quiet = viewOf([plainEntity(), undefined, { ...plainEntity(), amnesia: { fence: null, isDbLost: false } as unknown as EntityState['amnesia'] }]);
    expect(mayAnyEntityProbeHold(quiet)).toBe(false);
    expect(entityNames(quiet).some((e) => anyTest(quiet, e))).toBe(false);
  });

  it('agrees with the probes\' own tests after every event of fuzz runs with faults', () => {
    let views = 0;
    let mayHold = 0;
    let held = 0;
    let slips = 0;
    afterEachFuzzEvent(1000, 1020, (view) => {
      views++;
      const isAny = entityNames(view).some((e) => anyTest(view, e));
      const gate = mayAnyEntityProbeHold(view);
      if (gate) mayHold++;
      if (isAny) held++;
      // Counted, not asserted per view (an expect per call costs more than the run).
      if (!gate && isAny) slips++;
      if (!gate && views % 7 === 0) {
        for (const e of entityNames(view)) {
          if (chosenEntryLostNow(view, e) !== null || majorityFencedOutNow(view, e) !== null || stalledSourceInNow(view, e) !== null) slips++;
        }
      }
    });
    expect(slips).toBe(0);
    expect(views).toBeGreaterThan(5_000);
    expect(held).toBeGreaterThan(0);
    expect(mayHold).toBeGreaterThanOrEqual(held);
  });
});

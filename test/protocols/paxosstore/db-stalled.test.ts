// isDbStalled (liveness.ts): Certain's stall after recovery-db-moved-back is exactly where the DB apply loop stops below
// MaxContChosenEntry. Aimed fuzz seed 1007 (paxcut's draw) failed all-caught-up because a promise-only record at the
// next entry hid the stall: only a missing record counted.
import { describe, expect, it } from 'vitest';
import { isDbStalled } from '../../../protocols/paxosstore/liveness.ts';
import type { EntityState } from '../../../protocols/paxosstore/state.ts';

const rec = (value: unknown) => ({ prepared: 0, promised: 6, accepted: 0, value, isChosen: value !== null });
const entity = (committed: number, maxCont: number, next: unknown | undefined): EntityState =>
  ({ committed, maxCont, entries: next === undefined ? {} : { [committed + 1]: { records: [rec(null), rec(null), rec(next)] } } }) as unknown as EntityState;

describe('paxosstore: a stalled DB', () => {
  it('is stalled when the next entry is gone from the PLog', () => {
    expect(isDbStalled(entity(6, 33, undefined), 2)).toBe(true);
  });
  it('is stalled when the next entry holds only a promise of ours (no value to apply)', () => {
    expect(isDbStalled(entity(6, 33, null), 2)).toBe(true);
  });
  it('is not stalled when our record of the next entry has its value (the apply loop moves on)', () => {
    expect(isDbStalled(entity(6, 33, { id: 'a1:1', key: 'k', val: 1 }), 2)).toBe(false);
  });
  it('is not stalled when the DB is level with MaxContChosenEntry', () => {
    expect(isDbStalled(entity(33, 33, undefined), 2)).toBe(false);
  });
});

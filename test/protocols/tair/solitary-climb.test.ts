// Row S28's convergence excuses (solitary-climb.ts): a holder inside the master's run of solitary-dataserver bumps with
// the master's content converges; one below the run, with other content, or after the table moved otherwise does not.
import { describe, expect, it } from 'vitest';
import type { CsState } from '../../../protocols/tair/state.ts';
import type { Table, TableView } from '../../../protocols/tair/table.ts';
import { isAheadBySolitaryClimb, isWithinSolitaryClimb } from '../../../protocols/tair/solitary-climb.ts';
import { readyCs } from './cs-fixture.ts';
import { tairProtocol } from '../../../protocols/tair/index.ts';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';

const placed = (t: Table, first: string): Table => ({ ...t, hash: t.hash.map(() => [first, 'ds3']), dest: t.dest.map(() => [first, 'ds3']) });
const at = (t: TableView, version: number): TableView => ({ ...t, version });

/** cs0 built `content` at 20 and then bumped 30, 40 for a solitary dataserver. */
function climbing(): CsState {
  const s = readyCs('cs0', 0);
  return { ...s, table: { ...placed(s.table, 'ds1'), version: 40 }, solitaryBumps: 2, solitaryClimb: { from: 20, to: 40 } };
}

describe('tair: convergence while the versions climb for a solitary dataserver (row S28)', () => {
  it("accepts a holder at a version in the run with the master's content, and the master's own version", () => {
    const s0 = climbing();
    for (const v of [20, 30, 40]) expect(isWithinSolitaryClimb(s0, at(s0.table, v)), `version ${v}`).toBe(true);
  });

  it('rejects a holder below the run, above it, with other content, or with no table', () => {
    const s0 = climbing();
    expect(isWithinSolitaryClimb(s0, at(s0.table, 10))).toBe(false);
    expect(isWithinSolitaryClimb(s0, at(s0.table, 50))).toBe(false);
    expect(isWithinSolitaryClimb(s0, at(placed(s0.table, 'ds2'), 30))).toBe(false);
    expect(isWithinSolitaryClimb(s0, null)).toBe(false);
  });

  it("stops excusing once the master's table moved for another reason (a build after the run)", () => {
    const s0 = { ...climbing(), table: { ...placed(climbing().table, 'ds2'), version: 41 } };
    expect(isWithinSolitaryClimb(s0, at(s0.table, 40))).toBe(false);
    expect(isWithinSolitaryClimb(s0, at(s0.table, 41))).toBe(false);
    expect(isWithinSolitaryClimb({ ...climbing(), solitaryClimb: null }, at(climbing().table, 30))).toBe(false);
  });

  it("excuses a slave ahead only by its own run of bumps from the master's version, with the master's content", () => {
    const master = { ...climbing().table, version: 20 };
    const s1 = { ...climbing(), masterId: 'cs0' };
    expect(isAheadBySolitaryClimb(s1, master)).toBe(true);
    expect(isAheadBySolitaryClimb(s1, { ...master, version: 30 })).toBe(false);
    expect(isAheadBySolitaryClimb(s1, placed(master, 'ds2'))).toBe(false);
    expect(isAheadBySolitaryClimb({ ...s1, table: { ...s1.table, version: 41 } }, master)).toBe(false);
  });

  it('clean fuzz seed 1096496 passes: a restarted master bumps amid the climb and sends only after its warm-up loops', () => {
    const r = runFuzzSeed({ protocol: tairProtocol, seed: 1096496 });
    expect(r.verdict).toBe('pass');
    expect(r.anomalies['dataserver-solitary-until-touched'] ?? 0).toBeGreaterThan(0);
  });
});

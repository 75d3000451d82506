// Clean fuzz seed 1130866 (row S28): a model slip, not Tair's design. A configserver whose start-up pulls time out
// still runs correct_server_info(true) on its own table; a pushed table starts a new run of solitary bumps; and
// slave-follows-master excuses a slave ahead only by its own bumps from the master's version with its content.
import { describe, expect, it } from 'vitest';
import type { NodeId } from '../../../sim/index.ts';
import type { CsState, TairState } from '../../../protocols/tair/state.ts';
import type { Table } from '../../../protocols/tair/table.ts';
import { defaultTairOptions } from '../../../protocols/tair/options.ts';
import { onCsMessage } from '../../../protocols/tair/cs-handlers.ts';
import { finishStartup } from '../../../protocols/tair/cs-start.ts';
import { isAheadBySolitaryClimb } from '../../../protocols/tair/solitary-climb.ts';
import { slaveFollowsMaster } from '../../../protocols/tair/invariants.ts';
import type { TairView } from '../../../protocols/tair/view-helpers.ts';
import { fakeCtx, readyCs } from './cs-fixture.ts';

const o = defaultTairOptions;
/** A built table whose every bucket sits on `a` and `b` (ds3 left out unless named). */
const placed = (s: CsState, version: number, a: string, b: string): Table => ({ ...s.table, version, hash: s.table.hash.map(() => [a, b]), dest: s.table.dest.map(() => [a, b]) });

describe('tair seed 1130866: the restarted master and the slave both bump for ds3', () => {
  it('start-up with a master found marks dataservers outside its own table DOWN even when the pulls timed out', () => {
    const own = readyCs('cs0', 0);
    const s = { ...own, phase: 'syncing' as const, syncFrom: 'cs1', table: placed(own, 20, 'ds1', 'ds2') };
    const synced = finishStartup(s, true, 'cs0', fakeCtx(0, true, 'cs0'), o);
    expect(synced.ds['ds3']!.status).toBe('down');
    expect(synced.ds['ds1']!.status).toBe('alive');
    // No master found: correct_server_info(false) only marks ALIVE what is in the table; ds3 stays as it was.
    expect(finishStartup({ ...s, phase: 'starting', syncFrom: null }, false, 'cs0', fakeCtx(0, true, 'cs0'), o).ds['ds3']!.status).toBe('alive');
  });

  it("a slave's bump after taking a push starts its run at the pushed version, so the excuse matches the master", () => {
    const base = readyCs('cs1', 1_000_000);
    // cs1 ends an older run 10..20 (other content) and then takes cs0's push of 20 without ds3.
    const s1 = { ...base, table: placed(base, 20, 'ds3', 'ds1'), solitaryBumps: 1, solitaryClimb: { from: 10, to: 20 } };
    const master = placed(base, 20, 'ds1', 'ds2');
    const ctx = fakeCtx(1_000_000, true);
    const pushed = onCsMessage(s1, 'cs0', { type: 'server-table', what: 'data', isPush: true, conf: null, mtime: 1, table: master }, null, 'cs1', ctx, o, new Set());
    expect(pushed.solitaryClimb).toBeNull();
    expect(pushed.ds['ds3']!.status).toBe('down');
    const bumped = onCsMessage(pushed, 'ds3', { type: 'ds-heartbeat', configVersion: 20, transitionVersion: 0, isReady: true }, null, 'cs1', ctx, o, new Set());
    expect(bumped.table.version).toBe(30);
    expect(bumped.solitaryClimb).toEqual({ from: 20, to: 30 });
    expect(isAheadBySolitaryClimb(bumped, master)).toBe(true);
    // The shape the old chaining produced (run 10..30 over the master's 20) is not excused.
    expect(isAheadBySolitaryClimb({ ...bumped, solitaryClimb: { from: 10, to: 30 } }, master)).toBe(false);
  });
});

/** A two-configserver view whose states the test swaps between checks (the invariant keeps memory per view). */
function stubView(states: Record<string, CsState>): TairView {
  const node = (id: NodeId) => ({ id, kind: 'configserver', isUp: true, isPaused: false, incarnation: 1, state: states[id] as TairState });
  // `nodes` read afresh like `node`: the checks find cs0 and cs1 by their place in the node list (view-helpers csNode).
  return { node, get nodes() { return ['cs0', 'cs1'].map((id) => node(id as NodeId)); } } as unknown as TairView;
}

describe('tair slave-follows-master while a slave is ahead (row S28)', () => {
  const base = readyCs('cs0', 0);
  const master = placed(base, 20, 'ds1', 'ds2');
  const s0 = (loopCount: number): CsState => ({ ...base, table: master, loopCount, peerHbStreak: 5 });
  const slave = (table: Table, climb: CsState['solitaryClimb']): CsState => ({ ...readyCs('cs1', 0), table, peerHbStreak: 5, solitaryBumps: climb === null ? 0 : 1, solitaryClimb: climb });

  /** The verdict after the master has held its table for 4 loops with the given slave. */
  function verdict(s1: CsState): string | null {
    const states: Record<string, CsState> = { cs0: s0(20), cs1: s1 };
    const view = stubView(states);
    expect(slaveFollowsMaster.check(view)).toBeNull();
    states['cs0'] = s0(24);
    return slaveFollowsMaster.check(view);
  }

  it("excuses cs1 ahead only by its own bumps from the master's version, with the master's content", () => {
    expect(verdict(slave({ ...master, version: 30 }, { from: 20, to: 30 }))).toBeNull();
  });

  it('still fails a slave that diverges without that cause', () => {
    // Ahead with the master's content but no bump of its own (e.g. a build kept from a dual-master spell).
    expect(verdict(slave({ ...master, version: 30 }, null))).toMatch(/cs1 holds table 30, cs0 has held 20/);
    // A run that did not start at the master's version (seed 1130866's record before setTable ended runs).
    expect(verdict(slave({ ...master, version: 30 }, { from: 10, to: 30 }))).toMatch(/cs1 holds table 30/);
    // Its own run, but over other content.
    expect(verdict(slave(placed(base, 30, 'ds3', 'ds1'), { from: 20, to: 30 }))).toMatch(/cs1 holds table 30/);
    // Behind the master.
    expect(verdict(slave({ ...master, version: 10 }, null))).toMatch(/cs1 holds table 10/);
  });

  it('excuses a climb from the heal-build table the slave kept, and nothing else (seed 1203153)', () => {
    const kept = placed(base, 21, 'ds3', 'ds1');
    const healed = (table: Table, climb: CsState['solitaryClimb']): CsState => ({ ...slave(table, climb), healBuildVersion: 21 });
    // The heal-build table itself, then its own solitary bump from it (dual-master-heal-build, then row S28).
    expect(verdict(healed(kept, null))).toBeNull();
    expect(verdict(healed({ ...kept, version: 31 }, { from: 21, to: 31 }))).toBeNull();
    // A climb that did not start at the heal-build version, or a table the slave moved to otherwise, still fails.
    expect(verdict(healed({ ...kept, version: 31 }, { from: 25, to: 31 }))).toMatch(/cs1 holds table 31/);
    expect(verdict(healed({ ...kept, version: 31 }, null))).toMatch(/cs1 holds table 31/);
  });
});

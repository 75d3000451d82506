// The kept start-up dual master's own build (guided seeds 262, 633, 1678): cs1, master since a start-up probe found cs0
// up, builds on its own view; cs0 discards its pushes, so cs1 and a client that polled it last keep that table. A real
// Tair hazard (anomaly dual-master-at-startup-own-build); exactly that table is excused, any other difference fails.
import { describe, expect, it } from 'vitest';
import { clientsConverged, slaveSynced } from '../../../protocols/tair/liveness.ts';
import type { CsState } from '../../../protocols/tair/state.ts';
import { onBuilderTick } from '../../../protocols/tair/cs-loop.ts';
import { defaultTairOptions } from '../../../protocols/tair/options.ts';
import { fakeCtx, readyCs } from './cs-fixture.ts';
import { client, table, viewOf } from './view-fixture.ts';

describe('tair: the kept start-up dual master keeps its own build', () => {
  const cs0 = { ...readyCs('cs0', 0), table: table(10, 'ds1') };
  const own = table(11, 'ds3');
  const cs1: CsState = { ...readyCs('cs1', 0), masterId: 'cs1', isStartupDualMaster: true, table: own, startupDualBuildVersion: 11 };

  it('slave-synced and clients-converged accept exactly the table it built while the kept start-up dual master', () => {
    expect(slaveSynced.check(viewOf({ cs0, cs1 }))).toBeNull();
    expect(clientsConverged.check(viewOf({ cs0, cs1, c1: client(own) }))).toBeNull();
  });

  it('still fail once it is demoted, once its table moved on, or for a client on another table', () => {
    const demoted: CsState = { ...cs1, masterId: 'cs0', isStartupDualMaster: false };
    expect(slaveSynced.check(viewOf({ cs0, cs1: demoted }))).toMatch(/cs1 at table 11, cs0 at 10/);
    expect(slaveSynced.check(viewOf({ cs0, cs1: { ...cs1, table: table(21, 'ds3') } }))).toMatch(/cs1 at table 21/);
    expect(slaveSynced.check(viewOf({ cs0, cs1: { ...cs1, startupDualBuildVersion: 0 } }))).toMatch(/cs1 at table 11/);
    expect(clientsConverged.check(viewOf({ cs0, cs1, c1: client(table(11, 'ds1')) }))).toMatch(/c1 at table 11/);
    expect(clientsConverged.check(viewOf({ cs0, cs1: demoted, c1: client(own) }))).toMatch(/c1 at table 11/);
  });

  it('the builder records the version only for the kept start-up dual master', () => {
    const queued: CsState = { ...cs1, table: table(10, 'ds1'), startupDualBuildVersion: 0, isBuildQueued: true };
    const ctx = fakeCtx(0, true, 'cs1');
    const built = onBuilderTick(queued, 'cs1', ctx, defaultTairOptions, new Set());
    expect([built.table.version, built.startupDualBuildVersion]).toEqual([11, 11]);
    const plain = onBuilderTick({ ...queued, isStartupDualMaster: false }, 'cs1', fakeCtx(0, true, 'cs1'), defaultTairOptions, new Set());
    expect([plain.table.version, plain.startupDualBuildVersion]).toEqual([11, 0]);
  });
});

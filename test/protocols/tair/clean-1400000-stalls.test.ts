// The three clean liveness stalls of the 1,400,000 campaign, on hand-built views: a migration lost to a rollback of the
// master's table within one server version (seeds 1402512, 1402993) is excused exactly; dataservers-converged reads
// the dataserver's heartbeat versions, not its table's (seed 1401588); the same shapes without the proof still fail.
import { describe, expect, it } from 'vitest';
import { dataserversConverged, migrationsComplete } from '../../../protocols/tair/liveness.ts';
import type { DsState } from '../../../protocols/tair/state.ts';
import type { Table } from '../../../protocols/tair/table.ts';
import { readyCs } from './cs-fixture.ts';
import { viewOf } from './view-fixture.ts';

// The master after the rollback: server version 16, bucket 1 still to move (transition 14 of a lineage that reached 15).
const rolled: Table = { version: 16, clientVersion: 27, transitionVersion: 14, hash: [['ds2', 'ds1'], ['ds2']], dest: [['ds2', 'ds1'], ['ds2', 'ds1']], aliveAtBuild: ['ds1', 'ds2'], isBuildError: false, migrated: [0] };
const ds = (table: Table, maxTransitionSeen: number): DsState => ({ kind: 'dataserver', table, isSolitary: false, isConfigInited: true, cfgDown: null, data: {}, migrations: {}, finished: [], links: {}, versionRegressions: 0, adopted: { version: table.version, dest: table.dest }, maxTransitionSeen, clientVersion: table.clientVersion, transitionVersion: table.transitionVersion });

describe('tair: migration-lost-to-rolled-back-transition (seeds 1402512, 1402993)', () => {
  const cs0 = { ...readyCs('cs0', 0), table: rolled };

  it('excuses a bucket whose source held a higher transition version at the master server version', () => {
    expect(migrationsComplete.check(viewOf({ cs0, ds2: ds(rolled, 15) }))).toBeNull();
  });

  it('still fails a source that never saw a higher transition version, is still moving the bucket, or adopted another version', () => {
    expect(migrationsComplete.check(viewOf({ cs0, ds2: ds(rolled, 14) }))).toMatch(/buckets 1 still migrating/);
    const busy = { ...ds(rolled, 15), migrations: { 1: { version: 16, waiting: ['ds1'] } } };
    expect(migrationsComplete.check(viewOf({ cs0, ds2: busy }))).toMatch(/buckets 1 still migrating/);
    expect(migrationsComplete.check(viewOf({ cs0, ds2: { ...ds(rolled, 15), adopted: { version: 15, dest: rolled.dest } } }))).toMatch(/buckets 1 still migrating/);
    expect(migrationsComplete.check(viewOf({ cs0, ds2: ds({ ...rolled, transitionVersion: 13 }, 15) }))).toMatch(/buckets 1 still migrating/);
  });
});

describe('tair: a dataserver on a collided table follows the master versions (seed 1401588)', () => {
  const master: Table = { version: 11, clientVersion: 11, transitionVersion: 0, hash: [['ds1', 'ds2'], ['ds2', 'ds1']], dest: [['ds1', 'ds2'], ['ds2', 'ds1']], aliveAtBuild: ['ds1', 'ds2'], isBuildError: false, migrated: [] };
  const collided: Table = { version: 11, clientVersion: 13, transitionVersion: 11, hash: [['ds2', 'ds3'], ['ds3']], dest: [['ds2', 'ds3'], ['ds3', 'ds2']], aliveAtBuild: ['ds2', 'ds3'], isBuildError: false, migrated: [0] };
  const cs0 = { ...readyCs('cs0', 0), table: master, ds: { ds3: { status: 'alive' as const, lastTimeUs: 0, standbyVersion: 0, standbySinceUs: 0 } } };

  it("compares heartbeat_thread's versions: the master's server and transition version pass whatever the routing (a permitted collision)", () => {
    expect(dataserversConverged.check(viewOf({ cs0, ds3: { ...ds(collided, 11), clientVersion: 11, transitionVersion: 0 } }))).toBeNull();
  });

  it('still fails a dataserver whose transition version or server version is not the master one', () => {
    expect(dataserversConverged.check(viewOf({ cs0, ds3: ds(collided, 11) }))).toMatch(/ds3 at table 11\/c13\/t11 \(transition 11\)/);
    expect(dataserversConverged.check(viewOf({ cs0, ds3: { ...ds({ ...master, version: 10 }, 0) } }))).toMatch(/ds3 at table 10/);
  });
});

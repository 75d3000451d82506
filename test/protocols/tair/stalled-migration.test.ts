// Stalled migrations (issue 18, fuzz seed 101566): a migration stalled because its source dataserver holds the
// master's version with another table (a version collision) is a permitted hazard of Tair; one stalled otherwise
// still fails.
import { describe, expect, it } from 'vitest';
import { migrationsComplete } from '../../../protocols/tair/liveness.ts';
import type { DsState } from '../../../protocols/tair/state.ts';
import type { Table } from '../../../protocols/tair/table.ts';
import { readyCs } from './cs-fixture.ts';
import { viewOf } from './view-fixture.ts';

const moving: Table = { version: 14, clientVersion: 14, transitionVersion: 0, hash: [['ds2'], ['ds2']], dest: [['ds2', 'ds1'], ['ds2', 'ds3']], aliveAtBuild: ['ds1', 'ds2', 'ds3'], isBuildError: false, migrated: [] };
const ds = (table: DsState['table']): DsState => ({ kind: 'dataserver', table, isSolitary: false, isConfigInited: true, cfgDown: null, data: {}, migrations: {}, finished: [], links: {}, versionRegressions: 0, adopted: table === null ? null : { version: table.version, dest: table.dest }, maxTransitionSeen: table?.transitionVersion ?? 0, clientVersion: table?.clientVersion ?? 0, transitionVersion: table?.transitionVersion ?? 0 });

describe('tair: stalled migrations', () => {
  const cs0 = { ...readyCs('cs0', 0), table: moving };

  it('accepts a migration whose source holds the master version with a different table', () => {
    const other = { version: 14, clientVersion: 14, transitionVersion: 0, hash: [['ds2'], ['ds2']], dest: [['ds2'], ['ds2']] };
    expect(migrationsComplete.check(viewOf({ cs0, ds2: ds(other) }))).toBeNull();
  });

  it('still fails a migration whose source holds the master table and does not finish', () => {
    expect(migrationsComplete.check(viewOf({ cs0, ds2: ds(moving) }))).toMatch(/buckets 0,1 still migrating/);
    expect(migrationsComplete.check(viewOf({ cs0, ds2: ds({ ...moving, version: 13 }) }))).toMatch(/still migrating/);
  });

  it('accepts a bucket whose source adopted a colliding table at the master version and then followed by transition version only (guided seed 994)', () => {
    const collided = { version: 14, dest: [['ds2'], ['ds2']] };
    expect(migrationsComplete.check(viewOf({ cs0, ds2: { ...ds(moving), adopted: collided } }))).toBeNull();
  });

  it('still fails a source that adopted the master lineage, adopted at another version, or is still moving the bucket', () => {
    expect(migrationsComplete.check(viewOf({ cs0, ds2: { ...ds(moving), adopted: { version: 14, dest: moving.dest } } }))).toMatch(/buckets 0,1 still migrating/);
    expect(migrationsComplete.check(viewOf({ cs0, ds2: { ...ds(moving), adopted: { version: 13, dest: [['ds2'], ['ds2']] } } }))).toMatch(/buckets 0,1 still migrating/);
    const busy = { ...ds(moving), adopted: { version: 14, dest: [['ds2'], ['ds2']] }, migrations: { 1: { version: 14, waiting: ['ds3'] } } };
    expect(migrationsComplete.check(viewOf({ cs0, ds2: busy }))).toMatch(/buckets 1 still migrating/);
  });

  it('row S25: every bucket switched is complete only once check_migrate_complete reset the transition version', () => {
    const switched: Table = { ...moving, hash: moving.dest, clientVersion: 16, transitionVersion: 11 };
    expect(migrationsComplete.check(viewOf({ cs0: { ...cs0, table: switched }, ds2: ds(switched) }))).toMatch(/not completed \(transition 11\)/);
    const done: Table = { ...switched, version: 15, clientVersion: 17, transitionVersion: 0 };
    expect(migrationsComplete.check(viewOf({ cs0: { ...cs0, table: done }, ds2: ds(done) }))).toBeNull();
  });
});

// Named predicates for scenario expectations.
import type { AnomalyProbe, Probe } from '../../sim/index.ts';
import type { TairState } from './state.ts';
import { isMaster } from './state.ts';
import { CS_IDS } from './options.ts';
import { migratingBuckets, sameContent } from './table.ts';
import { isKeptStartupDualMaster } from './liveness.ts';
import { isAheadBySolitaryClimb } from './solitary-climb.ts';
import type { TairView } from './view-helpers.ts';
import { csNode, csState, dataserverViews, dsOf, masters, migrationLostToCollidedAdopt, migrationLostToRolledBackTransition, nodeOfRun, versionCollision } from './view-helpers.ts';

type P = Probe<TairState>;
const probe = (description: string, check: (view: TairView) => string | null): P => ({ description, check });
const cs = (view: TairView, i: 0 | 1) => csState(view, CS_IDS[i]);

function dsStatusIs(ds: string, status: string): P {
  return probe(`the master calls ${ds} ${status}`, (view) => {
    const m = masters(view)[0];
    const s = m === undefined ? undefined : csState(view, m);
    const st = s?.ds[ds]?.status;
    return st === status ? null : `${ds} is ${st ?? 'unknown'} at ${m ?? 'no master'}`;
  });
}

function notInMasterTable(ds: string): P {
  return probe(`the master's serving table no longer routes to ${ds}`, (view) => {
    const m = masters(view)[0];
    const s = m === undefined ? undefined : csState(view, m);
    if (s === undefined) return 'no master';
    return s.table.hash.some((c) => c.includes(ds)) ? `${ds} still serves a bucket in table ${s.table.version}` : null;
  });
}

export const tairProbes: Readonly<Record<string, P>> = {
  'dual-master': probe('both configservers believe they are master', (view) => (masters(view).length === 2 ? null : `masters: [${masters(view).join(',')}]`)),
  'startup-dual-master-kept': probe('cs1 is still the start-up dual master the seed never demotes (isStartupProbeStatusKept; anomaly dual-master-at-startup)', (view) => {
    const s = cs(view, 1);
    return s !== undefined && isKeptStartupDualMaster(s) ? null : 'cs1 is not a kept start-up dual master';
  }),
  'cs0-sole-master': probe('cs0 is master and cs1 is not', (view) => {
    const m = masters(view);
    return m.length === 1 && m[0] === CS_IDS[0] ? null : `masters: [${m.join(',')}]`;
  }),
  'cs1-master': probe('cs1 believes it is master', (view) => {
    const s = cs(view, 1);
    return s !== undefined && isMaster(s, CS_IDS[1]) ? null : 'cs1 is not master';
  }),
  'slave-synced': probe("cs1 holds cs0's table", (view) => {
    const a = cs(view, 0);
    const b = cs(view, 1);
    if (a === undefined || b === undefined) return 'a configserver is down';
    return a.table.version === b.table.version && sameContent(a.table, b.table) ? null : `cs0 ${a.table.version}, cs1 ${b.table.version}`;
  }),
  'peer-up-bump-done': probe('cs0 has bumped versions by server_up_inc_step on seeing its peer come up', (view) => {
    const a = cs(view, 0);
    return a !== undefined && a.peerUpBumps > 0 ? null : 'no peer-up bump yet';
  }),
  'master-conflict-seen': probe('cs0 discarded a table push from cs1 ("master conflict")', (view) => {
    const a = cs(view, 0);
    return a !== undefined && a.masterConflicts > 0 ? null : 'no master conflict';
  }),
  'version-collision': probe('two nodes hold the same table version with different content (anomaly version-collision)', (view) => (versionCollision(view) === null ? 'no collision' : null)),
  'no-version-collision': probe('no two nodes hold the same table version with different content', (view) => versionCollision(view)),
  'migration-in-progress': probe("the master's table has buckets to migrate", (view) => {
    const m = masters(view)[0];
    const s = m === undefined ? undefined : csState(view, m);
    return s !== undefined && migratingBuckets(s.table).length > 0 ? null : 'nothing migrating';
  }),
  'migration-complete': probe("the master's table has nothing left to migrate and has been built", (view) => {
    const m = masters(view)[0];
    const s = m === undefined ? undefined : csState(view, m);
    // Complete = check_migrate_complete ran (transition version back to 0), not only every bucket switched.
    return s !== undefined && s.table.version > 0 && migratingBuckets(s.table).length === 0 && s.table.transitionVersion === 0 ? null : 'still migrating or no master';
  }),
  ...Object.fromEntries(['ds1', 'ds2', 'ds3'].flatMap((ds) => [
    [`${ds}-solitary`, probe(`${ds} is up and solitary (told version 1)`, (view) => {
      const n = nodeOfRun(view, ds);
      return n !== undefined && dsOf(n)?.isSolitary === true ? null : `${ds} is not solitary`;
    })],
    [`${ds}-down`, dsStatusIs(ds, 'down')],
    [`${ds}-alive`, dsStatusIs(ds, 'alive')],
    [`${ds}-standby`, dsStatusIs(ds, 'standby')],
    [`${ds}-out-of-table`, notInMasterTable(ds)],
  ])),
  'group-conf-synced': probe("cs1 has reloaded cs0's edited group.conf", (view) => {
    const a = cs(view, 0);
    const b = cs(view, 1);
    if (a === undefined || b === undefined) return 'a configserver is down';
    if (a.groupFile.mtime <= 1) return 'group.conf never edited';
    return b.configVersionFromFile === a.groupFile.mtime && b.conf.dataservers.join() === a.conf.dataservers.join() ? null : `cs1 at mtime ${b.configVersionFromFile}, cs0 at ${a.groupFile.mtime}`;
  }),
  'ds-flags-cs0-down': probe('some dataserver flags cs0 down and obeys cs1', (view) =>
    dataserverViews(view).some((n) => dsOf(n)?.cfgDown === CS_IDS[0]) ? null : 'no dataserver flags cs0'),
  'hard-migrate-check-ran': probe('cs0 has run hard_check_migrate_complete (every HARD_CHECK_MIG_COMPLETE loops)', (view) => {
    const a = cs(view, 0);
    return a !== undefined && a.hardChecks > 0 ? null : 'no hard check yet';
  }),
  'forced-table-send-done': probe('cs0 has force-sent its table to the slave (pre_load_flag)', (view) => {
    const a = cs(view, 0);
    return a !== undefined && a.forcedTableSends > 0 ? null : 'no forced send';
  }),
  'slave-ahead-by-solitary-climb': probe("cs1 holds cs0's table content at a higher version its own solitary-dataserver bumps took it to (row S28)", (view) => {
    const a = cs(view, 0);
    const b = cs(view, 1);
    if (a === undefined || b === undefined) return 'a configserver is down';
    return isAheadBySolitaryClimb(b, a.table) ? null : `cs0 ${a.table.version}, cs1 ${b.table.version}`;
  }),
  'solitary-bumps-climbing': probe('cs0 has bumped its versions at least 3 times for a DOWN dataserver heartbeating (accept strategy 0)', (view) => {
    const a = cs(view, 0);
    return a !== undefined && a.solitaryBumps >= 3 ? null : `solitary bumps ${a?.solitaryBumps ?? '?'}`;
  }),
  'loop-count-wrapped': probe("cs0's loop_count has wrapped past 2^32 − 1", (view) => {
    const a = cs(view, 0);
    return a !== undefined && a.loopCount < 2 ** 31 && a.loopCount > 0 ? null : `loop_count ${a?.loopCount ?? '?'}`;
  }),
  ...Object.fromEntries(['ds1', 'ds2', 'ds3'].map((ds) => [`${ds}-in-down-servers`, probe(`cs0's group.conf settings list ${ds} as a down server (pre_load_flag)`, (view) => {
    const a = cs(view, 0);
    return a !== undefined && a.conf.downServers.includes(ds) ? null : `down servers: [${a?.conf.downServers.join(',') ?? ''}]`;
  })])),
  'cs0-up': probe('cs0 is up', (view) => (csNode(view, CS_IDS[0]).isUp ? null : 'cs0 down')),
};

/**
 * Checker-side anomalies (ProtocolModule.anomalyProbes): `version-collision` counts each time some two nodes come to
 * hold one version with different tables, whoever holds them: a dataserver or a client on the other table is a
 * collision no node can see (README "Version collisions"). Configservers that take the other table report
 * `cs-takes-colliding-table` themselves.
 */
export const tairAnomalyProbes: readonly AnomalyProbe<TairState>[] = [
  { name: 'version-collision', description: 'two nodes hold the same table version with different content', present: (view) => versionCollision(view) },
  {
    name: 'migration-lost-to-collided-adopt',
    description: "a bucket of cs0's table migrates from a source that took a colliding table at that version and follows by transition version only, so never starts it",
    present: (view) => { const s0 = cs(view, 0); return s0 === undefined ? null : migrationLostToCollidedAdopt(view, s0.table); },
  },
  {
    name: 'migration-lost-to-rolled-back-transition',
    description: "a bucket of cs0's table migrates from a source that held a higher transition version at that server version (cs0's unfsynced table rolled back) and dropped the bucket when it switched, so never moves it again",
    present: (view) => { const s0 = cs(view, 0); return s0 === undefined ? null : migrationLostToRolledBackTransition(view, s0.table); },
  },
];

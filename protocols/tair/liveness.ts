// Liveness after heal: cs0 is the one master, the slave holds its table, every dataserver and client converges,
// and migrations finish.
import type { LivenessPredicate } from '../../sim/index.ts';
import type { CsState, TairState } from './state.ts';
import { isMaster } from './state.ts';
import { CS_IDS } from './options.ts';
import type { TableView } from './table.ts';
import { migratingBuckets, sameContent } from './table.ts';
import type { TairView } from './view-helpers.ts';
import { isAheadBySolitaryClimb, isHealBuildKept, isWithinSolitaryClimb } from './solitary-climb.ts';
import { clientOf, clientViews, csState, dataserverViews, dsOf, isCollidedSource, isLostToCollidedAdopt, isLostToRolledBackTransition, versionsOf } from './view-helpers.ts';
import { tailGetReturned, tailPutReturned } from './liveness-tail.ts';

type Live = LivenessPredicate<TairState>;

const master = (view: TairView) => csState(view, CS_IDS[0]);

/**
 * The seed's permanent start-up dual master (isStartupProbeStatusKept, the default): cs1 promoted itself at start-up
 * while its boot probe said cs0 ALIVE, so no UP transition of cs0 ever comes to demote it; only cs0's set-master{1}
 * (a cs0 restart) or a DOWN-then-UP of cs0 ends it. The permitted anomaly dual-master-at-startup, not a failure.
 */
export const isKeptStartupDualMaster = (s1: CsState): boolean => isMaster(s1, CS_IDS[1]) && s1.isStartupDualMaster;

/**
 * dual-master-at-startup-own-build (a permitted anomaly, guided seeds 262, 633, 1678): the kept start-up dual master
 * cs1 holds a table it built itself on its own view of the dataservers; cs0 discards cs1's pushes and pushes its own
 * table only when that changes, so cs1 (and a client that polled it last) keeps it. Exactly that table is excused.
 */
export const isStartupDualBuildKept = (s1: CsState): boolean =>
  isKeptStartupDualMaster(s1) && s1.startupDualBuildVersion !== 0 && s1.table.version === s1.startupDualBuildVersion;

export const oneMaster: Live = {
  name: 'one-master',
  description: 'cs0 is master and cs1 is not (or cs1 is still the start-up dual master the seed never demotes: anomaly dual-master-at-startup)',
  check(view) {
    const s0 = csState(view, CS_IDS[0]);
    const s1 = csState(view, CS_IDS[1]);
    if (s0 === undefined || s1 === undefined) return 'a configserver is down';
    if (!isMaster(s0, CS_IDS[0])) return `cs0 is not master (phase ${s0.phase}, master ${s0.masterId})`;
    if (isMaster(s1, CS_IDS[1]) && !isKeptStartupDualMaster(s1)) return 'cs1 is still master';
    return null;
  },
};

export const slaveSynced: Live = {
  name: 'slave-synced',
  description: "the slave holds the master's table (version and content), or the master's content at a version its own solitary-dataserver bumps took it to (row S28); or cs1 keeps a heal-build table or, as the kept start-up dual master, one it built (anomalies dual-master-heal-build, dual-master-at-startup-own-build)",
  check(view) {
    const s0 = master(view);
    const s1 = csState(view, CS_IDS[1]);
    if (s0 === undefined || s1 === undefined) return 'a configserver is down';
    if (isHealBuildKept(s1) || isStartupDualBuildKept(s1)) return null;
    if (isAheadBySolitaryClimb(s1, s0.table)) return null;
    if (s1.table.version !== s0.table.version || !sameContent(s1.table, s0.table)) return `cs1 at table ${s1.table.version}, cs0 at ${s0.table.version}`;
    return null;
  },
};

export const dataserversConverged: Live = {
  name: 'dataservers-converged',
  description: "every dataserver the master calls ALIVE holds the master's table version, server and transition (or, while the master's versions climb for a solitary dataserver, its content at a version in that climb: row S28); DOWN ones are solitary (accept strategy 0)",
  check(view) {
    const s0 = master(view);
    if (s0 === undefined) return 'cs0 is down';
    for (const n of dataserverViews(view)) {
      const ds = dsOf(n);
      if (ds === undefined) return `${n.id} is down`;
      const status = s0.ds[n.id]?.status;
      if (status === undefined) continue;
      if (status !== 'alive') {
        if (s0.conf.acceptStrategy === 0 && status === 'down' && ds.isSolitary) continue;
        return `${n.id} is ${status} at cs0`;
      }
      if (isWithinSolitaryClimb(s0, ds.table)) continue;
      // Server and transition version: mid-migration a dataserver takes each switched bucket by the transition version.
      // The transition version is heartbeat_thread's, taken from every answer (a collided table keeps its routing but
      // follows the master's versions: seed 1401588); equal versions can name different tables (README).
      if (ds.table === null || ds.table.version !== s0.table.version || ds.transitionVersion !== s0.table.transitionVersion) return `${n.id} at table ${versionsOf(ds.table)} (transition ${ds.transitionVersion}), cs0 at ${versionsOf(s0.table)}`;
    }
    return null;
  },
};

export const clientsConverged: Live = {
  name: 'clients-converged',
  description: "every client holds a table at the master's versions, client version included (or the master's content at a version in its solitary-dataserver climb, row S28; or the slave's kept heal-build table, or the kept start-up dual master's own build: anomalies dual-master-heal-build, dual-master-at-startup-own-build)",
  check(view) {
    const s0 = master(view);
    if (s0 === undefined) return 'cs0 is down';
    const s1 = csState(view, CS_IDS[1]);
    // A client polls both configservers in turn (get-group to either), so while the slave keeps its heal-build table a
    // client that asked it last holds that table, and flips back at its next poll of cs0 (fuzz seed 512).
    const kept = s1 !== undefined && (isHealBuildKept(s1) || isStartupDualBuildKept(s1)) ? s1.table : null;
    for (const n of clientViews(view)) {
      const c = clientOf(n);
      if (c === undefined) return `${n.id} is down`;
      if (kept !== null && c.table !== null && c.table.version === kept.version && sameContent(c.table, kept)) continue;
      if (isWithinSolitaryClimb(s0, c.table)) continue;
      // A client goes by client_version: the master's is what it must hold (one lineage: the same server version too).
      if (c.table === null || c.table.version !== s0.table.version || c.table.clientVersion !== s0.table.clientVersion) return `${n.id} at table ${versionsOf(c.table)} (believes client version ${c.configVersion}), cs0 at ${versionsOf(s0.table)}`;
    }
    return null;
  },
};

export const migrationsComplete: Live = {
  name: 'migrations-complete',
  description: "the master's table has no bucket left to migrate and the migration completed (transition version 0), except buckets whose source holds the master's version with another table (permitted version collision) or computed its migrations from such a table and since followed only by transition version (anomaly migration-lost-to-collided-adopt)",
  check(view) {
    const s0 = master(view);
    if (s0 === undefined) return 'cs0 is down';
    const moving = migratingBuckets(s0.table);
    // Row S25: every bucket switched is not yet complete; check_migrate_complete resets the transition version.
    if (moving.length === 0) return s0.table.transitionVersion === 0 ? null : `every bucket switched, migration not completed (transition ${s0.table.transitionVersion})`;
    // Permitted (README "version collisions"): every stalled bucket's source dataserver holds the master's version
    // with a different table, so by Tair's '!=' rule it is never sent the table and never migrates.
    // The same collision one step on (guided seed 994): the source took the other table, then the master's routing by
    // transition version (direct_update_table), which starts no migration; only a server version change would.
    // And a rollback of the master's unfsynced table within one server version (clean seeds 1402512, 1402993): the
    // source had dropped the bucket when it switched and follows the older transition version without moving it again.
    const stalled = moving.filter((b) => {
      const src = s0.table.hash[b]![0];
      return !isCollidedSource(view, src, s0.table) && !isLostToCollidedAdopt(view, src, s0.table, b) && !isLostToRolledBackTransition(view, src, s0.table, b);
    });
    return stalled.length === 0 ? null : `buckets ${stalled.join(',')} still migrating at version ${s0.table.version}`;
  },
};

export const tairLiveness: readonly Live[] = [oneMaster, slaveSynced, migrationsComplete, dataserversConverged, clientsConverged, tailPutReturned, tailGetReturned];

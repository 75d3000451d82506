// Safety invariants checked after every event (tair.md "Invariants", sources-and-bugs.md §1.6).
import type { Invariant } from '../../sim/index.ts';
import { nodeId, perRun, perRunNodeMap } from '../../sim/index.ts';
import type { CsState, TairState } from './state.ts';
import type { Table } from './table.ts';
import { hasZeroEntry, sameContent } from './table.ts';
import { isMaster } from './state.ts';
import { CS_IDS } from './options.ts';
import { peerOf } from './cs-common.ts';
import { isAheadBySolitaryClimb, isHealBuildKept, isWithinSolitaryClimb } from './solitary-climb.ts';
import type { TairView } from './view-helpers.ts';
import { collisionWith, csNode, csState } from './view-helpers.ts';
import { perCsIncarnation } from './cs-memory.ts';
import { CONFIGSERVERS, scopedToKinds } from './kind-scope.ts';

type Inv = Invariant<TairState>;

/** T2: the master's versions only go up (inc_version); accepting cs0's table at a conflict resets the mark. */
export const masterVersionMonotone: Inv = scopedToKinds({
  name: 'master-version-monotone',
  description: 'while a configserver stays master its table version never decreases',
  scope: 'states',
  check(view) {
    for (const id of CS_IDS) {
      const s = csState(view, id);
      if (s !== undefined && isMaster(s, id) && s.table.version < s.maxVersionAsMaster) return `${id} is master at version ${s.table.version} after holding ${s.maxVersionAsMaster}`;
    }
    return null;
  },
}, CONFIGSERVERS);

/** Tables are immutable: one verdict per table object. */
const wellFormedVerdicts = new WeakMap<object, string | null>();

function tableProblem(id: string, t: Table, copyCount: number): string | null {
  const want = Math.min(copyCount, t.aliveAtBuild.length);
  for (let b = 0; b < t.hash.length; b++) {
    if (t.hash[b]!.length === 0) return `${id} table ${t.version}: bucket ${b} has no serving copy`;
    const dest = t.dest[b]!;
    if (new Set(dest).size !== dest.length) return `${id} table ${t.version}: bucket ${b} has a repeated copy [${dest.join(',')}]`;
    if (dest.length !== want) return `${id} table ${t.version}: bucket ${b} has ${dest.length} copies, want ${want}`;
    const stranger = dest.find((ds) => !t.aliveAtBuild.includes(ds));
    if (stranger !== undefined) return `${id} table ${t.version}: bucket ${b} placed on ${stranger}, not alive at build`;
  }
  return null;
}

/** T4: every bucket of a built table has copy_count distinct dataservers the builder believed ALIVE; none is left without a copy. */
export const tableWellFormed: Inv = scopedToKinds({
  name: 'table-well-formed',
  description: 'a built table gives every bucket min(copy_count, alive) distinct dataservers believed alive, and no bucket loses its last copy',
  scope: 'states',
  check(view) {
    for (const id of CS_IDS) {
      const s = csState(view, id);
      if (s === undefined || s.table.version === 0 || s.table.aliveAtBuild.length === 0) continue;
      let verdict = wellFormedVerdicts.get(s.table);
      if (verdict === undefined) {
        verdict = tableProblem(id, s.table, s.conf.copyCount);
        wellFormedVerdicts.set(s.table, verdict);
      }
      if (verdict !== null) return verdict;
    }
    return null;
  },
}, CONFIGSERVERS);

/** T1: once cs1 has had conf heartbeats from cs0 for two loops, they are not both master. */
export const singleMasterWhenConnected: Inv = scopedToKinds({
  name: 'single-master-when-connected',
  description: 'with both configservers up and heartbeats from cs0 reaching cs1 for two loops, at most one is master',
  scope: 'states',
  check(view) {
    const [a, b] = [CS_IDS[0], CS_IDS[1]];
    const s0 = csState(view, a);
    const s1 = csState(view, b);
    if (s0 === undefined || s1 === undefined || csNode(view, a).isPaused || csNode(view, b).isPaused) return null;
    if (s1.peerHbStreak < 2 || s1.isStartupDualMaster) return null;
    return isMaster(s0, a) && isMaster(s1, b) ? `both ${a} and ${b} are master although ${b} has heard ${a} for ${s1.peerHbStreak} loops` : null;
  },
}, CONFIGSERVERS);

/** Per configserver incarnation: -1 not ready (or down), 0 slave, 1 master at the last check. */
const masterFlags = perCsIncarnation((): { flag: number | undefined } => ({ flag: undefined }));

/** The failover rule needs the connect probe to fail: no configserver takes over from a peer it can reach. */
export const noFailoverWhileReachable: Inv = scopedToKinds({
  name: 'no-failover-while-reachable',
  description: 'a ready configserver becomes master in its loop only when its peer is unreachable',
  scope: 'states',
  check(view) {
    for (const id of CS_IDS) {
      const n = csNode(view, id);
      const s = csState(view, id);
      const mem = masterFlags(view, id, n.incarnation);
      const was = mem.flag;
      const now = s === undefined || s.phase !== 'ready' ? -1 : isMaster(s, id) ? 1 : 0;
      mem.flag = now;
      if (was === 0 && now === 1 && view.canConnect(nodeId(id), nodeId(peerOf(id)))) return `${id} became master while ${peerOf(id)} was reachable`;
    }
    return null;
  },
}, CONFIGSERVERS);

const STATUS_CODE = { alive: 0, standby: 1, down: 2, 'force-down': 3 } as const;

/**
 * Per configserver: the run it last judged (incarnation · 10^6 + status resets), the DS map object it last read and
 * each dataserver's status code then.
 */
interface DsStatusMemory { inc: number; ds: CsState['ds'] | null; readonly statuses: Map<string, number> }
const dsStatusMemory = perRunNodeMap<DsStatusMemory>();

/** A dataserver is declared DOWN only when the connect probe fails (or an operator forced it). */
export const noDsDownWhileReachable: Inv = scopedToKinds({
  name: 'no-ds-down-while-reachable',
  description: 'a configserver marks an ALIVE dataserver DOWN only when it cannot connect to it',
  scope: 'states',
  check(view) {
    const byCs = dsStatusMemory(view);
    for (const id of CS_IDS) {
      let mem = byCs.get(id);
      const s = csState(view, id);
      // Start-up (correct_server_info) sets statuses without probing; only the loop's transitions count.
      if (s === undefined || s.phase !== 'ready') continue;
      // A restart or a wholesale status reset (correct_server_info on a written table, a reload) starts afresh.
      const inc = csNode(view, id).incarnation * 1_000_000 + s.statusResets;
      if (mem === undefined) byCs.set(id, (mem = { inc, ds: null, statuses: new Map() }));
      else if (mem.inc !== inc) { for (const ds in s.ds) mem.statuses.delete(ds); mem.inc = inc; }
      // The same DS map object (states are copy-on-write) in the same run holds the statuses recorded from it: no step.
      else if (mem.ds === s.ds) continue;
      mem.ds = s.ds;
      const statuses = mem.statuses;
      for (const ds in s.ds) {
        const was = statuses.get(ds);
        const now = STATUS_CODE[s.ds[ds]!.status];
        statuses.set(ds, now);
        if (was === undefined) continue;
        // With isDsDownAfterTwiceDowntime (HEAD's rule) a dataserver silent for 2·server_down_time may go DOWN anyway.
        const isLongSilent = s.conf.isDsDownAfterTwiceDowntime && s.ds[ds]!.lastTimeUs < s.curTimeUs - 2 * s.conf.serverDowntimeUs;
        if (was === STATUS_CODE.alive && now === STATUS_CODE.down && !isLongSilent && view.canConnect(nodeId(id), nodeId(ds))) return `${id} marked ${ds} DOWN while it could connect to it`;
      }
    }
    return null;
  },
}, CONFIGSERVERS);

/** Loops a configserver gets to notice a crashed dataserver: server_down_time, one loop of rounding, one of warm-up. */
export const detectionLoops = (downtimeLoops: number): number => downtimeLoops + 3;

/** Per configserver, per dataserver: the loop count at which it was first seen calling that crashed dataserver ALIVE. */
interface DeadDsWatch { readonly csInc: number; readonly dsInc: number; readonly since: number }
const deadDsMemory = perRunNodeMap<Map<string, DeadDsWatch>>();

function isSomeDataserverDown(view: TairView): boolean {
  for (const n of view.nodes) if (n.kind === 'dataserver' && !n.isUp) return true;
  return false;
}

/** T6 as a safety bound: a crashed dataserver is not still ALIVE in a running configserver's view K loops later. */
export function deadDataserverDetected(downtimeLoopsOf: (view: TairView) => number): Inv {
  return scopedToKinds({
    name: 'dead-dataserver-detected',
    description: 'a configserver stops calling a crashed dataserver ALIVE within server_down_time + 3 of its loops',
    scope: 'states',
    check(view) {
      const mem = deadDsMemory(view);
      // Nothing is watched while every dataserver is up (a watch needs one down): forget every watch, as the loop would.
      if (!isSomeDataserverDown(view)) { if (mem.size > 0) mem.clear(); return null; }
      const k = detectionLoops(downtimeLoopsOf(view));
      for (const id of CS_IDS) {
        const s = csState(view, id);
        const cn = csNode(view, id);
        let watches = mem.get(id);
        for (const dsNode of view.nodes) {
          if (dsNode.kind !== 'dataserver') continue;
          const isWatch = s !== undefined && s.phase === 'ready' && !dsNode.isUp && s.ds[dsNode.id]?.status === 'alive';
          if (!isWatch) { watches?.delete(dsNode.id); continue; }
          const w = watches?.get(dsNode.id);
          // A watch is of one configserver incarnation and one dataserver incarnation (either restarting starts afresh).
          const since = w !== undefined && w.csInc === cn.incarnation && w.dsInc === dsNode.incarnation ? w.since : undefined;
          if (since === undefined) {
            if (watches === undefined) mem.set(id, (watches = new Map()));
            watches.set(dsNode.id, { csInc: cn.incarnation, dsInc: dsNode.incarnation, since: s.loopCount });
            continue;
          }
          if (s.loopCount - since > k) return `${id} still calls crashed ${dsNode.id} ALIVE after ${s.loopCount - since} loops`;
        }
      }
      return null;
    },
  }, ['configserver', 'dataserver']);
}

/**
 * tair.md 2, where the design promises it: when a master sees its peer come UP without a master change it
 * bumps by server_up_inc_step "for we can't get peer's version from protocol" — its version moves off every version
 * it held before, so a different table elsewhere at its old version can no longer be mistaken for its own.
 * What the +10 cannot promise (Tair's own comment says why: it cannot see the peer's version) is that the other
 * lineage has not already reached the bumped version: a never-built table (Tair's 1, the model's 0) bumps to 11, which
 * a partitioned peer reaches with its second build (10, 11). That is Tair's hazard `version-collision` (issue 18, fuzz
 * seeds 860606…; scenario regress-860606-peer-up-unbuilt-collision), not a failure: a clash fails only when the
 * master's version did not move past the one it held before the peer-up (the bump was skipped or undone).
 */
/** Per configserver incarnation: its peer-up bump count and table version at the last check. */
const peerUpMemory = perCsIncarnation((): { bumps: number | undefined; version: number | undefined } => ({ bumps: undefined, version: undefined }));

export const noVersionCollisionAfterPeerUp: Inv = scopedToKinds({
  name: 'no-version-collision-after-peer-up',
  description: 'right after a master handles its peer coming UP, its version has moved past the one it held before, or no node holds it with a different table',
  scope: 'states',
  check(view) {
    for (const id of CS_IDS) {
      const s = csState(view, id);
      if (s === undefined) continue;
      const mem = peerUpMemory(view, id, csNode(view, id).incarnation);
      const before = mem.bumps;
      const versionBefore = mem.version;
      mem.bumps = s.peerUpBumps;
      mem.version = s.table.version;
      if (before === undefined || versionBefore === undefined || s.peerUpBumps <= before) continue;
      // Tair numbers a never-built table 1 (the model's 0): moving from it means reaching more than 1.
      if (s.table.version > Math.max(versionBefore, 1)) continue;
      const clash = collisionWith(view, id, s.table);
      if (clash !== null) return `${id} saw its peer come UP at version ${s.table.version}, which ${clash} holds with a different table`;
    }
    return null;
  },
}, CONFIGSERVERS);
/**
 * Since which cs0 loop cs0 (in incarnation `inc`) has held its table (`table` the object last seen; any object with its
 * version and placement counts as the same): the count restarts when either changes.
 */
interface SlaveFollowsMemory { inc: number; table: Table | null; since: number }
const slaveFollowsMemory = perRun((): SlaveFollowsMemory => ({ inc: -1, table: null, since: 0 }));

/**
 * Another version or placement than `was` (null: none seen). Compared field by field, not as text: the key string
 * this check built per new table object (every solitary bump, push and build) said no more than version and buckets.
 */
const isOtherTable = (was: Table | null, t: Table): boolean =>
  was === null || (was !== t && (was.version !== t.version || !sameContent(was, t)));

/** Loops the link must have carried heartbeats, and the master's table stood still, before the slave must hold it. */
export const SLAVE_FOLLOW_LOOPS = 3;

/**
 * T3: the slave follows the master "once connected for > 1 loop after a rebuild". Pushes and conf heartbeats share
 * the master's link to the slave (FIFO), and a reopened link starts with a push, so once cs1 has heard cs0 for a few
 * loops and cs0's table has not changed for as long, cs1 holds it. A master that has never built (a bucket with no
 * server: Tair's 0 entry that forces the first build, due only once loop_count > TAIR_SERVER_DOWNTIME) has no table to
 * follow: the slave may keep one it built as a dual master until that first build is pushed (fuzz seed 700548).
 */
export const slaveFollowsMaster: Inv = scopedToKinds({
  name: 'slave-follows-master',
  description: "with heartbeats flowing both ways for 3 loops and the master's table unchanged as long, the slave holds it",
  scope: 'states',
  check(view) {
    const mem = slaveFollowsMemory(view);
    const [a, b] = [CS_IDS[0], CS_IDS[1]];
    const s0 = csState(view, a);
    const s1 = csState(view, b);
    if (s0 === undefined || s1 === undefined) return null;
    const t = s0.table;
    const inc = csNode(view, a).incarnation;
    // The same cs0 incarnation and table (the same object, or one with the same version and placement) keeps the count.
    if (mem.inc !== inc || isOtherTable(mem.table, t)) { mem.inc = inc; mem.since = s0.loopCount; }
    mem.table = t;
    const since = mem.since;
    if (!isMaster(s0, a) || isMaster(s1, b) || s1.phase !== 'ready' || csNode(view, a).isPaused || csNode(view, b).isPaused) return null;
    if (hasZeroEntry(t)) return null;
    // Tair's hazard dual-master-heal-build: cs1 keeps a table it built as master on cs0's push (anomaly reported).
    // Row S28 on top of it: the slave's own solitary-dataserver bumps from that table (both anomalies reported).
    if (isHealBuildKept(s1)) return null;
    // Row S28: the slave's own solitary-dataserver bumps over the master's content (anomaly slave-ahead-by-solitary-bump).
    if (isAheadBySolitaryClimb(s1, t)) return null;
    // ... and the master's own bumps not yet sent: check_server_status (which sends and clears the flag) only runs once
    // loop_count passes the down time, so a master restarting amid the climb holds its bump unsent (fuzz seed 1096496);
    // the slave's 3 loops start when it is sent.
    if (s0.isSendTablePending && isWithinSolitaryClimb(s0, s1.table)) { mem.since = s0.loopCount; return null; }
    // Row S25: a bucket switched (should_syn_mig_info) reaches the slave by the next check_migrate_complete's forced
    // send, which needs loop_count past the down time (a master just restarted waits those loops): 3 loops from the send.
    if (s0.shouldSynMigInfo) { mem.since = s0.loopCount; return null; }
    if (s0.loopCount - since < SLAVE_FOLLOW_LOOPS || s0.peerHbStreak < SLAVE_FOLLOW_LOOPS || s1.peerHbStreak < SLAVE_FOLLOW_LOOPS) return null;
    const isSame = s1.table.version === t.version && sameContent(s1.table, t);
    return isSame ? null : `cs1 holds table ${s1.table.version}, cs0 has held ${t.version} for ${s0.loopCount - since} loops`;
  },
}, CONFIGSERVERS);

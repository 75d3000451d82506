// The configserver's 1-second loop: conf heartbeat, group file version check, check_config_server_status,
// check_server_status; and the table builder thread's tick.
import type { BugSet, Ctx } from '../../sim/index.ts';
import type { TairMsg } from './messages.ts';
import type { TairOptions } from './options.ts';
import { CS_IDS, peerDownAfterUs, rackOf } from './options.ts';
import type { CsState } from './state.ts';
import { isMaster } from './state.ts';
import { sendTo } from './links.ts';
import { copyCs, csWith, dsInfoWithStatus, patchedCs, withEntry } from './state-copy.ts';
import { isMigrating, migratingBuckets, steppedVersion, tableWith } from './table.ts';
import { buildTable } from './builder.ts';
import { incVersion, indexOf, peerOf, pushGroupFile, pushTable, reloadGroupFile, setTable, slaveId } from './cs-common.ts';

/** loop_count is a uint32 that wraps to TAIR_SERVER_DOWNTIME + 1. */
const LOOP_COUNT_MAX = 0xffff_ffff;

export const downtimeLoops = (o: TairOptions): number => Math.round(o.serverDowntimeUs / o.loopIntervalUs);

export function onLoop(s0: CsState, self: string, ctx: Ctx<TairMsg>, o: TairOptions, bugs: BugSet): CsState {
  ctx.setTimer('loop', o.loopIntervalUs);
  // Bug tair/frozen-clock (git 65518a3): the clock_gettime inside an assert is compiled out; now never moves.
  const curTimeUs = bugs.has('tair/frozen-clock') ? s0.curTimeUs : ctx.nowUs;
  const peer = peerOf(self);
  // A heartbeat that arrived before a pause (or a clock jump) stalled this loop says nothing about now: the
  // streak counts only loops on the normal cadence (seed 90849: cs1 heard cs0, was paused 7.5 s and partitioned,
  // and its first loop after the pause rightly took over from a cs0 it had not heard for 8 s).
  const isOnCadence = ctx.nowUs - s0.lastLoopAtUs <= 2 * o.loopIntervalUs;
  // A group.conf push whose connection is open a loop later has been delivered (TCP): no resend is owed.
  const isConfPushDelivered = s0.confPushConn !== null && s0.links[peer]?.connId === s0.confPushConn && s0.links[peer]?.isOpen === true;
  // 1. Heartbeat the peer; one marked DOWN only every 30th loop (and it is echoed to dataservers meanwhile).
  const isPeerHeartbeat = s0.peer.status === 'alive' || s0.loopCount % o.downPeerHeartbeatEveryLoops === 0;
  const links = isPeerHeartbeat ? sendTo(s0.links, peer, { type: 'conf-heartbeat', loopCount: s0.loopCount }, ctx).links : s0.links;
  // The loop's bookkeeping, step 1 and 2 (loop_count++ with the uint32 wrap) as one copy: loopCount always moves, so
  // the loop always makes a new state (one fresh copy, state-copy.ts, instead of three chained ones).
  const c = copyCs(s0);
  c.curTimeUs = curTimeUs;
  c.peerHbStreak = s0.hasPeerHbSinceLoop && isOnCadence ? s0.peerHbStreak + 1 : 0;
  c.lastLoopAtUs = ctx.nowUs;
  c.hasPeerHbSinceLoop = false;
  if (isConfPushDelivered) c.confPushConn = null;
  c.downSlaveConfigServer = isPeerHeartbeat ? null : peer;
  c.links = links;
  c.loopCount = s0.loopCount >= LOOP_COUNT_MAX ? downtimeLoops(o) + 1 : s0.loopCount + 1;
  let s: CsState = c;
  // 3. group.conf's mtime moved: reload it and, as master, send it to the slave.
  if (s.groupFile.mtime > s.configVersionFromFile) {
    s = reloadGroupFile(s, ctx);
    s = patchedCs(s, { configVersionFromFile: s.groupFile.mtime });
    if (isMaster(s, self)) s = pushGroupFile(s, slaveId(s, self), ctx);
  }
  s = checkConfigServerStatus(s, self, ctx, o, bugs);
  if (s.loopCount > downtimeLoops(o)) s = checkServerStatus(s, self, ctx, o, bugs);
  return s;
}

/** The failover rule: only a status change of list[0] changes mastership; cs0 never evaluates itself. */
export function checkConfigServerStatus(s0: CsState, self: string, ctx: Ctx<TairMsg>, o: TairOptions, bugs: BugSet): CsState {
  const peer = peerOf(self);
  const threshold = s0.curTimeUs - peerDownAfterUs(o);
  // Bug tair/cs0-demotes: the index rule flipped to list[1].
  const keyIndex = bugs.has('tair/cs0-demotes') ? 1 : 0;
  let isMasterChanged = false;
  let isPeerUp = false;
  let s = s0;
  if (s.peer.lastTimeUs < threshold && s.peer.status === 'alive') {
    // Bug tair/no-connect-probe: the is_alive connect probe is skipped.
    if (!bugs.has('tair/no-connect-probe') && ctx.canConnect(peer)) return s;
    s = csWith(s, { peer: { status: 'down', lastTimeUs: s.peer.lastTimeUs } });
    if (indexOf(peer) === keyIndex) isMasterChanged = true;
    ctx.log(`CONFIG HOST DOWN: ${peer}`);
  } else if (s.peer.lastTimeUs > threshold && s.peer.status === 'down') {
    s = csWith(s, { peer: { status: 'alive', lastTimeUs: s.peer.lastTimeUs } });
    if (indexOf(peer) === keyIndex) isMasterChanged = true;
    isPeerUp = true;
    ctx.log(`CONFIG HOST UP: ${peer}`);
  }
  if (!isMasterChanged) {
    if (isPeerUp && s.masterId === self) {
      // "for we can't get peer's version from protocol, add 10 to client version and server"
      if (!bugs.has('tair/peer-up-no-version-bump')) s = incVersion(s, o.serverUpIncStep, ctx, o);
      s = csWith(s, { peerUpBumps: s.peerUpBumps + 1 });
      s = pushTable(s, slaveId(s, self), ctx);
    }
    return s;
  }
  const key = CS_IDS[keyIndex]!;
  const isKeyAlive = key !== self && s.peer.status === 'alive';
  const masterId = isKeyAlive ? key : self;
  const wasMaster = s.masterId === self;
  // A start-up dual master demoted by a status change of list[0] is one no longer: its excuse (the invariant
  // single-master-when-connected, the liveness one-master) ends with its mastership.
  s = patchedCs(s, {
    masterId, tookDefaultMasterPush: false,
    ...(masterId !== self ? { isStartupDualMaster: false } : {}),
    ...(masterId === self && !wasMaster ? { maxVersionAsMaster: s.table.version } : {}),
  });
  ctx.log(`MASTER_CONFIG changed ${masterId}`);
  if (masterId === self) s = reloadGroupFile(s, ctx);
  return s;
}

/** Dataserver liveness, then (master only) migration checks, the forced table send and the rebuild queue (a change strictly older than server_down_time: is_need_rebuild's `<`). */
export function checkServerStatus(s0: CsState, self: string, ctx: Ctx<TairMsg>, o: TairOptions, bugs: BugSet): CsState {
  const d0 = s0.conf.serverDowntimeUs;
  let isChanged = s0.isForceRebuild || (s0.changedAtUs !== null && s0.curTimeUs - s0.changedAtUs > d0);
  let s = s0;
  for (const ds of s0.conf.dataservers) {
    const info = s.ds[ds];
    if (info === undefined || info.status === 'down') continue;
    const isStale = info.lastTimeUs < s.curTimeUs - d0;
    // Bug tair/ds-down-without-probe: the connection check is dropped (flapping under lost heartbeats). The probe is
    // asked only for a stale ALIVE dataserver: canConnect changes nothing, and asking it for every dataserver every loop
    // cost an address resolve and two partition look-ups each.
    const isProbedDown = isStale && info.status === 'alive' && (bugs.has('tair/ds-down-without-probe') || !ctx.canConnect(ds));
    // HEAD's rule (option): silent for 2·server_down_time is DOWN whatever the probe says, STANDBY included.
    const isLongSilent = s.conf.isDsDownAfterTwiceDowntime && info.lastTimeUs < s.curTimeUs - 2 * d0 && (info.status === 'alive' || info.status === 'standby');
    if (isProbedDown || isLongSilent || info.status === 'force-down') {
      isChanged = true;
      ctx.log(`HOST DOWN: ${ds}`);
      // The DS map and its DsInfo as literals, not spreads (state-copy.ts: one hidden class each, as the heartbeat's).
      s = csWith(s, { ds: withEntry(s.ds, ds, dsInfoWithStatus(info, 'down')) });
      if (s.conf.preLoadFlag === 1) {
        if (!s.conf.downServers.includes(ds)) s = csWith(s, { conf: { ...s.conf, downServers: [...s.conf.downServers, ds] } });
        s = patchedCs(s, { isSendTablePending: true });
      }
    }
  }
  if (!isMaster(s, self)) {
    // Bug tair/slave-builds-tables: the "only master config server can update hashtable" return is missing.
    if (!bugs.has('tair/slave-builds-tables') || !isChanged) return s;
    return patchedCs(s, { isBuildQueued: true, isForceRebuild: false, changedAtUs: null });
  }
  const slave = slaveId(s, self);
  if (s.loopCount % o.hardCheckMigCompleteLoops === 0) s = hardCheckMigrateComplete(s, ctx);
  s = checkMigrateComplete(s, slave, ctx, o);
  if (s.isSendTablePending) {
    ctx.log(`group need send server table (to ${slave ?? 'no slave'})`);
    s = pushTable(s, slave, ctx);
    s = csWith(s, { isSendTablePending: false, forcedTableSends: s.forcedTableSends + 1 });
  }
  if (!isChanged) return s;
  return patchedCs(s, { isBuildQueued: true, isForceRebuild: false, changedAtUs: null });
}

/**
 * hard_check_migrate_complete (group_info.cpp@5cce166 L2561): when nothing migrates (m_hash == d_hash) it clears
 * migrate_machine. Here: forget finish reports for buckets that no longer migrate (the model's only such record).
 */
function hardCheckMigrateComplete(s: CsState, ctx: Ctx<TairMsg>): CsState {
  const moving = new Set(migratingBuckets(s.table));
  const kept = s.table.migrated.filter((b) => moving.has(b));
  ctx.log(`hard check migrate complete at loop ${s.loopCount}: ${moving.size} buckets migrating`);
  return csWith(s, { hardChecks: s.hardChecks + 1, ...(kept.length !== s.table.migrated.length ? { table: tableWith(s.table, { migrated: kept }) } : {}) });
}

/**
 * check_migrate_complete (group_info.cpp@5cce166 L2204-2266). Buckets still moving: when a bucket switched since the
 * last loop (should_syn_mig_info), set_force_send_table, so the slave gets the switched entries from this loop's send.
 * None left after a migration (some bucket switched: the transition version moved): client and server versions + 1,
 * transition version 0, hash := dest (already equal, bucket by bucket), and the table is sent.
 */
function checkMigrateComplete(s: CsState, slave: string | null, ctx: Ctx<TairMsg>, o: TairOptions): CsState {
  if (isMigrating(s.table)) return s.shouldSynMigInfo ? patchedCs(s, { shouldSynMigInfo: false, isSendTablePending: true }) : s;
  if (s.table.transitionVersion === 0) return s;
  ctx.log(`migration complete at version ${s.table.version}`);
  const t = s.table;
  const next = setTable(s, tableWith(t, {
    hash: t.dest, migrated: [], transitionVersion: 0,
    version: steppedVersion(t.version, 1, o.minConfigVersion), clientVersion: steppedVersion(t.clientVersion, 1, o.minConfigVersion),
  }), ctx, o);
  return pushTable(patchedCs(next, { shouldSynMigInfo: false }), slave, ctx);
}

/** table_builder_thread: build queued groups (master only), bump the version, send the table to the slave. */
export function onBuilderTick(s: CsState, self: string, ctx: Ctx<TairMsg>, o: TairOptions, bugs: BugSet): CsState {
  ctx.setTimer('builder', o.builderIntervalUs);
  const isBuilder = isMaster(s, self) || (bugs.has('tair/slave-builds-tables') && s.phase === 'ready');
  if (!s.isBuildQueued || !isBuilder) return s;
  const alive = s.conf.dataservers.filter((ds) => s.ds[ds]?.status === 'alive').sort();
  const cleared: CsState = csWith(s, { isBuildQueued: false });
  if (alive.length === 0) { ctx.log('build skipped: no ALIVE dataserver'); return cleared; }
  const built = buildTable({
    hash: s.table.hash, alive, copyCount: s.conf.copyCount, buildStrategy: s.conf.buildStrategy, rackOf: (ds) => rackOf(ds, o),
    isNoRelaxation: bugs.has('tair/builder-no-relaxation'), isIgnoringCopyCount: bugs.has('tair/builder-ignores-copy-count'),
  });
  if (built.isBuildError) ctx.log('build table: I am give up');
  const version = steppedVersion(s.table.version, 1, o.minConfigVersion);
  // A build steps client and server versions and resets the transition version ("init transition_version in cs").
  const clientVersion = steppedVersion(s.table.clientVersion, 1, o.minConfigVersion);
  const next = setTable(cleared, { version, clientVersion, transitionVersion: 0, hash: built.hash, dest: built.dest, aliveAtBuild: alive, isBuildError: built.isBuildError, migrated: [] }, ctx, o);
  ctx.log(`built table version ${version}`);
  if (!isMaster(next, self)) return next;
  // A master that took cs0's push (it has not heard cs0 yet) builds on top of it and keeps the result as slave;
  // cs0 resends only when its own table changes (fuzz seed 704025).
  if (s.tookDefaultMasterPush) ctx.anomaly('dual-master-heal-build', `${self}, master until it hears ${CS_IDS[0]}, built table ${version} on ${CS_IDS[0]}'s pushed table and will keep it as slave`);
  // The kept start-up dual master builds on its own view; cs0 discards the push (guided seeds 262, 633, 1678).
  const isStartupDual = s.isStartupDualMaster && !s.tookDefaultMasterPush;
  if (isStartupDual) ctx.anomaly('dual-master-at-startup-own-build', `${self}, the kept start-up dual master, built table ${version}; ${CS_IDS[0]} discards it and pushes only when its own table changes`);
  const marked = s.tookDefaultMasterPush ? patchedCs(next, { healBuildVersion: version }) : isStartupDual ? patchedCs(next, { startupDualBuildVersion: version }) : next;
  return pushTable(marked, slaveId(marked, self), ctx);
}

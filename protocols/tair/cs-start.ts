// Configserver start-up (server_conf_thread::run before the loop): set-master probe of the peer, sync of
// group.conf and the table from a live master, self-promotion by list order, the 0-entry table check.
import type { BugSet, Ctx, DiskContents } from '../../sim/index.ts';
import type { TairMsg } from './messages.ts';
import type { TairOptions } from './options.ts';
import { CS_IDS, peerDownAfterUs } from './options.ts';
import type { CsState } from './state.ts';
import { GROUP_FILE, readGroupFile, readTableFile } from './group-conf.ts';
import { emptyTable, hasZeroEntry } from './table.ts';
import { ensureLink, sendTo } from './links.ts';
import { correctServerInfo, freshDsInfos, peerOf, persistGroupFile, pushTable } from './cs-common.ts';
import { csWith, patchedCs } from './state-copy.ts';

/** A last_time old enough that only a real conf heartbeat makes the peer UP. */
const neverHeardUs = (ctx: Ctx<TairMsg>, o: TairOptions): number => ctx.nowUs - peerDownAfterUs(o) - 1;

export function bootConfigServer(self: string, disk: DiskContents, ctx: Ctx<TairMsg>, o: TairOptions, _bugs: BugSet): CsState {
  const groupFile = readGroupFile(disk, o);
  if (!disk.has(GROUP_FILE)) persistGroupFile(groupFile, ctx, o);
  const conf = groupFile.conf;
  const table = readTableFile(disk, conf.bucketCount) ?? emptyTable(conf.bucketCount);
  const peer = peerOf(self);
  // The peer's initial status is the TCP probe (server_info_allocator).
  const isPeerAlive = ctx.canConnect(peer);
  const s0: CsState = {
    kind: 'configserver', phase: 'starting', masterId: CS_IDS[0], peer: { status: isPeerAlive ? 'alive' : 'down', lastTimeUs: isPeerAlive ? ctx.nowUs : neverHeardUs(ctx, o) },
    loopCount: o.initialLoopCount, curTimeUs: ctx.nowUs, groupFile, configVersionFromFile: groupFile.mtime, conf, table,
    ds: freshDsInfos(conf.dataservers, ctx.nowUs), downSlaveConfigServer: null, isForceRebuild: false, changedAtUs: null,
    isBuildQueued: false, isSendTablePending: false, shouldSynMigInfo: false, syncFrom: null, syncWaiting: [], links: {}, confPushConn: null, isConfResendDue: false,
    maxVersionAsMaster: 0, hasPeerHbSinceLoop: false, peerHbStreak: 0, lastLoopAtUs: ctx.nowUs, peerUpBumps: 0, isStartupDualMaster: false, masterConflicts: 0, reloads: 0, statusResets: 0, hardChecks: 0, forcedTableSends: 0, solitaryBumps: 0, solitaryClimb: null, tookDefaultMasterPush: false, healBuildVersion: 0, startupDualBuildVersion: 0,
  };
  // tmp_master: cs0 asks the slave only if it is reachable; cs1 always asks the configured master.
  const tmpMaster = self === CS_IDS[0] ? (isPeerAlive ? peer : null) : CS_IDS[0];
  if (tmpMaster === null) return finishStartup(s0, false, self, ctx, o);
  ctx.log(`starting: asking ${tmpMaster} whether it is master`);
  // get_master_config_server: sendPacket, then wait_done(1, 1000); the wait starts at once, connecting included.
  armStartWait('set-master', ctx, o);
  return csWith(s0, { syncFrom: tmpMaster, links: ensureLink(s0.links, tmpMaster, ctx) });
}

/** What a starting configserver is waiting for: the set-master answer, then each pull in turn. */
export type StartWait = 'set-master' | 'conf' | 'data';

/** One synchronous request's wait (cwo->wait_done): the timer carries what it waits for, so a stale one is ignored. */
function armStartWait(what: StartWait, ctx: Ctx<TairMsg>, o: TairOptions): void {
  if (o.setMasterTimeoutUs > 0) ctx.setTimer('start-wait', o.setMasterTimeoutUs, what);
}

/**
 * The wait ran out (the tbnet-era 1 s, option setMasterTimeoutUs). No set-master answer is "no master": cs1 promotes
 * itself although cs0 may only be paused or slow (the start-up dual master). A pull that timed out leaves the local
 * file as it is and the next pull goes out (get_server_table only logs "error"); the answer, if it comes, is dropped.
 */
export function onStartWaitTimeout(s: CsState, what: unknown, self: string, ctx: Ctx<TairMsg>, o: TairOptions): CsState {
  if (s.phase === 'starting' && what === 'set-master') {
    ctx.log(`set-master to ${s.syncFrom ?? '?'}: no answer within ${o.setMasterTimeoutUs}us`);
    return finishStartup(s, false, self, ctx, o);
  }
  if (s.phase !== 'syncing' || s.syncWaiting[0] !== what) return s;
  ctx.log(`get-server-table ${what} from ${s.syncFrom ?? '?'}: no answer within ${o.setMasterTimeoutUs}us`);
  return pullNext(csWith(s, { syncWaiting: s.syncWaiting.slice(1) }), self, ctx, o);
}

/** load_group_file's pulls, one after the other (each a synchronous request); when none is left, start-up ends. */
export function pullNext(s: CsState, self: string, ctx: Ctx<TairMsg>, o: TairOptions): CsState {
  const what = s.syncWaiting[0];
  if (what === undefined || s.syncFrom === null) return finishStartup(s, true, self, ctx, o);
  const links = sendTo(s.links, s.syncFrom, { type: 'get-server-table', what }, ctx).links;
  armStartWait(what, ctx, o);
  return patchedCs(s, { links });
}

/** Our link to the peer we asked opened: send the synchronous set-master request. */
export function onStartLinkOpened(s: CsState, ctx: Ctx<TairMsg>): CsState {
  if (s.phase !== 'starting' || s.syncFrom === null) return s;
  const r = sendTo(s.links, s.syncFrom, { type: 'set-master', value: 1 }, ctx);
  return patchedCs(s, { links: r.links });
}

/** The answer: success means the peer is master, so pull group.conf and the table from it. */
export function onSetMasterReply(s: CsState, isSuccess: boolean, self: string, ctx: Ctx<TairMsg>, o: TairOptions): CsState {
  if (s.phase !== 'starting' || s.syncFrom === null) return s;
  if (!isSuccess) return finishStartup(s, false, self, ctx, o);
  ctx.log(`syncConfigServer: ${s.syncFrom}`);
  return pullNext(csWith(s, { phase: 'syncing', syncWaiting: ['conf', 'data'] }), self, ctx, o);
}

/** The link to the peer broke while starting or syncing. */
export function onStartLinkClosed(s: CsState, self: string, ctx: Ctx<TairMsg>, o: TairOptions): CsState {
  if (s.phase === 'starting') return finishStartup(s, false, self, ctx, o);
  if (s.phase === 'syncing') return finishStartup(s, true, self, ctx, o);
  return s;
}

/**
 * Self-promotion: master iff I am cs0, or I am cs1 and found no master. A new master forces a rebuild when
 * any bucket has a 0 entry. Then the loop and the builder start.
 */
export function finishStartup(s: CsState, hasFoundMaster: boolean, self: string, ctx: Ctx<TairMsg>, o: TairOptions): CsState {
  // load_group_file ends with correct_server_info(sync_config_server_id != 0): with a master found it runs with
  // is_sync true on whatever table load_config mapped, the pulled one or, when a pull timed out or the link broke,
  // this node's own file (server_conf_thread.cpp@5cce166 L139-143): dataservers outside its destination go DOWN.
  // (A pulled table already ran it when written; running it again changes nothing.) Without a master it is
  // correct_server_info(false), which only marks ALIVE what fresh statuses already call ALIVE. Before, the model
  // skipped it after a failed pull, so a restarted master kept a dataserver its table had dropped ALIVE and never
  // bumped for it while the slave did (fuzz seed 1130866, README).
  const synced = hasFoundMaster ? correctServerInfo(s) : s;
  const isNewMaster = self === CS_IDS[0] || (!hasFoundMaster && self === CS_IDS[1]);
  ctx.setTimer('loop', o.loopIntervalUs);
  ctx.setTimer('builder', o.builderIntervalUs);
  const isDualAtStart = isNewMaster && self === CS_IDS[1] && s.peer.status === 'alive';
  if (isDualAtStart) ctx.anomaly('dual-master-at-startup', `${self} found no master although ${peerOf(self)} answered the probe`);
  let ready: CsState = csWith(synced, { phase: 'ready', syncWaiting: [], curTimeUs: ctx.nowUs, lastLoopAtUs: ctx.nowUs });
  if (isNewMaster) {
    ready = csWith(ready, { masterId: self, maxVersionAsMaster: s.table.version });
    if (hasZeroEntry(s.table)) ready = csWith(ready, { isForceRebuild: true });
    // The seed keeps the probe's ALIVE: then no UP transition ever demotes cs1 (isStartupProbeStatusKept).
    if (isDualAtStart && o.isStartupProbeStatusKept) ready = csWith(ready, { isStartupDualMaster: true });
    else if (isDualAtStart) ready = csWith(ready, { peer: { status: 'down', lastTimeUs: neverHeardUs(ctx, o) } });
  }
  ctx.log(`ready as ${isNewMaster ? 'MASTER' : 'slave'} (table version ${s.table.version})`);
  // Like a (re)opened link, a new master resends its table (the tbnet stand-in of cs-handlers.ts onCsConn). Not
  // group.conf: Tair sends the file only when its mtime moves with the slave ALIVE (fuzz seed 300420, README).
  return isNewMaster ? pushTable(ready, peerOf(self), ctx) : ready;
}

// Configserver packet handlers: conf heartbeat, set-master, server-table get/push, dataserver heartbeat,
// migrate finish, client get-group, operator ops; and its connection events.
import type { BugSet, ConnId, Ctx, Input, ReqId, ClientOp } from '../../sim/index.ts';
import type { TairMsg } from './messages.ts';
import type { TairOptions } from './options.ts';
import { CS_IDS } from './options.ts';
import type { CsState, DsInfo } from './state.ts';
import { isMaster } from './state.ts';
import { isTransition, migratingBuckets, sameContent, sameVersions, steppedVersion, tableWith, viewOf } from './table.ts';
import type { Table } from './table.ts';
import { onClosed, onOpened } from './links.ts';
import { correctedStatuses, incVersion, peerOf, persistGroupFile, pushGroupFile, pushTable, setTable } from './cs-common.ts';
import { onSetMasterReply, onStartLinkClosed, onStartLinkOpened, pullNext } from './cs-start.ts';
import { unreachable } from '../../sim/index.ts';
import type { Draft } from './state-copy.ts';
import { copyCs, dsInfoWithStatus, withEntry, csWith, patchedCs } from './state-copy.ts';

type Msg<T extends TairMsg['type']> = Extract<TairMsg, { type: T }>;

/** The peer's last_time set to `t` (the same record when it already is). */
const heardAt = (peer: CsState['peer'], t: number): CsState['peer'] => (peer.lastTimeUs === t ? peer : { status: peer.status, lastTimeUs: t });

/**
 * An answer on the connection the request came in on (none for a request without one). A function, not a closure made
 * per message: under tsx (benches, tests) each closure creation was also an `__name` defineProperty.
 */
function reply(ctx: Ctx<TairMsg>, connId: ConnId | null, m: TairMsg): void {
  if (connId !== null) ctx.send(connId, m);
}

export function onCsMessage(s: CsState, from: string, msg: TairMsg, connId: ConnId | null, self: string, ctx: Ctx<TairMsg>, o: TairOptions, bugs: BugSet): CsState {
  switch (msg.type) {
    case 'conf-heartbeat': {
      const peer = heardAt(s.peer, s.curTimeUs);
      if (peer === s.peer && s.hasPeerHbSinceLoop) return s;
      const c = copyCs(s);
      c.peer = peer;
      c.hasPeerHbSinceLoop = true;
      return c;
    }
    case 'set-master': return onSetMaster(s, from, msg, self, connId, ctx, o);
    case 'set-master-reply': return from === s.syncFrom ? onSetMasterReply(s, msg.isSuccess, self, ctx, o) : s;
    case 'get-server-table':
      reply(ctx, connId, { type: 'server-table', what: msg.what, isPush: false, conf: msg.what === 'conf' ? s.groupFile.conf : null, mtime: s.groupFile.mtime, table: msg.what === 'data' ? s.table : null });
      return s;
    case 'server-table': return onServerTable(s, from, msg, self, ctx, o);
    case 'ds-heartbeat': return onDsHeartbeat(s, from, msg, connId, ctx, o);
    case 'mig-finish': return onMigFinish(s, from, msg, self, ctx, o);
    case 'get-group': {
      const hasTable = s.phase === 'ready' && s.table.version >= o.minConfigVersion;
      // Bug tair/version-only-reply (git 19d180f): a client asking with the current version gets no table.
      const isVersionOnly = bugs.has('tair/version-only-reply') && msg.configVersion === s.table.clientVersion;
      reply(ctx, connId, { type: 'get-group-reply', version: s.table.clientVersion, table: hasTable && !isVersionOnly ? viewOf(s.table) : null });
      return s;
    }
    case 'ds-heartbeat-reply': case 'get-group-reply': case 'kv-put': case 'kv-get': case 'kv-reply': case 'dup': case 'migrate-push': case 'migrate-ack':
      return s;
    default: return unreachable(msg);
  }
}

/**
 * do_finish_migrate + set_migrating_hashtable (group_info.cpp@5cce166 L2155-2177, L2423-2460): a report counts only at
 * the master's server version, from the bucket's source (m_hash_table[b]), for a bucket still moving. The bucket's
 * entries switch to their destination at once: client_version + 1 (clients refetch), transition_version + 1 (floor
 * min_config_version; dataservers take the table on the change), should_syn_mig_info (the slave gets it next loop).
 */
function onMigFinish(s: CsState, from: string, msg: Msg<'mig-finish'>, self: string, ctx: Ctx<TairMsg>, o: TairOptions): CsState {
  const t = s.table;
  const isAccepted = isMaster(s, self) && msg.version === t.version && migratingBuckets(t).includes(msg.bucket) && t.hash[msg.bucket]![0] === from;
  if (!isAccepted) return s;
  const hash = t.hash.map((c, b) => (b === msg.bucket ? t.dest[b]! : c));
  const clientVersion = steppedVersion(t.clientVersion, 1, o.minConfigVersion);
  const transitionVersion = steppedVersion(t.transitionVersion, 1, o.minConfigVersion);
  ctx.log(`bucket ${msg.bucket} migrated: [${t.hash[msg.bucket]!.join(',')}] -> [${t.dest[msg.bucket]!.join(',')}], client version ${clientVersion}, transition ${transitionVersion}`);
  const next = setTable(s, tableWith(t, { hash, migrated: [...t.migrated, msg.bucket], clientVersion, transitionVersion }), ctx, o);
  return patchedCs(next, { shouldSynMigInfo: true });
}

/**
 * do_set_master_packet (seed-era tbnet code; 5cce166 L1217-1245 the same): the answer is "I am master", computed
 * first. Then every receiver that is not list[0] of a value-1 request sets master_config_server_id = 0, a slave that
 * pointed at cs0 included, and bumps its versions by 1 when that id changed (inc_version(), floor 10). The sender's
 * last_time is refreshed as by a conf heartbeat. While starting, Tair has loaded no group yet (load_group_file
 * comes after the set-master and the pulls), so there is no version to bump.
 */
function onSetMaster(s: CsState, from: string, msg: Msg<'set-master'>, self: string, connId: ConnId | null, ctx: Ctx<TairMsg>, o: TairOptions): CsState {
  const isSuccess = s.masterId === self;
  reply(ctx, connId, { type: 'set-master-reply', isSuccess });
  const isStepDown = msg.value === 1 && self !== CS_IDS[0];
  let next = from === peerOf(self) ? patchedCs(s, { peer: heardAt(s.peer, s.curTimeUs) }) : s;
  if (!isStepDown || s.masterId === null) return next;
  ctx.log(`set-master{1} from ${from}: master_config_server_id ${s.masterId} -> 0${s.phase === 'ready' ? ', versions + 1' : ''}`);
  if (s.phase === 'ready') next = incVersion(next, 1, ctx, o);
  // A start-up dual master (isStartupProbeStatusKept) that steps down is one no longer: the invariant's excuse ends.
  return patchedCs(next, { masterId: null, isStartupDualMaster: false });
}

/** A pulled (start-up sync) or pushed (master → slave) group.conf or table. */
function onServerTable(s: CsState, from: string, msg: Msg<'server-table'>, self: string, ctx: Ctx<TairMsg>, o: TairOptions): CsState {
  if (!msg.isPush) {
    // Only the answer to the pull in flight counts; one that comes after its wait ran out is dropped (wait object gone).
    if (s.phase !== 'syncing' || from !== s.syncFrom || s.syncWaiting[0] !== msg.what) return s;
    const applied = applyServerTable(s, msg, ctx, o);
    return pullNext(csWith(applied, { syncWaiting: s.syncWaiting.slice(1) }), self, ctx, o);
  }
  // do_set_server_table_packet: a master takes pushes only from the default master.
  if (isMaster(s, self) && from !== CS_IDS[0]) {
    ctx.log(`master conflict: discarding ${msg.what} from ${from}`);
    ctx.anomaly('dual-master', `${self} (master) got a ${msg.what} push from ${from}, which acts as master too`);
    return csWith(s, { masterConflicts: s.masterConflicts + 1 });
  }
  if (!isMaster(s, self)) return applyServerTable(s, msg, ctx, o);
  ctx.anomaly('dual-master', `${self} (master) takes a ${msg.what} push from the default master ${from}`);
  return patchedCs(applyServerTable(s, msg, ctx, o), { tookDefaultMasterPush: true });
}

function applyServerTable(s: CsState, msg: Msg<'server-table'>, ctx: Ctx<TairMsg>, o: TairOptions): CsState {
  if (msg.what === 'conf') {
    if (msg.conf === null) return s;
    const file = { mtime: msg.mtime, conf: msg.conf };
    persistGroupFile(file, ctx, o);
    return csWith(s, { groupFile: file });
  }
  if (msg.table === null) return s;
  const table: Table = msg.table;
  if (table.version < s.table.version) ctx.anomaly('cs-version-regression', `table ${s.table.version} overwritten by ${table.version}`);
  // Two lineages (dual master, a step-down +1) reached one version with different tables; dataservers compare
  // versions only ('!='), so one holding the other table never refetches. Tair cannot see this; this node can. The
  // collision itself is the checker-side anomaly version-collision (probes.ts); this names a configserver taking it.
  if (sameVersions(table, s.table) && table.version > 0 && !sameContent(table, s.table)) ctx.anomaly('cs-takes-colliding-table', `${ctx.self} replaces its table ${table.version} with a different one at the same version`);
  // write_server_table_packet memcpys the whole header, versions included, then runs correct_server_info(true)
  // (correctServerInfo, on the one fresh copy setTable made).
  const c = setTable(s, table, ctx, o);
  const ds = correctedStatuses(table, c.ds);
  if (ds !== null) { c.ds = ds; c.statusResets = s.statusResets + 1; }
  // ... and clears need_rebuild_hash_table (group_info.cpp@5cce166 L2385): a pending stamp or force is dropped.
  c.maxVersionAsMaster = table.version;
  c.isForceRebuild = false;
  c.changedAtUs = null;
  return c;
}

/** The solitary-dataserver bump: versions + server_up_inc_step, the table due to be sent, the climb extended. */
function solitaryBump(s: CsState, o: TairOptions, ctx: Ctx<TairMsg>): Draft<CsState> {
  const climbFrom = s.solitaryClimb !== null ? s.solitaryClimb.from : s.table.version;
  const b = incVersion(s, o.serverUpIncStep, ctx, o);
  b.isSendTablePending = true;
  b.solitaryBumps = s.solitaryBumps + 1;
  b.solitaryClimb = { from: climbFrom, to: b.table.version };
  return b;
}

/** do_heartbeat_packet. */
function onDsHeartbeat(s: CsState, ds: string, msg: Msg<'ds-heartbeat'>, connId: ConnId | null, ctx: Ctx<TairMsg>, o: TairOptions): CsState {
  const info = s.ds[ds];
  if (s.phase !== 'ready' || info === undefined) return s;
  // DsInfo literals, not spreads (state-copy.ts: one hidden class instead of a megamorphic clone per heartbeat).
  let next: DsInfo = { status: info.status, lastTimeUs: s.curTimeUs, standbyVersion: info.standbyVersion, standbySinceUs: info.standbySinceUs };
  // set_force_rebuild (need_rebuild_hash_table = 1: built at the next loop, no debounce) for both status changes:
  // set_server_alive (STANDBY -> ALIVE, server_conf_thread.cpp@5cce166 L2033) and the not-ready report (L906).
  let isForce = false;
  if (info.status === 'down' && s.conf.acceptStrategy === 1) {
    next = { status: 'standby', lastTimeUs: next.lastTimeUs, standbyVersion: s.table.version, standbySinceUs: s.curTimeUs };
  } else if (info.status === 'standby') {
    const isLongEnough = s.curTimeUs - info.standbySinceUs >= o.serverStandbyTimeUs;
    if (msg.isReady && msg.configVersion >= info.standbyVersion && isLongEnough) { next = dsInfoWithStatus(next, 'alive'); isForce = true; ctx.log(`${ds} STANDBY -> ALIVE, force rebuild`); }
  } else if (info.status === 'alive' && !msg.isReady) {
    // A dataserver restarted before server_down_time whose admin configurations have not arrived (supportedAdminConfigWaitUs).
    next = { status: 'standby', lastTimeUs: next.lastTimeUs, standbyVersion: s.table.version, standbySinceUs: s.curTimeUs };
    isForce = true;
    ctx.log(`${ds} ALIVE but not ready -> STANDBY, force rebuild`);
  }
  const isSolitary = next.status === 'down' && s.conf.acceptStrategy === 0;
  // "a bad one is alive again, we do not mark it ok unless some one tould us to": it serves nothing until an
  // operator touches group.conf (counted once per episode: the dataserver does not report version 1 yet).
  if (isSolitary && msg.configVersion !== 1 && isMaster(s, ctx.self)) ctx.anomaly('dataserver-solitary-until-touched', `${ds} is alive again but stays DOWN at ${ctx.self} (accept strategy 0)`);
  const version = isSolitary ? 1 : s.table.version;
  // The table goes with the answer when the server version differs or, during a migration, the transition version.
  const isTransitionBehind = isTransition(s.table) && msg.transitionVersion !== s.table.transitionVersion;
  const hasTable = !isSolitary && (msg.configVersion !== version || isTransitionBehind) && version >= o.minConfigVersion;
  // client_version and transition_info go with every answer (server_conf_thread.cpp@5cce166 L985-991), the table only as above.
  reply(ctx, connId, { type: 'ds-heartbeat-reply', version, clientVersion: s.table.clientVersion, transitionVersion: s.table.transitionVersion, downSlaveConfigServer: s.downSlaveConfigServer, table: hasTable ? viewOf(s.table) : null });
  // The same DOWN branch (Tair fe03282, 2011; b945f3f L794-813, 5cce166 L860-871): when the group's send_server_table
  // is 0, inc_version(server_up_inc_step) and set_force_send_table(). A master's loop sends and resets the flag, so
  // while a solitary dataserver keeps heartbeating its versions climb a step per loop and the table is resent; a
  // slave's flag stays set (only the master's loop resets it), so it bumps once.
  // The run continues only while the table changed by nothing but these bumps (setTable clears it on any other change).
  const isBump = isSolitary && !s.isSendTablePending;
  // A new DS map (`next` is a new record), so always a new state: one fresh copy (state-copy.ts; the bump's own when it
  // bumps), not `patched`, whose spreads went megamorphic (the hottest configserver event: 11 % of a seed's events).
  const c = isBump ? solitaryBump(s, o, ctx) : copyCs(s);
  if (isBump && !isMaster(s, ctx.self)) ctx.anomaly('slave-ahead-by-solitary-bump', `${ctx.self} (slave) bumped to ${c.table.version} for ${ds}: ahead of the master unless it bumped too, until its next push`);
  if (isBump) ctx.log(`${ds} UP while DOWN (accept strategy 0): versions + ${o.serverUpIncStep} -> ${c.table.version}, force send table`);
  c.ds = withEntry(s.ds, ds, next);
  // Tair's one variable: the force (1) replaces a pending reload stamp.
  if (isForce) { c.isForceRebuild = true; c.changedAtUs = null; }
  return c;
}

/** Operator ops delivered to a configserver: edit (or touch) group.conf, force a dataserver down. */
export function onCsClientOp(s: CsState, reqId: ReqId, op: ClientOp, ctx: Ctx<TairMsg>, o: TairOptions): CsState {
  switch (op.type) {
    case 'edit-group-conf': {
      const list = Array.isArray(op['dataservers']) ? (op['dataservers'] as string[]).filter((x) => typeof x === 'string') : s.groupFile.conf.dataservers;
      // The file's mtime in whole seconds; an edit always moves it forward.
      const mtime = Math.max(s.groupFile.mtime + 1, Math.floor(ctx.nowUs / 1_000_000));
      const file = { mtime, conf: { ...s.groupFile.conf, dataservers: [...list], downServers: [] } };
      persistGroupFile(file, ctx, o);
      ctx.reply(reqId, { ok: true, mtime });
      return csWith(s, { groupFile: file });
    }
    case 'force-down': {
      const ds = String(op['ds']);
      const info = s.ds[ds];
      ctx.reply(reqId, { ok: info !== undefined });
      return info === undefined ? s : csWith(s, { ds: withEntry(s.ds, ds, dsInfoWithStatus(info, 'force-down')) });
    }
    default:
      ctx.reply(reqId, { ok: false });
      return s;
  }
}

export function onCsConn(s: CsState, input: Extract<Input<TairMsg>, { type: 'conn-opened' | 'conn-closed' }>, self: string, ctx: Ctx<TairMsg>, o: TairOptions): CsState {
  const peer = peerOf(self);
  if (input.type === 'conn-opened') {
    if (!input.isInitiator) return s;
    const links = onOpened(s.links, input.peer, input.connId, ctx);
    if (links === null) return s;
    let next = patchedCs(s, { links });
    if (input.peer !== peer) return next;
    if (next.phase === 'starting') return onStartLinkOpened(next, ctx);
    // Stands in for tbnet flushing the packets queued while reconnecting: a master resends its table, and group.conf
    // only when a push of it may have been lost with a broken connection. Tair sends the file to no one else: a slave
    // that was DOWN when the file changed keeps its own (fuzz seed 300420 got it from this resend while still master,
    // reloaded it and built a table it kept after demotion).
    if (isMaster(next, self)) next = pushTable(next, peer, ctx);
    if (isMaster(next, self) && next.isConfResendDue) next = pushGroupFile(next, peer, ctx);
    return next;
  }
  const owned = s.links[input.peer]?.connId === input.connId;
  const isConfPushLost = input.connId === s.confPushConn;
  const next = patchedCs(s, { links: onClosed(s.links, input.peer, input.connId), ...(isConfPushLost ? { confPushConn: null, isConfResendDue: true } : {}) });
  return owned && input.peer === s.syncFrom ? onStartLinkClosed(next, self, ctx, o) : next;
}

// Configserver helpers shared by start-up, the loop and the handlers: persistence, reload, pushes to the slave.
import type { Ctx } from '../../sim/index.ts';
import type { TairMsg } from './messages.ts';
import type { TairOptions } from './options.ts';
import { CS_IDS } from './options.ts';
import type { CsState, DsInfo } from './state.ts';
import type { GroupFile } from './group-conf.ts';
import { GROUP_FILE, TABLE_FILE } from './group-conf.ts';
import type { Table } from './table.ts';
import { steppedVersion, tableWith } from './table.ts';
import { sendTo } from './links.ts';
import type { Draft } from './state-copy.ts';
import { copyCs, csWith, dsInfoWithStatus, patchedCs } from './state-copy.ts';

export const peerOf = (self: string): string => (self === CS_IDS[0] ? CS_IDS[1] : CS_IDS[0]);
export const indexOf = (cs: string): number => (cs === CS_IDS[0] ? 0 : 1);

/** Write the server table (mmapped file; msync is MS_ASYNC in Tair, so fsync only when isTableFsynced). */
export function persistTable(table: Table, ctx: Ctx<TairMsg>, o: TairOptions): void {
  ctx.replace(TABLE_FILE, [table]);
  if (o.isTableFsynced) ctx.fsync(TABLE_FILE);
}

/** backup_and_write_file: group.conf rewritten with the given mtime. */
export function persistGroupFile(file: GroupFile, ctx: Ctx<TairMsg>, o: TairOptions): void {
  ctx.replace(GROUP_FILE, [file]);
  if (o.isTableFsynced) ctx.fsync(GROUP_FILE);
}

/**
 * Replace the table (in memory and on disk). Any replacement ends a run of solitary-dataserver bumps (row S28): the
 * bump that called this records the run again; a push, a build or another bump kind starts from the new table (a
 * run matched by version alone chained a pushed table onto an older run that ended at the same version, seed 1130866).
 */
export function setTable(s: CsState, table: Table, ctx: Ctx<TairMsg>, o: TairOptions): Draft<CsState> {
  persistTable(table, ctx, o);
  const c = copyCs(s);
  c.table = table;
  c.solitaryClimb = null;
  return c;
}

/**
 * group_info::inc_version(step) (5cce166 group_info.cpp L2581-2586, the same in the seed era): add the step, then raise
 * the result to min_config_version, so a step-down's +1 on a never-built table gives 10, never 1 ("version 1" tells a
 * dataserver to go solitary). Tair creates a server table file at version 1 (conf_server_table_manager::create); the
 * model writes 0 for it (so no heartbeat answer says "version 1" before a build) and bumps it as Tair bumps 1: +1 → 10,
 * +10 → 11 (not the 10 of the first build). The bumped table may still be unbuilt: it is served at that version with
 * no bucket placed until the master's forced rebuild (a 0 entry) replaces it.
 */
export function incVersion(s: CsState, step: number, ctx: Ctx<TairMsg>, o: TairOptions): Draft<CsState> {
  // Tair steps client_version and server_version alike (two inc_version calls); the transition version stays.
  const base = (v: number): number => (v === 0 ? 1 : v);
  const t = s.table;
  return setTable(s, tableWith(t, { version: steppedVersion(base(t.version), step, o.minConfigVersion), clientVersion: steppedVersion(base(t.clientVersion), step, o.minConfigVersion) }), ctx, o);
}

/** get_slave_server_id: the peer if it is ALIVE in my view, else none. */
export const slaveId = (s: CsState, self: string): string | null => (s.peer.status === 'alive' ? peerOf(self) : null);

/** send_server_table_packet: push the whole table to the slave (lost if the link is down). */
export function pushTable(s: CsState, to: string | null, ctx: Ctx<TairMsg>): CsState {
  if (to === null) return s;
  const r = sendTo(s.links, to, { type: 'server-table', what: 'data', isPush: true, conf: null, mtime: s.groupFile.mtime, table: s.table }, ctx);
  if (r.links === s.links) return s;
  const c = copyCs(s);
  c.links = r.links;
  return c;
}

/** send_group_file_packet: push group.conf to the slave; remember the connection it went on (see confPushConn). */
export function pushGroupFile(s: CsState, to: string | null, ctx: Ctx<TairMsg>): CsState {
  if (to === null) return s;
  const r = sendTo(s.links, to, { type: 'server-table', what: 'conf', isPush: true, conf: s.groupFile.conf, mtime: s.groupFile.mtime, table: null }, ctx);
  return patchedCs(s, { links: r.links, confPushConn: r.links[to]!.connId, isConfResendDue: false });
}

const freshInfo = (nowUs: number): DsInfo => ({ status: 'alive', lastTimeUs: nowUs, standbyVersion: 0, standbySinceUs: 0 });

/**
 * load_group_file without sync: adopt group.conf's settings; dataservers newly listed, or DOWN ones
 * (an operator touch revives them), start ALIVE with a fresh heartbeat time. Every reload stamps the rebuild
 * debounce (group_info::load_config, 5cce166 group_info.cpp L734 `need_rebuild_hash_table = now`, for every file
 * newer than the last loaded, L709, so even a touch that changes nothing is rebuilt server_down_time later); the
 * stamp overwrites a pending forced rebuild (set_force_rebuild's 1) as Tair's one variable does.
 */
export function reloadGroupFile(s: CsState, ctx: Ctx<TairMsg>): CsState {
  const conf = s.groupFile.conf;
  let isChanged = conf.dataservers.length !== s.conf.dataservers.length || conf.dataservers.some((x, i) => x !== s.conf.dataservers[i]);
  const next: Record<string, DsInfo> = {};
  for (const ds of conf.dataservers) {
    const old = s.ds[ds];
    if (old === undefined || old.status === 'down') { next[ds] = freshInfo(s.curTimeUs); isChanged = true; } else next[ds] = old;
  }
  ctx.log(`reload group.conf mtime ${s.groupFile.mtime}${isChanged ? ' (list or status changed)' : ''}, rebuild after server_down_time`);
  return csWith(s, { ds: next, conf, reloads: s.reloads + 1, statusResets: s.statusResets + 1, isForceRebuild: false, changedAtUs: s.curTimeUs });
}

/**
 * correct_server_info(is_sync) (group_info.cpp@5cce166 L511-542), run after a start-up sync and whenever a table is
 * written from a peer (write_server_table_packet L2386): when the destination table names anyone, dataservers in it
 * are ALIVE and, on a sync, the others DOWN. An empty (never built) table changes nothing.
 */
export function correctServerInfo(s: CsState): CsState {
  const ds = correctedStatuses(s.table, s.ds);
  if (ds === null) return s;
  const c = copyCs(s);
  c.ds = ds;
  c.statusResets = s.statusResets + 1;
  return c;
}

/**
 * correct_server_info's DS map: ALIVE when in `table`'s destination, else DOWN; null when the destination names no
 * one. Keys in the map's order, each DsInfo a literal (state-copy.ts: spreads of DsInfo went megamorphic).
 */
export function correctedStatuses(table: Table, ds: CsState['ds']): Record<string, DsInfo> | null {
  const dest = table.dest;
  let isAnyPlaced = false;
  for (let b = 0; b < dest.length && !isAnyPlaced; b++) isAnyPlaced = dest[b]!.length > 0;
  if (!isAnyPlaced) return null;
  const out: Record<string, DsInfo> = {};
  for (const id in ds) {
    const info = ds[id]!;
    out[id] = dsInfoWithStatus(info, isInDest(dest, id) ? 'alive' : 'down');
  }
  return out;
}

function isInDest(dest: Table['dest'], id: string): boolean {
  for (let b = 0; b < dest.length; b++) if (dest[b]!.includes(id)) return true;
  return false;
}

export function freshDsInfos(dataservers: readonly string[], nowUs: number): Record<string, DsInfo> {
  const out: Record<string, DsInfo> = {};
  for (const ds of dataservers) out[ds] = freshInfo(nowUs);
  return out;
}

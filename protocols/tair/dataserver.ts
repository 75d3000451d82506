// Dataserver: heartbeats both configservers, adopts tables by version (obeying cs1 only while cs0 is flagged
// down), serves put/get for buckets it is primary of, duplicates writes, migrates buckets and reports it.
import type { ConnId, Ctx, Input } from '../../sim/index.ts';
import type { TairMsg } from './messages.ts';
import type { TairOptions } from './options.ts';
import { CS_IDS } from './options.ts';
import type { DsState } from './state.ts';
import type { TableView } from './table.ts';
import { bucketOf, migratingBuckets } from './table.ts';
import { onClosed, onOpened, sendTo } from './links.ts';
import type { Links } from './links.ts';
import { hasKeys, unreachable, withKey, withoutKeys } from '../../sim/index.ts';
import { copyDs, dsWith, patchedDs } from './state-copy.ts';

export function bootDataserver(ctx: Ctx<TairMsg>, o: TairOptions): DsState {
  ctx.setTimer('ds-tick', o.dsHeartbeatIntervalUs);
  // supported_admin=1: the admin server's first sync of every configuration arrives this long after the start.
  const isConfigInited = o.supportedAdminConfigWaitUs === 0;
  if (!isConfigInited) ctx.setTimer('ds-admin-config', o.supportedAdminConfigWaitUs);
  return { kind: 'dataserver', table: null, isSolitary: false, isConfigInited, cfgDown: null, data: {}, migrations: {}, finished: [], links: {}, versionRegressions: 0, adopted: null, maxTransitionSeen: 0, clientVersion: 0, transitionVersion: 0 };
}

/** server_version as the heartbeat reports it: 1 while solitary, else the held table's version. */
const reportedVersion = (s: DsState): number => (s.isSolitary ? 1 : s.table?.version ?? 0);

function send(s: DsState, to: string, msg: TairMsg, ctx: Ctx<TairMsg>): DsState {
  const r = sendTo(s.links, to, msg, ctx);
  if (r.links === s.links) return s;
  const c = copyDs(s);
  c.links = r.links;
  return c;
}

/** Every second: heartbeat both configservers; retry migration pushes and finish reports. */
function onTick(s0: DsState, ctx: Ctx<TairMsg>, o: TairOptions): DsState {
  ctx.setTimer('ds-tick', o.dsHeartbeatIntervalUs);
  let s = s0;
  // heartbeat_thread: config_version is server_version, which "version 1" set to 1 (so the next answer carries the
  // table again); is_server_ready is if_all_configuration_inited() with supported_admin=1, else always true.
  const hb: TairMsg = { type: 'ds-heartbeat', configVersion: reportedVersion(s), transitionVersion: s.transitionVersion, isReady: s.isConfigInited };
  for (const cs of CS_IDS) s = send(s, cs, hb, ctx);
  s = pushMigrations(s, ctx);
  return reportFinished(s, ctx);
}

function pushMigrations(s0: DsState, ctx: Ctx<TairMsg>): DsState {
  // Mostly nothing migrates: no key list, number list and sort per heartbeat tick then.
  if (!hasKeys(s0.migrations)) return s0;
  let s = s0;
  for (const b of Object.keys(s0.migrations).map(Number).sort((x, y) => x - y)) {
    const m = s0.migrations[b]!;
    const entries = Object.keys(s0.data).sort().filter((k) => bucketOf(k, s0.table?.hash.length ?? 1) === b).map((k) => [k, s0.data[k]!] as const);
    for (const to of m.waiting) s = send(s, to, { type: 'migrate-push', bucket: b, version: m.version, entries }, ctx);
  }
  return s;
}

function reportFinished(s0: DsState, ctx: Ctx<TairMsg>): DsState {
  let s = s0;
  const version = s0.table?.version ?? 0;
  for (const b of s0.finished) for (const cs of CS_IDS) s = send(s, cs, { type: 'mig-finish', bucket: b, version }, ctx);
  return s;
}

/** A new table: migrations this dataserver sources start over for the new version. */
function adopt(s: DsState, table: TableView, self: string, ctx: Ctx<TairMsg>): DsState {
  const old = s.table?.version ?? 0;
  if (table.version < old) ctx.anomaly('ds-version-regression', `${self} went from table ${old} to ${table.version}`);
  const migrations: Record<number, { version: number; waiting: string[] }> = {};
  const finished: number[] = [];
  for (const b of migratingBuckets(table)) {
    if (table.hash[b]![0] !== self) continue;
    const targets = table.dest[b]!.filter((ds) => !table.hash[b]!.includes(ds));
    if (targets.length === 0) finished.push(b);
    else migrations[b] = { version: table.version, waiting: targets };
  }
  const next: DsState = dsWith(s, { table, isSolitary: false, migrations, finished, adopted: { version: table.version, dest: table.dest }, maxTransitionSeen: table.transitionVersion, transitionVersion: table.transitionVersion, versionRegressions: table.version < old ? s.versionRegressions + 1 : s.versionRegressions });
  return reportFinished(pushMigrations(next, ctx), ctx);
}

function onHeartbeatReply(s: DsState, from: string, msg: Extract<TairMsg, { type: 'ds-heartbeat-reply' }>, self: string, ctx: Ctx<TairMsg>, o: TairOptions): DsState {
  // The first non-zero down_slave_config_server flags that configserver; any 0 clears every flag.
  const cfgDown = msg.downSlaveConfigServer === null ? null : s.cfgDown ?? msg.downSlaveConfigServer;
  // Fresh copies (state-copy.ts) rather than spreads: a dataserver answers every heartbeat.
  let flagged = s;
  if (cfgDown !== s.cfgDown) { const c = copyDs(s); c.cfgDown = cfgDown; flagged = c; }
  // A response from cs1 counts only while cs0 is flagged down.
  const isNeedSet = from === CS_IDS[0] || cfgDown === CS_IDS[0];
  if (!isNeedSet) return flagged;
  // client_version follows every answer that counts, before anything else (heartbeat_thread.cpp@5cce166 L185-188).
  let cv = flagged;
  if (msg.clientVersion > 0 && msg.clientVersion !== flagged.clientVersion) { const c = copyDs(flagged); c.clientVersion = msg.clientVersion; cv = c; }
  if (msg.version === 1) {
    if (cv.isSolitary) return cv;
    const c = copyDs(cv);
    c.isSolitary = true;
    return c;
  }
  const mine = reportedVersion(cv);
  if (msg.version < o.minConfigVersion) return cv;
  if (msg.version !== mine) return msg.table === null ? cv : adopt(cv, msg.table, self, ctx);
  if (msg.transitionVersion === cv.transitionVersion) return cv;
  // Another transition version at my server version: the routing with it when the table came (direct_update_table);
  // without one Tair takes the transition version and logs "serverTable is NULL" (L253-266).
  if (msg.table !== null && cv.table !== null) return directUpdate(cv, msg.table, ctx);
  const c = copyDs(cv);
  c.transitionVersion = msg.transitionVersion;
  return c;
}

/**
 * The same server version at another transition version (heartbeat_thread.cpp@5cce166 L253-262, direct_update_table):
 * the routing is replaced (switched buckets point at their new copies), migrations of buckets still moving go on, and
 * a bucket that switched is no longer sourced or reported here. Tair's full updater sets the transition version to 0
 * and takes the current one at the next answer; the model takes it with the table (the same content, a beat earlier).
 */
function directUpdate(s: DsState, table: TableView, ctx: Ctx<TairMsg>): DsState {
  const moving = new Set(migratingBuckets(table));
  const kept = Object.keys(s.migrations).map(Number).filter((b) => moving.has(b));
  const migrations: Record<number, DsState['migrations'][number]> = {};
  for (const b of kept) migrations[b] = s.migrations[b]!;
  const finished = s.finished.filter((b) => moving.has(b));
  ctx.log(`transition version ${s.table?.transitionVersion ?? 0} -> ${table.transitionVersion} at server version ${table.version}`);
  return dsWith(s, { table, migrations, finished, transitionVersion: table.transitionVersion, maxTransitionSeen: Math.max(s.maxTransitionSeen, table.transitionVersion) });
}

/** Serve put/get only as the bucket's primary in my table; duplicate writes to the other copies. */
function onKv(s: DsState, msg: Extract<TairMsg, { type: 'kv-put' | 'kv-get' }>, connId: ConnId | null, self: string, ctx: Ctx<TairMsg>): DsState {
  // The answer carries the client version this dataserver learnt from the configserver (client_version).
  const version = s.clientVersion;
  const t = s.table;
  const b = t === null ? -1 : bucketOf(msg.key, t.hash.length);
  if (s.isSolitary || t === null || t.hash[b]![0] !== self) { kvReply(ctx, connId, msg.req, false, null, version); return s; }
  if (msg.type === 'kv-get') { kvReply(ctx, connId, msg.req, true, s.data[msg.key] ?? null, version); return s; }
  let next = withData(s, withKey(s.data, msg.key, msg.value));
  const copies = otherCopies(t.hash[b]!, t.dest[b]!, self);
  for (const ds of copies) next = send(next, ds, { type: 'dup', bucket: b, key: msg.key, value: msg.value }, ctx);
  kvReply(ctx, connId, msg.req, true, null, version);
  return next;
}

/** `s` with `data` (the same state when it is the same record): one fresh copy (state-copy.ts; dup and kv-put are a tenth of a seed's events). */
function withData(s: DsState, data: DsState['data']): DsState {
  if (data === s.data) return s;
  const c = copyDs(s);
  c.data = data;
  return c;
}

/** The bucket's copies (serving and destination) other than `self`, each once, sorted: where a write is duplicated. */
function otherCopies(hash: readonly string[], dest: readonly string[], self: string): string[] {
  const out: string[] = [];
  for (const ds of hash) if (ds !== self && !out.includes(ds)) out.push(ds);
  for (const ds of dest) if (ds !== self && !out.includes(ds)) out.push(ds);
  return out.sort();
}

/** A kv answer on the request's connection. A function, not a closure per request (under tsx also an `__name` call). */
function kvReply(ctx: Ctx<TairMsg>, connId: ConnId | null, req: number, isOk: boolean, value: string | null, version: number): void {
  if (connId !== null) ctx.send(connId, { type: 'kv-reply', req, isOk, value, version });
}

export function handleDataserver(s: DsState, input: Input<TairMsg>, self: string, ctx: Ctx<TairMsg>, o: TairOptions): DsState {
  switch (input.type) {
    case 'timer':
      if (input.name === 'ds-tick') return onTick(s, ctx, o);
      return input.name === 'ds-admin-config' && !s.isConfigInited ? dsWith(s, { isConfigInited: true }) : s;
    case 'conn-opened': {
      if (!input.isInitiator) return s;
      const links = onOpened(s.links, input.peer, input.connId, ctx);
      return links === null ? s : patchedDs(s, { links });
    }
    case 'conn-closed': {
      const links = onClosed(s.links, input.peer, input.connId);
      return links === s.links ? s : dsWith(s, { links });
    }
    case 'message': return onDsMessage(s, input.from, input.msg, input.connId, self, ctx, o);
    case 'client': ctx.reply(input.reqId, { ok: false }); return s;
    case 'disk-done': return s;
    default: return unreachable(input);
  }
}

function onDsMessage(s: DsState, from: string, msg: TairMsg, connId: ConnId | null, self: string, ctx: Ctx<TairMsg>, o: TairOptions): DsState {
  switch (msg.type) {
    case 'ds-heartbeat-reply': return onHeartbeatReply(s, from, msg, self, ctx, o);
    case 'kv-put': case 'kv-get': return onKv(s, msg, connId, self, ctx);
    case 'dup': return withData(s, withKey(s.data, msg.key, msg.value));
    case 'migrate-push': {
      if (connId !== null) ctx.send(connId, { type: 'migrate-ack', bucket: msg.bucket, version: msg.version });
      return withData(s, addMissing(s.data, msg.entries));
    }
    case 'migrate-ack': {
      const m = s.migrations[msg.bucket];
      if (m === undefined || m.version !== msg.version || !m.waiting.includes(from)) return s;
      const waiting = m.waiting.filter((x) => x !== from);
      if (waiting.length > 0) return dsWith(s, { migrations: { ...s.migrations, [msg.bucket]: { version: m.version, waiting } } });
      const next: DsState = dsWith(s, { migrations: withoutKeys(s.migrations, [msg.bucket]), finished: [...s.finished, msg.bucket] });
      let out = next;
      for (const cs of CS_IDS) out = send(out, cs, { type: 'mig-finish', bucket: msg.bucket, version: m.version }, ctx);
      return out;
    }
    case 'conf-heartbeat': case 'set-master': case 'set-master-reply': case 'get-server-table': case 'server-table': case 'ds-heartbeat':
    case 'mig-finish': case 'get-group': case 'get-group-reply': case 'kv-reply':
      return s;
    default: return unreachable(msg);
  }
}

/** Migrated entries fill only keys this dataserver does not hold yet (the same record when none is new). */
function addMissing(data: DsState['data'], entries: readonly (readonly [string, string])[]): DsState['data'] {
  let out: Record<string, string> | null = null;
  for (const [k, v] of entries) {
    if ((out ?? data)[k] !== undefined) continue;
    out ??= { ...data };
    out[k] = v;
  }
  return out ?? data;
}

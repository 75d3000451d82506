// Client: fetches the table from the configservers (round robin), routes put/get to the bucket's primary,
// learns newer versions from dataserver replies (dropping its stale table, as the Java client) and refetches.
import type { Ctx, Input } from '../../sim/index.ts';
import type { TairMsg } from './messages.ts';
import type { TairOptions } from './options.ts';
import { CS_IDS, dsIdList } from './options.ts';
import type { ClientState, PendingKv } from './state.ts';
import { clientWith, copyClient, patchedClient } from './state-copy.ts';
import { bucketOf } from './table.ts';
import { ensureLink, onClosed, onOpened, sendTo } from './links.ts';
import type { Links } from './links.ts';
import { unreachable } from '../../sim/index.ts';

/** Where request `req` is in `pending` (ascending by req; a handful of entries), or -1. */
function pendingIndex(pending: ClientState['pending'], req: number): number {
  for (let i = 0; i < pending.length; i++) if (pending[i]!.req === req) return i;
  return -1;
}

/** `pending` without its entry at `at` (a new list). */
function withoutAt(pending: ClientState['pending'], at: number): ClientState['pending'] {
  const out: PendingKv[] = [];
  for (let i = 0; i < pending.length; i++) if (i !== at) out.push(pending[i]!);
  return out;
}

export function bootClient(ctx: Ctx<TairMsg>, o: TairOptions): ClientState {
  ctx.setTimer('client-tick', o.clientPollIntervalUs);
  const s: ClientState = { kind: 'client', table: null, configVersion: 0, newConfigVersion: 0, csIndex: 0, pending: [], nextReq: 1, lastRefreshUs: ctx.nowUs, links: {} };
  return poll(dialDataservers(s, ctx, o), ctx);
}

/** Keep a connection to every dataserver so that requests rarely find the link down. */
function dialDataservers(s: ClientState, ctx: Ctx<TairMsg>, o: TairOptions): ClientState {
  let links = s.links;
  for (const ds of dsIdList(o)) links = ensureLink(links, ds, ctx);
  if (links === s.links) return s;
  const c = copyClient(s);
  c.links = links;
  return c;
}

/** Ask the next configserver for the table, sending the version the client wants. */
function poll(s: ClientState, ctx: Ctx<TairMsg>): ClientState {
  const cs = CS_IDS[s.csIndex % CS_IDS.length]!;
  const r = sendTo(s.links, cs, { type: 'get-group', configVersion: s.newConfigVersion }, ctx);
  // csIndex always moves: always a new state (one fresh copy, state-copy.ts).
  const c = copyClient(s);
  c.links = r.links;
  c.csIndex = (s.csIndex + 1) % CS_IDS.length;
  c.lastRefreshUs = ctx.nowUs;
  return c;
}

function onTick(s: ClientState, ctx: Ctx<TairMsg>, o: TairOptions): ClientState {
  ctx.setTimer('client-tick', o.clientPollIntervalUs);
  s = dialDataservers(s, ctx, o);
  const isStale = s.table === null || s.configVersion !== s.newConfigVersion;
  const isIdleRefreshDue = ctx.nowUs - s.lastRefreshUs >= o.clientIdleRefreshUs;
  return isStale || isIdleRefreshDue ? poll(s, ctx) : s;
}

function onMessage(s: ClientState, from: string, msg: TairMsg, ctx: Ctx<TairMsg>): ClientState {
  switch (msg.type) {
    case 'get-group-reply': {
      if (msg.table === null) {
        // Version only (no table): the client now believes it holds that version.
        return patchedClient(s, { configVersion: msg.version, newConfigVersion: msg.version });
      }
      const table = msg.table;
      // Clients go by client_version, which also steps per switched bucket of a migration.
      if (s.table !== null && table.clientVersion < s.table.clientVersion) ctx.anomaly('client-version-regression', `${ctx.self} went from ${s.table.clientVersion} to ${table.clientVersion}`);
      // A table answer is a new table object (viewOf), so a new state (one fresh copy, state-copy.ts); the same answer
      // delivered again changes nothing.
      if (table === s.table && s.configVersion === table.clientVersion && s.newConfigVersion === table.clientVersion) return s;
      const c = copyClient(s);
      c.table = table;
      c.configVersion = table.clientVersion;
      c.newConfigVersion = table.clientVersion;
      return c;
    }
    case 'kv-reply': {
      const at = pendingIndex(s.pending, msg.req);
      if (at < 0) return s;
      const p = s.pending[at]!;
      ctx.reply(p.reqId, msg.isOk ? { ok: true, value: msg.value } : { ok: false });
      // `pending` loses a request it holds: always a new state (one fresh copy, state-copy.ts).
      const c = copyClient(s);
      c.pending = withoutAt(s.pending, at);
      if (msg.version === s.configVersion || msg.version === 0) return c;
      c.newConfigVersion = msg.version;
      if (msg.version > s.configVersion) c.table = null;
      return c;
    }
    case 'conf-heartbeat': case 'set-master': case 'set-master-reply': case 'get-server-table': case 'server-table': case 'ds-heartbeat':
    case 'ds-heartbeat-reply': case 'mig-finish': case 'get-group': case 'kv-put': case 'kv-get': case 'dup': case 'migrate-push': case 'migrate-ack':
      void from;
      return s;
    default: return unreachable(msg);
  }
}

export function handleClient(s: ClientState, input: Input<TairMsg>, ctx: Ctx<TairMsg>, o: TairOptions): ClientState {
  switch (input.type) {
    case 'timer': return input.name === 'client-tick' ? onTick(s, ctx, o) : s;
    case 'message': return onMessage(s, input.from, input.msg, ctx);
    case 'client': {
      const op = input.op;
      const key = String(op['key']);
      if (op.type !== 'put' && op.type !== 'get') { ctx.reply(input.reqId, { ok: false }); return s; }
      const primary = s.table?.hash[bucketOf(key, s.table.hash.length)]?.[0];
      if (primary === undefined) { ctx.reply(input.reqId, { ok: false }); return s; }
      const req = s.nextReq;
      const msg: TairMsg = op.type === 'put' ? { type: 'kv-put', req, key, value: String(op['value']) } : { type: 'kv-get', req, key };
      const r = sendTo(s.links, primary, msg, ctx);
      if (!r.isSent) ctx.reply(input.reqId, { ok: false });
      const c = copyClient(s);
      c.links = r.links;
      c.nextReq = req + 1;
      if (r.isSent) c.pending = [...s.pending, { req, reqId: input.reqId, ds: primary }];
      return c;
    }
    case 'conn-opened': {
      if (!input.isInitiator) return s;
      const links = onOpened(s.links, input.peer, input.connId, ctx);
      return links === null ? s : patchedClient(s, { links });
    }
    case 'conn-closed': {
      const links = onClosed(s.links, input.peer, input.connId);
      if (links === s.links) return s;
      // Requests in flight on the broken link fail (they may or may not have been applied).
      const lost = s.pending.filter((p) => p.ds === input.peer);
      for (const p of lost) ctx.reply(p.reqId, { ok: false });
      return clientWith(s, { links, pending: lost.length === 0 ? s.pending : s.pending.filter((p) => p.ds !== input.peer) });
    }
    case 'disk-done': return s;
    default: return unreachable(input);
  }
}

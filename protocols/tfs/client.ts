// Clients: take the workload's operations and send them to the VIP over one connection, redialled when it breaks.
import type { BugSet, ClientOp, Ctx, Input } from '../../sim/index.ts';
import { unreachable } from '../../sim/index.ts';
import { emptyBlocks } from './block-map.ts';
import { patchedClient } from './state-patch.ts';
import type { ClientOpBody, TfsMsg } from './messages.ts';
import { isIntact, seal } from './messages.ts';
import type { ClientState } from './state.ts';
import { VIP } from './state.ts';
import type { TfsOptions } from './options.ts';

export function bootClient(ctx: Ctx<TfsMsg>): ClientState {
  return { kind: 'client', conn: ctx.connect(VIP), isConnOpen: false, reqSeq: 0, pending: emptyBlocks(), writes: emptyBlocks(), lastBlockId: null, writing: emptyBlocks() };
}

/** The workload's operation as a request; create-block-by-id names an id just past the last one this client saw. */
function toRequest(op: ClientOp, lastBlockId: number | null): ClientOpBody | null {
  switch (op.type) {
    case 'create-block': return { type: 'create-block' };
    case 'read-block': return { type: 'read-block', nth: Number(op['nth'] ?? 0) };
    case 'write-file': return { type: 'write-file' };
    case 'create-block-by-id': return lastBlockId === null ? null : { type: 'create-block-by-id', blockId: lastBlockId + Number(op['offset'] ?? 1) };
    // The admin tool names the block: the last one this client was given, plus an optional offset.
    case 'delete-block': return lastBlockId === null ? null : { type: 'delete-block', blockId: lastBlockId + Number(op['offset'] ?? 0) };
    // offset may be negative: the id of a block the client was given before.
    default: return null;
  }
}

export function handleClient(s: ClientState, input: Input<TfsMsg>, ctx: Ctx<TfsMsg>, opts: TfsOptions, _bugs: BugSet): ClientState {
  switch (input.type) {
    case 'client': {
      if (s.conn === null || !s.isConnOpen) { ctx.reply(input.reqId, { ok: false, error: 'no connection to the VIP' }); return s; }
      const op = toRequest(input.op, s.lastBlockId);
      if (op === null) { ctx.reply(input.reqId, { ok: false, error: 'no block id seen yet' }); return s; }
      const id = s.reqSeq + 1;
      ctx.send(s.conn, seal({ type: 'client-req', id, op }));
      return patchedClient(s, { reqSeq: id, pending: s.pending.with(id, input.reqId), writes: op.type === 'write-file' ? s.writes.with(id, true) : s.writes });
    }
    case 'message': {
      const m = input.msg;
      if (!isIntact(m)) return s;
      if (m.type === 'ds-write-reply') {
        const reqId = s.writing.get(m.id);
        if (reqId === undefined) return s;
        ctx.reply(reqId, m.isOk ? { ok: true } : { ok: false, error: m.error ?? 'write failed' });
        return patchedClient(s, { writing: s.writing.without([m.id]) });
      }
      if (m.type !== 'client-resp') return s;
      const reqId = s.pending.get(m.id);
      if (reqId === undefined) return s;
      if (s.writes.get(m.id) === true && m.result.ok) {
        // The master named the block and its lease holder: the data goes to that dataserver.
        ctx.sendDatagram(m.result.servers![0]!, seal({ type: 'ds-write', id: m.id, blockId: m.result.blockId }));
        return patchedClient(s, { pending: s.pending.without([m.id]), writes: s.writes.without([m.id]), writing: s.writing.with(m.id, reqId) });
      }
      ctx.reply(reqId, m.result);
      const isNewer = m.result.ok && (s.lastBlockId === null || m.result.blockId > s.lastBlockId);
      return patchedClient(s, { pending: s.pending.without([m.id]), writes: s.writes.without([m.id]), lastBlockId: isNewer && m.result.ok ? m.result.blockId : s.lastBlockId });
    }
    case 'conn-opened':
      return input.connId === s.conn ? patchedClient(s, { isConnOpen: true }) : s;
    case 'conn-closed':
      if (input.connId !== s.conn) return s;
      // Outstanding requests stay unanswered: their outcome is unknown to the client.
      ctx.setTimer('reconnect', opts.reconnectDelayUs);
      return patchedClient(s, { conn: null, isConnOpen: false, pending: emptyBlocks(), writes: emptyBlocks() });
    case 'timer':
      return input.name === 'reconnect' ? patchedClient(s, { conn: ctx.connect(VIP), isConnOpen: false }) : s;
    case 'disk-done': return s;
    default: return unreachable(input);
  }
}

// Dataservers: heartbeat + block report to the VIP, create blocks the master allocates, keep them on disk.
import { produce } from 'immer';
import type { BugSet, Ctx, DiskContents, Input } from '../../sim/index.ts';
import { isRecordIntact, unreachable } from '../../sim/index.ts';
import type { TfsMsg } from './messages.ts';
import { isIntact, seal } from './messages.ts';
import type { DsState } from './state.ts';
import { VIP } from './state.ts';
import type { TfsOptions } from './options.ts';

const BLOCKS_FILE = 'blocks';

export function bootDs(disk: DiskContents, ctx: Ctx<TfsMsg>, opts: TfsOptions): DsState {
  const blocks: Record<string, string> = {};
  for (const r of disk.get(BLOCKS_FILE) ?? []) {
    if (!isRecordIntact(r)) continue;
    const b = r.data as { blockId: number; tag: string };
    blocks[String(b.blockId)] = b.tag;
  }
  ctx.setTimer('ds-heartbeat', opts.dsHeartbeatIntervalUs);
  return { kind: 'ds', conn: ctx.connect(VIP), isConnOpen: false, blocks, collisions: [], isReportDue: false };
}

export function handleDs(s: DsState, input: Input<TfsMsg>, ctx: Ctx<TfsMsg>, opts: TfsOptions, _bugs: BugSet): DsState {
  switch (input.type) {
    case 'timer':
      if (input.name === 'reconnect') return produce(s, (d) => { d.conn = ctx.connect(VIP); d.isConnOpen = false; });
      ctx.setTimer('ds-heartbeat', opts.dsHeartbeatIntervalUs);
      if (s.conn === null || !s.isConnOpen) return s;
      ctx.send(s.conn, seal({ type: 'ds-heartbeat' }));
      if (!s.isReportDue) return s;
      ctx.send(s.conn, seal({ type: 'block-report', blocks: Object.keys(s.blocks).map(Number).sort((a, b) => a - b) }));
      return produce(s, (d) => { d.isReportDue = false; });
    case 'conn-opened':
      return input.connId === s.conn ? produce(s, (d) => { d.isConnOpen = true; }) : s;
    case 'conn-closed':
      if (input.connId !== s.conn) return s;
      ctx.setTimer('reconnect', opts.reconnectDelayUs);
      return produce(s, (d) => { d.conn = null; d.isConnOpen = false; d.isReportDue = false; });
    case 'message': {
      const m = input.msg;
      if (!isIntact(m)) return s;
      if (m.type === 'ds-heartbeat-reply') return m.isReportWanted && !s.isReportDue ? produce(s, (d) => { d.isReportDue = true; }) : s;
      if (m.type !== 'new-block') return s;
      const old = s.blocks[String(m.blockId)];
      if (old === m.tag) return s;
      if (old !== undefined) {
        // EXIT_BLOCK_EXIST: the id was already handed out by another allocation.
        return produce(s, (d) => { d.collisions.push(`block ${m.blockId}: held as ${old}, allocated again as ${m.tag}`); });
      }
      ctx.append(BLOCKS_FILE, { blockId: m.blockId, tag: m.tag });
      return produce(s, (d) => { d.blocks[String(m.blockId)] = m.tag; });
    }
    case 'disk-done': return s;
    case 'client': ctx.reply(input.reqId, { ok: false, error: 'not a client node' }); return s;
    default: return unreachable(input);
  }
}

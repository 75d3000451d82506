// The heart agent (Linux-HA Heartbeat stand-in): pings both NS, moves the VIP off a silent holder; hosts the Tair id mirror.
import { produce } from 'immer';
import type { BugSet, Ctx, DiskContents, Input, NodeId } from '../../sim/index.ts';
import { isRecordIntact, nodeId, unreachable } from '../../sim/index.ts';
import type { TfsMsg } from './messages.ts';
import { isIntact, seal } from './messages.ts';
import type { AgentState } from './state.ts';
import { NAMESERVERS, VIP } from './state.ts';
import type { TfsOptions } from './options.ts';

const TAIR_FILE = 'tair';

export function bootAgent(disk: DiskContents, ctx: Ctx<TfsMsg>, opts: TfsOptions): AgentState {
  // The mirror is written as two copies (Tair itself is replicated): one damaged record is survivable.
  const stored = (disk.get(TAIR_FILE) ?? []).filter(isRecordIntact).map((r) => Number(r.data)).filter(Number.isFinite);
  if (ctx.aliasHolder(VIP) === null) ctx.bindAlias(VIP, nodeId(NAMESERVERS[0]));
  ctx.setTimer('agent-tick', opts.agentKeepaliveUs);
  const lastHeardUs: Record<string, number> = {};
  for (const ns of NAMESERVERS) lastHeardUs[ns] = ctx.nowUs;
  return { kind: 'agent', bootUs: ctx.nowUs, lastHeardUs, pingSeq: 0, tairMaxBlockId: Math.max(0, ...stored), vipMoves: 0 };
}

/** deadtime: the holder has been silent too long and the other NS is heard: move the VIP (auto_failback off). */
function decide(s: AgentState, ctx: Ctx<TfsMsg>, opts: TfsOptions): AgentState {
  const isAlive = (ns: string) => ctx.nowUs - (s.lastHeardUs[ns] ?? -Infinity) <= opts.agentDeadtimeUs;
  const holder = ctx.aliasHolder(VIP);
  if (holder !== null && isAlive(holder)) return s;
  const next = NAMESERVERS.find((ns) => ns !== holder && isAlive(ns));
  if (next === undefined) return s;
  ctx.log(`VIP ${holder ?? 'unbound'} -> ${next}`);
  ctx.bindAlias(VIP, nodeId(next));
  // ha_monitor -s 1 after starting the resource: force an immediate role check on the new holder.
  ctx.sendDatagram(next, seal({ type: 'ha-switch' }));
  return produce(s, (d) => { d.vipMoves++; });
}

export function handleAgent(s: AgentState, input: Input<TfsMsg>, ctx: Ctx<TfsMsg>, opts: TfsOptions, _bugs: BugSet): AgentState {
  switch (input.type) {
    case 'timer': {
      if (input.name !== 'agent-tick') return s;
      ctx.setTimer('agent-tick', opts.agentKeepaliveUs);
      const n = s.pingSeq + 1;
      for (const ns of NAMESERVERS) ctx.sendDatagram(ns, seal({ type: 'ha-ping', n }));
      return decide(produce(s, (d) => { d.pingSeq = n; }), ctx, opts);
    }
    case 'message': {
      const m = input.msg;
      if (!isIntact(m)) return s;
      if (m.type === 'ha-pong') return produce(s, (d) => { d.lastHeardUs[input.from] = ctx.nowUs; });
      if (m.type === 'tair-advance') {
        const value = Math.max(s.tairMaxBlockId, m.value) + m.skip;
        ctx.replace(TAIR_FILE, [value, value]);
        ctx.fsync(TAIR_FILE, { to: input.from, id: m.id, value });
        return produce(s, (d) => { d.tairMaxBlockId = value; });
      }
      return s;
    }
    case 'disk-done': {
      const tag = input.tag as { to: NodeId; id: number; value: number } | undefined;
      // Acknowledged only once durable.
      if (input.op === 'fsync' && tag !== undefined) ctx.sendDatagram(tag.to, seal({ type: 'tair-advanced', id: tag.id, value: tag.value }));
      return s;
    }
    case 'client': ctx.reply(input.reqId, { ok: false, error: 'not a client node' }); return s;
    case 'conn-opened': case 'conn-closed': return s;
    default: return unreachable(input);
  }
}

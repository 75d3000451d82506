// The heart agent (Linux-HA Heartbeat stand-in): pings both NS, moves the VIP off a silent holder; hosts the Tair id mirror.
import type { BugSet, Ctx, DiskContents, Input, NodeId } from '../../sim/index.ts';
import { isRecordIntact, nodeId, unreachable, withKey } from '../../sim/index.ts';
import { patchedAgent } from './state-patch.ts';
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
  return { kind: 'agent', bootUs: ctx.nowUs, lastHeardUs, lastMasterUs: {}, isDualMasterSeen: false, pingSeq: 0, tairMaxBlockId: Math.max(0, ...stored), vipMoves: 0 };
}

/**
 * Heard from within deadtime. A module function, not a closure bound to a name in decide(): under tsx (esbuild's
 * keepNames) such a closure is named by an Object.defineProperty at every call.
 */
const isHeard = (s: AgentState, ns: string, ctx: Ctx<TfsMsg>, opts: TfsOptions): boolean => ctx.nowUs - (s.lastHeardUs[ns] ?? -Infinity) <= opts.agentDeadtimeUs;

/**
 * deadtime: the holder has been silent too long and the other NS is heard: move the VIP (auto_failback off).
 * Nobody is declared dead within initdead of the agent's start. The old holder learns it lost the VIP only when a
 * ping reaches it: until then its machine keeps the address (is_local_addr), which is Heartbeat's split brain.
 */
function decide(s: AgentState, ctx: Ctx<TfsMsg>, opts: TfsOptions): AgentState {
  if (ctx.nowUs - s.bootUs < opts.agentInitdeadUs) return s;
  const holder = ctx.aliasHolder(VIP);
  if (holder !== null && isHeard(s, holder, ctx, opts)) return s;
  const next = NAMESERVERS.find((ns) => ns !== holder && isHeard(s, ns, ctx, opts));
  if (next === undefined) return s;
  ctx.log(`VIP ${holder ?? 'unbound'} -> ${next}`);
  ctx.bindAlias(VIP, nodeId(next));
  // ha_monitor -s 1 after starting the resource: force an immediate role check on the new holder; tell the old one.
  const n = s.pingSeq + 1;
  ctx.sendDatagram(next, seal({ type: 'ha-switch', epochUs: s.bootUs, n }));
  if (holder !== null) ctx.sendDatagram(holder, seal({ type: 'ha-ping', epochUs: s.bootUs, n, holder: next }));
  return patchedAgent(s, { vipMoves: s.vipMoves + 1, pingSeq: n });
}

/** Two nameservers answering MASTER within one deadtime of each other: the dual master of a split brain. */
function noteRole(s: AgentState, from: string, role: 'master' | 'slave', ctx: Ctx<TfsMsg>, opts: TfsOptions): AgentState {
  const lastHeardUs = withKey(s.lastHeardUs, from, ctx.nowUs);
  const lastMasterUs = withKey(s.lastMasterUs, from, role === 'master' ? ctx.nowUs : -1);
  const masters = NAMESERVERS.filter((ns) => lastMasterUs[ns] !== undefined && lastMasterUs[ns]! >= 0 && ctx.nowUs - lastMasterUs[ns]! <= opts.agentKeepaliveUs);
  if (masters.length < 2) return patchedAgent(s, { lastHeardUs, lastMasterUs, isDualMasterSeen: false });
  if (s.isDualMasterSeen) return patchedAgent(s, { lastHeardUs, lastMasterUs });
  ctx.anomaly('dual-master', `${masters.join(' and ')} both answer the heart agent as MASTER`);
  return patchedAgent(s, { lastHeardUs, lastMasterUs, isDualMasterSeen: true });
}

export function handleAgent(s: AgentState, input: Input<TfsMsg>, ctx: Ctx<TfsMsg>, opts: TfsOptions, _bugs: BugSet): AgentState {
  switch (input.type) {
    case 'timer': {
      if (input.name !== 'agent-tick') return s;
      ctx.setTimer('agent-tick', opts.agentKeepaliveUs);
      const n = s.pingSeq + 1;
      const holder = ctx.aliasHolder(VIP);
      // One sealed ping for both nameservers: the same text each (messages.ts seal).
      const ping = seal({ type: 'ha-ping', epochUs: s.bootUs, n, holder });
      for (const ns of NAMESERVERS) ctx.sendDatagram(ns, ping);
      return decide(patchedAgent(s, { pingSeq: n }), ctx, opts);
    }
    case 'message': {
      const m = input.msg;
      if (!isIntact(m)) return s;
      if (m.type === 'ha-pong') return noteRole(s, input.from, m.role, ctx, opts);
      if (m.type === 'tair-advance') {
        if (opts.tairMirrorSaveIntervalUs > 0) {
          // stable-2.5.5: initialize reads Tair and takes max(local, tair) + skip; nothing is written until the new
          // master's first periodic save (the NS's local value already carries its own skip).
          const value = Math.max(s.tairMaxBlockId + m.skip, m.value);
          ctx.sendDatagram(input.from, seal({ type: 'tair-advanced', id: m.id, value, mirror: s.tairMaxBlockId }));
          return s;
        }
        const value = Math.max(s.tairMaxBlockId, m.value) + m.skip;
        ctx.replace(TAIR_FILE, [value, value]);
        ctx.fsync(TAIR_FILE, { to: input.from, id: m.id, value });
        return patchedAgent(s, { tairMaxBlockId: value });
      }
      if (m.type === 'tair-save') {
        if (m.value <= s.tairMaxBlockId) return s;
        ctx.replace(TAIR_FILE, [m.value, m.value]);
        ctx.fsync(TAIR_FILE);
        return patchedAgent(s, { tairMaxBlockId: m.value });
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

// A tiny primary-backup register used only to test the kernel: n1 is primary, the others back it up.
// Writes go to n1, which logs + fsyncs, replicates over connections and replies once durable everywhere.
import { produce } from 'immer';
import type { Actor, ConnId, Ctx, Input, NodeId, ProtocolModule, ReqId, ScheduledOp, SequentialModel, Workload } from '../../sim/index.ts';
import { isRecordIntact, nodeId, ms, seconds } from '../../sim/index.ts';

export type RegMsg =
  | { readonly type: 'replicate'; readonly version: number; readonly value: number }
  | { readonly type: 'ack'; readonly version: number }
  | { readonly type: 'ping'; readonly n: number };

interface Pending { readonly reqId: ReqId; readonly acks: number; readonly isDurable: boolean }

export interface RegState {
  readonly version: number;
  readonly value: number;
  readonly conns: Readonly<Record<string, ConnId>>;
  readonly pending: Readonly<Record<number, Pending>>;
  /** Versions this node acknowledged to a client. */
  readonly acked: readonly number[];
  readonly pingsSent: number;
  readonly pingsReceived: number;
  readonly corruptRecords: number;
  /** Local clock readings at each ping timer (to observe pauses and drift). */
  readonly clockSamples: readonly number[];
  readonly closedConns: readonly string[];
}

export interface RegOptions {
  readonly nodeCount: number;
  readonly pingIntervalUs: number;
  readonly reconnectDelayUs: number;
}

const isPrimary = (id: NodeId): boolean => id === 'n1';

function maybeReply(s: RegState, version: number, ctx: Ctx<RegMsg>, opts: RegOptions, bugs: ReadonlySet<string>): RegState {
  const p = s.pending[version];
  if (p === undefined) return s;
  const isReady = p.acks >= opts.nodeCount - 1 && (p.isDurable || bugs.has('register/ack-before-fsync'));
  if (!isReady) return s;
  ctx.reply(p.reqId, { ok: true });
  return produce(s, (d) => { delete d.pending[version]; d.acked.push(version); });
}

const actor: Actor<RegState, RegMsg, RegOptions> = {
  boot(node, disk, ctx, opts) {
    const log = disk.get('log') ?? [];
    const intact = log.filter(isRecordIntact);
    const last = intact[intact.length - 1]?.data as { version: number; value: number } | undefined;
    ctx.setTimer('ping', opts.pingIntervalUs);
    const conns: Record<string, ConnId> = {};
    if (isPrimary(node.id)) for (let i = 2; i <= opts.nodeCount; i++) conns[`n${i}`] = ctx.connect(`n${i}`);
    return {
      version: last?.version ?? 0, value: last?.value ?? 0, conns, pending: {}, acked: [], pingsSent: 0, pingsReceived: 0,
      corruptRecords: log.length - intact.length, clockSamples: [ctx.nowUs], closedConns: [],
    };
  },
  handle(s, input: Input<RegMsg>, ctx, opts, bugs) {
    switch (input.type) {
      case 'timer':
        if (input.name === 'reconnect') {
          const peer = input.data as string;
          const connId = ctx.connect(peer);
          return produce(s, (d) => { d.conns[peer] = connId; });
        }
        ctx.setTimer('ping', opts.pingIntervalUs);
        for (let i = 1; i <= opts.nodeCount; i++) if (`n${i}` !== ctx.self) ctx.sendDatagram(`n${i}`, { type: 'ping', n: s.pingsSent });
        return produce(s, (d) => { d.pingsSent++; d.clockSamples.push(ctx.nowUs); });
      case 'client': {
        if (!isPrimary(ctx.self)) { ctx.reply(input.reqId, { ok: false }); return s; }
        if (input.op.type === 'read') { ctx.reply(input.reqId, { ok: true, value: s.value }); return s; }
        const version = s.version + 1;
        const value = input.op['value'] as number;
        ctx.append('log', { version, value });
        ctx.fsync('log', { version });
        for (const c of Object.values(s.conns)) ctx.send(c, { type: 'replicate', version, value });
        const next = produce(s, (d) => { d.version = version; d.value = value; d.pending[version] = { reqId: input.reqId, acks: 0, isDurable: false }; });
        return maybeReply(next, version, ctx, opts, bugs);
      }
      case 'message': {
        const m = input.msg;
        if (m.type === 'ping') return produce(s, (d) => { d.pingsReceived++; });
        if (m.type === 'replicate') {
          if (m.version <= s.version) { if (input.connId !== null) ctx.send(input.connId, { type: 'ack', version: m.version }); return s; }
          ctx.append('log', { version: m.version, value: m.value });
          ctx.fsync('log', { ack: m.version, connId: input.connId });
          return produce(s, (d) => { d.version = m.version; d.value = m.value; });
        }
        if (s.pending[m.version] === undefined) return s;
        const next = produce(s, (d) => { d.pending[m.version]!.acks++; });
        return maybeReply(next, m.version, ctx, opts, bugs);
      }
      case 'disk-done': {
        const tag = input.tag as { ack?: number; connId?: ConnId; version?: number } | undefined;
        if (tag?.ack !== undefined && tag.connId !== undefined) ctx.send(tag.connId, { type: 'ack', version: tag.ack });
        const v = tag?.version;
        if (v === undefined || s.pending[v] === undefined) return s;
        return maybeReply(produce(s, (d) => { d.pending[v] = { ...d.pending[v]!, isDurable: true }; }), v, ctx, opts, bugs);
      }
      case 'conn-opened':
        // A (re)connected backup gets the current value, so a restarted one catches up.
        if (isPrimary(ctx.self)) ctx.send(input.connId, { type: 'replicate', version: s.version, value: s.value });
        return s;
      case 'conn-closed': {
        const next = produce(s, (d) => { d.closedConns.push(`${input.peer}:${input.reason}`); });
        if (isPrimary(ctx.self)) ctx.setTimer('reconnect', opts.reconnectDelayUs, input.peer);
        return next;
      }
      default: return s;
    }
  },
};

/** Every acknowledged write is durable on the primary's disk (fsync'd or at least in the page cache it boots from). */
const ackedIsLogged = {
  name: 'acked-write-logged',
  description: 'every write the primary acknowledged is in its log',
  check(view: Parameters<ProtocolModule['invariants'][number]['check']>[0]) {
    const p = view.node(nodeId('n1'));
    const st = p.state as RegState | undefined;
    if (st === undefined) return null;
    const logged = new Set((p.disk.get('log') ?? []).map((r) => (r.data as { version: number }).version));
    for (const v of st.acked) if (!logged.has(v)) return `n1 acknowledged version ${v} that is not in its log`;
    return null;
  },
};

const registerModel: SequentialModel<number, { type: string; value?: number }, { ok: boolean; value?: number }> = {
  name: 'register',
  init: () => 0,
  step: (st, input, out) => {
    if (out === undefined) return [true, input.type === 'write' ? (input.value ?? 0) : st];
    if (!out.ok) return [true, st];
    if (input.type === 'write') return [true, input.value ?? 0];
    return [out.value === st, st];
  },
};

const workload: Workload<RegOptions> = {
  timeoutUs: seconds(1),
  model: registerModel,
  generate(prng, _nodes, _opts, durationUs) {
    const ops: ScheduledOp[] = [];
    for (let t = ms(100); t < durationUs; t += ms(50) + prng.int(ms(200))) {
      const client = prng.int(3);
      ops.push({ atUs: t, target: 'primary', client, op: prng.chance({ numerator: 1, denominator: 2 }) ? { type: 'write', value: prng.int(100) } : { type: 'read' } });
    }
    return ops;
  },
};

export const registerProtocol: ProtocolModule<RegState, RegMsg, RegOptions> = {
  name: 'register',
  description: 'test-only primary-backup register',
  defaultOptions: { nodeCount: 3, pingIntervalUs: ms(100), reconnectDelayUs: ms(300) },
  optionDocs: {
    nodeCount: { doc: 'nodes, n1 is primary' },
    pingIntervalUs: { doc: 'datagram ping period' },
    reconnectDelayUs: { doc: 'primary redials a lost backup after this' },
  },
  nodes: (o) => Array.from({ length: o.nodeCount }, (_, i) => ({ id: nodeId(`n${i + 1}`), kind: 'server' })),
  actor,
  isMessage: (x): x is RegMsg => typeof x === 'object' && x !== null && 'type' in x,
  roles: (view) => ({ primary: view.nodes.filter((n) => n.id === 'n1' && n.isUp).map((n) => n.id), backups: view.nodes.filter((n) => n.id !== 'n1' && n.isUp).map((n) => n.id) }),
  invariants: [ackedIsLogged],
  liveness: [{
    name: 'all-connected',
    description: 'the primary has live connections to every backup and they hold its version',
    check: (view) => {
      const p = view.node(nodeId('n1')).state as RegState | undefined;
      if (p === undefined) return 'primary down';
      for (const n of view.nodes) {
        const st = n.state as RegState | undefined;
        if (st === undefined) return `${n.id} down`;
        if (st.version !== p.version) return `${n.id} at version ${st.version}, primary at ${p.version}`;
      }
      return null;
    },
  }],
  livenessBoundUs: () => seconds(10),
  workload,
  bugs: [{ id: 'register/ack-before-fsync', description: 'primary replies before its own fsync', breaks: 'acked-write-logged' }],
  faultBudget: { maxDownNodes: 1, fuzzFaultPhaseUs: seconds(5), fuzzStepsMax: 8 },
};

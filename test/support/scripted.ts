// A test-only protocol whose nodes do what client ops tell them and record every input they see,
// so kernel tests can drive each fault semantics directly and observe it.
import { produce } from 'immer';
import type { Actor, ClientOp, ConnId, DiskRecord, Input, NodeId, ProtocolModule, ScheduledOp } from '../../sim/index.ts';
import { isRecordIntact, nodeId, seconds } from '../../sim/index.ts';

export type Cmd =
  | { readonly type: 'dgram'; readonly to: string; readonly text: string }
  | { readonly type: 'connect'; readonly to: string }
  | { readonly type: 'send'; readonly text: string }
  | { readonly type: 'send-and-close'; readonly text: string }
  | { readonly type: 'append'; readonly file: string; readonly data: unknown }
  | { readonly type: 'fsync'; readonly file: string }
  | { readonly type: 'bind'; readonly alias: string; readonly node: string | null }
  | { readonly type: 'timer'; readonly delayUs: number; readonly name: string }
  | { readonly type: 'throw' };

export interface Seen {
  readonly input: string;
  readonly nowUs: number;
  readonly from?: string;
  readonly text?: string;
  readonly reason?: string;
}

export interface ScriptedState {
  readonly seen: readonly Seen[];
  readonly conns: readonly ConnId[];
  readonly bootDisk: Readonly<Record<string, readonly { readonly data: unknown; readonly isIntact: boolean }[]>>;
}

type Msg = { readonly type: 'text'; readonly text: string };

const note = (s: ScriptedState, seen: Seen): ScriptedState => produce(s, (d) => { d.seen.push(seen); });

const actor: Actor<ScriptedState, Msg, { nodeCount: number }> = {
  boot(_node, disk, ctx) {
    const bootDisk: Record<string, { data: unknown; isIntact: boolean }[]> = {};
    for (const [f, recs] of disk) bootDisk[f] = recs.map((r: DiskRecord) => ({ data: r.data, isIntact: isRecordIntact(r) }));
    return { seen: [{ input: 'boot', nowUs: ctx.nowUs }], conns: [], bootDisk };
  },
  handle(s, input: Input<Msg>, ctx) {
    switch (input.type) {
      case 'client': {
        const c = input.op as unknown as Cmd;
        ctx.reply(input.reqId, { ok: true });
        switch (c.type) {
          case 'dgram': ctx.sendDatagram(c.to, { type: 'text', text: c.text }); return s;
          case 'connect': { const id = ctx.connect(c.to); return produce(s, (d) => { d.conns.push(id); }); }
          case 'send': for (const id of s.conns) ctx.send(id, { type: 'text', text: c.text }); return s;
          case 'send-and-close':
            for (const id of s.conns) { ctx.send(id, { type: 'text', text: c.text }); ctx.close(id); }
            return produce(s, (d) => { d.conns = []; });
          case 'append': ctx.append(c.file, c.data); return s;
          case 'fsync': ctx.fsync(c.file); return s;
          case 'bind': ctx.bindAlias(c.alias, c.node as NodeId | null); return s;
          case 'timer': ctx.setTimer(c.name, c.delayUs); return s;
          case 'throw': throw new Error('scripted failure');
          default: return s;
        }
      }
      case 'message': return note(s, { input: 'message', nowUs: ctx.nowUs, from: input.from, text: input.msg.text });
      case 'conn-opened': {
        const next = note(s, { input: 'conn-opened', nowUs: ctx.nowUs, from: input.peer });
        return input.isInitiator ? next : produce(next, (d) => { d.conns.push(input.connId); });
      }
      case 'conn-closed': return note(s, { input: 'conn-closed', nowUs: ctx.nowUs, from: input.peer, reason: input.reason });
      case 'timer': return note(s, { input: 'timer', nowUs: ctx.nowUs, text: input.name });
      case 'disk-done': return note(s, { input: 'disk-done', nowUs: ctx.nowUs, text: `${input.op} ${input.file}` });
      default: return s;
    }
  },
};

export const scriptedProtocol: ProtocolModule<ScriptedState, Msg, { nodeCount: number }> = {
  name: 'scripted',
  description: 'test-only: nodes run the commands they are sent',
  defaultOptions: { nodeCount: 3 },
  optionDocs: { nodeCount: { doc: 'nodes n1..nN' } },
  nodes: (o) => Array.from({ length: o.nodeCount }, (_, i) => ({ id: nodeId(`n${i + 1}`), kind: 'node' })),
  actor,
  isMessage: (x): x is Msg => typeof x === 'object' && x !== null && (x as Msg).type === 'text',
  roles: (view) => ({ up: view.nodes.filter((n) => n.isUp).map((n) => n.id) }),
  invariants: [],
  liveness: [],
  livenessBoundUs: () => seconds(1),
  workload: { timeoutUs: seconds(1), generate: () => [] },
  bugs: [],
  faultBudget: { maxDownNodes: 1, fuzzFaultPhaseUs: seconds(2), fuzzStepsMax: 4 },
};


let nextClient = 0;
/** A scheduled command for node `target` at `atUs` (each from its own logical client, so none is skipped as busy). */
export const cmd = (atUs: number, target: string, c: Cmd): ScheduledOp => ({ atUs, target, client: nextClient++, op: c as unknown as ClientOp });

/** What node `id` ended with (it must be up). */
export function finalState(r: { finalStates: Readonly<Record<string, unknown>> }, id: string): ScriptedState {
  const s = r.finalStates[id] as ScriptedState | null;
  if (s === null || s === undefined) throw new Error(`${id} is down at the end`);
  return s;
}

// A test-only chatty protocol with bounded state: every node pings the next one on a timer, so a run of any length
// is cheap to make (reports' scale tests need 100,000 events quickly). n1 is the "leader" once it has heard from everyone.
import { produce } from 'immer';
import type { Actor, ProtocolModule } from '../../../sim/index.ts';
import { nodeId, ms, seconds } from '../../../sim/index.ts';

type ChatMsg = { readonly type: 'hello'; readonly n: number } | { readonly type: 'echo'; readonly n: number };

export interface ChatState {
  readonly sent: number;
  readonly heard: Readonly<Record<string, number>>;
  /** The last few numbers heard (bounded, so the state stays small). */
  readonly recent: readonly number[];
}

export interface ChatOptions {
  readonly nodeCount: number;
  readonly tickUs: number;
}

const RECENT_MAX = 4;

const actor: Actor<ChatState, ChatMsg, ChatOptions> = {
  boot(_node, _disk, ctx, opts) {
    ctx.setTimer('tick', opts.tickUs);
    return { sent: 0, heard: {}, recent: [] };
  },
  handle(s, input, ctx, opts) {
    if (input.type === 'timer') {
      ctx.setTimer('tick', opts.tickUs);
      const me = Number(ctx.self.slice(1));
      ctx.sendDatagram(`n${(me % opts.nodeCount) + 1}`, { type: 'hello', n: s.sent });
      return produce(s, (d) => { d.sent++; });
    }
    if (input.type === 'message') {
      const m = input.msg;
      if (m.type === 'hello') ctx.sendDatagram(input.from, { type: 'echo', n: m.n });
      return produce(s, (d) => {
        d.heard[input.from] = (d.heard[input.from] ?? 0) + 1;
        d.recent.push(m.n);
        if (d.recent.length > RECENT_MAX) d.recent.shift();
      });
    }
    return s;
  },
};

export const chatterProtocol: ProtocolModule<ChatState, ChatMsg, ChatOptions> = {
  name: 'chatter',
  description: 'test-only: nodes ping the next node on a timer; bounded state',
  defaultOptions: { nodeCount: 3, tickUs: ms(1) },
  optionDocs: { nodeCount: { doc: 'nodes' }, tickUs: { doc: 'ping period' } },
  nodes: (o) => Array.from({ length: o.nodeCount }, (_, i) => ({ id: nodeId(`n${i + 1}`), kind: 'server' })),
  actor,
  isMessage: (x): x is ChatMsg => typeof x === 'object' && x !== null && 'type' in x,
  roles: (view) => {
    const n1 = view.nodes[0];
    const st = n1?.state as ChatState | undefined;
    return { leader: st !== undefined && Object.keys(st.heard).length > 0 ? [n1!.id] : [] };
  },
  invariants: [],
  liveness: [],
  livenessBoundUs: () => seconds(1),
  bugs: [],
  faultBudget: { maxDownNodes: 1, fuzzFaultPhaseUs: seconds(1), fuzzStepsMax: 4 },
};

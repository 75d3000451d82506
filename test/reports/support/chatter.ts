// A test-only chatty protocol with bounded state: every node pings the next one on a timer, so a run of any length
// is cheap to make (reports' scale tests need 100,000 events quickly). n1 is the "leader" once it has heard from someone.
import { produce } from 'immer';
import type { Actor, ProtocolModule, RunConfig } from '../../../sim/index.ts';
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
  // n1 leads once it has heard from someone; the other up nodes follow it then, and are "looking" before that.
  roles: (view) => {
    const n1 = view.nodes[0];
    const st = n1?.isUp === true ? (n1.state as ChatState | undefined) : undefined;
    const isLed = st !== undefined && Object.keys(st.heard).length > 0;
    const others = view.nodes.slice(1).filter((n) => n.isUp).map((n) => n.id);
    return { leader: isLed ? [n1!.id] : [], followers: isLed ? others : [], looking: isLed ? [] : others };
  },
  invariants: [],
  liveness: [],
  livenessBoundUs: () => seconds(1),
  bugs: [],
  faultBudget: { maxDownNodes: 1, fuzzFaultPhaseUs: seconds(1), fuzzStepsMax: 4 },
};

/** A chatter run of about `events` events with a crash (n2), a partition [n1] | [n2,n3] then heal, and a pause (n3). */
export function chatterFaultConfig(events: number): RunConfig {
  const us = ms(Math.ceil((events / 100_000) * 12_200));
  return {
    protocol: chatterProtocol, seed: 1, faultPhaseUs: us, skipLiveness: true,
    faults: [{ atUs: Math.floor(us / 6), kind: 'crash', target: 'n2', forUs: ms(500) }, { atUs: Math.floor(us / 2.4), kind: 'partition', groups: [['n1'], ['n2', 'n3']] }, { atUs: Math.floor(us / 2), kind: 'heal' }, { atUs: Math.floor(us / 1.5), kind: 'pause', target: 'n3', forUs: ms(300) }],
  };
}

// record-messages-carry-view: a clean aimed run passes it, hand-made states with a record message lacking the sender's
// view of the receiver's record (in the catch-up queue, in a WaitingMsg slot) fail it, and a planted slip that sends
// a1's record messages without that view (what mutation sample 1's paxos.ts sendPaxos `dest` → always null did to every
// node) fails it on seed 1 before any other check fails.
import { describe, expect, it } from 'vitest';
import type { ProtocolModule } from '../../../sim/index.ts';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';
import type { PaxosMsg, PsMsg } from '../../../protocols/paxosstore/messages.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';
import { recordMessagesCarryView } from '../../../protocols/paxosstore/message-view-invariant.ts';

/** The planted slip: a1 sends every Paxos record message with `dest: null` (directly; its catch-up queue is untouched). */
const dropsView: ProtocolModule<NodeState, never, never> = {
  ...(paxosstoreProtocol as unknown as ProtocolModule<NodeState, never, never>),
  actor: {
    boot: paxosstoreProtocol.actor.boot as never,
    handle(s, input, ctx, o, bugs) {
      if (ctx.self !== 'a1') return (paxosstoreProtocol.actor.handle as never as typeof this.handle)(s, input, ctx, o, bugs);
      const c = ctx as unknown as { sendDatagram(to: unknown, m: PsMsg): void };
      const send = c.sendDatagram;
      c.sendDatagram = (to, m) => send.call(ctx, to, m.type === 'paxos' && m.result === 'ok' && !m.isCheckEmpty ? { ...m, dest: null } : m);
      try {
        return (paxosstoreProtocol.actor.handle as never as typeof this.handle)(s, input, ctx, o, bugs);
      } finally {
        delete (c as { sendDatagram?: unknown }).sendDatagram;
      }
    },
  },
};

const clean = runFuzzSeed({ protocol: paxosstoreProtocol, seed: 1, bugs: [] });
const s0 = clean.finalStates!['a2'] as NodeState;
const check = (s: NodeState): string | null => recordMessagesCarryView.checkNode!({ nodes: [] } as never, { id: 'a2', state: s } as never);
const record = (over: Partial<PaxosMsg>): PaxosMsg => ({
  type: 'paxos', entity: 'e0', entry: 3, from: 0, to: 1, src: { promised: 1, prepared: 0, accepted: 1, value: null, isChosen: true } as never,
  dest: null, maxChosen: 3, isCheckEmpty: false, isCatchup: true, uuid: 0, result: 'ok', ...over,
});

describe('paxosstore: record-messages-carry-view', () => {
  it('holds on the clean aimed run of seed 1 (checked after every event)', () => {
    expect(clean.verdict).toBe('pass');
    expect(check(s0)).toBeNull();
  });

  it("fails a held record message without the receiver's view; probes and empty answers carry none and pass", () => {
    const queued = (m: PaxosMsg): NodeState => ({ ...s0, catchup: { ...s0.catchup, queue: [{ to: m.to, msg: m, bytes: 42 }] } });
    expect(check(queued(record({})))).toMatch(/^a2 its catch-up queue holds a record message without the sender's view of the receiver's record: a1 → a2 e0 entry 3 \(catch-up\)/);
    expect(check(queued(record({ dest: record({}).src })))).toBeNull();
    expect(check(queued(record({ isCheckEmpty: true })))).toBeNull();
    expect(check(queued(record({ result: 'empty' })))).toBeNull();
    expect(check(queued(record({ result: 'not-found' })))).toBeNull();
    const e0 = s0.entities['e0']!;
    const key = Number(Object.keys(e0.entries)[0]);
    const info = e0.entries[key]!;
    const waiting = (m: PaxosMsg): NodeState => ({ ...s0, entities: { ...s0.entities, e0: { ...e0, entries: { ...e0.entries, [key]: { ...info, waiting: [m, null, null] } } } } });
    expect(check(waiting(record({ entry: key, isCatchup: false })))).toMatch(new RegExp(`^a2 WaitingMsg of e0 entry ${key} holds a record message without`));
    expect(check(waiting(record({ entry: key, dest: record({}).src })))).toBeNull();
  });

  it("fails a run whose a1 sends record messages without the receiver's view (seed 1)", () => {
    const r = runFuzzSeed({ protocol: dropsView as never, seed: 1, bugs: [] });
    expect(r.verdict).toBe('violation');
    expect(r.violation?.name).toBe('record-messages-carry-view');
    expect(r.violation?.message).toMatch(/WaitingMsg of e\d entry \d+ holds a record message without the sender's view of the receiver's record: a1 → a\d/);
  });
});

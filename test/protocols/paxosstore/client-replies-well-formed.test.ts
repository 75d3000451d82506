// client-replies-well-formed (client-reply-invariant.ts): clean fuzz seeds pass it; hand-made histories show each
// shape it refuses; planted slips of the audit's two reply mutants (a refusal answered with an empty error code, or
// answered {} with no ok flag) pass every other check and fail this one.
import { describe, expect, it } from 'vitest';
import type { Ctx, HistoryOp, ProtocolModule, View } from '../../../sim/index.ts';
import { paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';
import type { PaxosStoreOptions } from '../../../protocols/paxosstore/index.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';
import type { PsMsg } from '../../../protocols/paxosstore/messages.ts';
import { clientRepliesWellFormed, replySlip } from '../../../protocols/paxosstore/client-reply-invariant.ts';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';

type P = ProtocolModule<NodeState, PsMsg, PaxosStoreOptions>;
const NAME = 'client-replies-well-formed';

/** The protocol with every refusal's reply rewritten by `slip`; `withCheck` false drops the check under test. */
function planted(slip: (r: { ok: false; error: string }) => unknown, withCheck = true): P {
  const real = paxosstoreProtocol.actor;
  // The real ctx is patched for the handler's call and restored after it (a wrapper object made with Object.create
  // would take the ctx's own effect counter as its own on the first write, and the node's effects would be lost).
  const handle: P['actor']['handle'] = (s, input, ctx, o, b) => {
    const c = ctx as Ctx<PsMsg> & { reply: Ctx<PsMsg>['reply'] };
    const realReply = c.reply;
    c.reply = (reqId, result) => {
      const r = result as { ok?: unknown; error?: unknown };
      realReply.call(ctx, reqId, r.ok === false ? slip(r as { ok: false; error: string }) : result);
    };
    try {
      return real.handle(s, input, ctx, o, b);
    } finally {
      delete (c as { reply?: unknown }).reply;
      if (c.reply !== realReply) c.reply = realReply;
    }
  };
  const invariants = withCheck ? paxosstoreProtocol.invariants : paxosstoreProtocol.invariants.filter((i) => i.name !== NAME);
  return { ...paxosstoreProtocol, actor: { boot: real.boot, handle }, invariants };
}

const op = (type: 'read' | 'write', result: unknown, outcome: HistoryOp['outcome'] = 'ok'): HistoryOp => ({
  id: 7 as HistoryOp['id'], client: 0, node: 'a1' as HistoryOp['node'], op: { type, entity: 'e0', key: 'k0', ...(type === 'write' ? { value: 1 } : {}) },
  callUs: 0, callSeq: 0, returnUs: outcome === 'ok' ? 10 : null, returnSeq: outcome === 'ok' ? 1 : null, result, outcome,
});

describe('paxosstore: client-replies-well-formed', () => {
  it('accepts ClientResult\'s shapes and refuses each slip', () => {
    expect(replySlip(op('write', { ok: true }))).toBeNull();
    expect(replySlip(op('read', { ok: true, value: 3 }))).toBeNull();
    expect(replySlip(op('read', { ok: true, value: null }))).toBeNull();
    expect(replySlip(op('write', { ok: false, error: 'get-all-pending', isMaybeApplied: true }))).toBeNull();
    expect(replySlip(op('read', { ok: false, error: 'remote-newer' }))).toBeNull();
    expect(replySlip(op('read', { ok: false, error: '' }))).toBe('a refusal without an error code');
    expect(replySlip(op('read', { ok: false }))).toBe('a refusal without an error code');
    expect(replySlip(op('write', {}))).toBe('no ok flag');
    expect(replySlip(op('write', null))).toBe('not a reply object');
    expect(replySlip(op('read', { ok: true }))).toBe('a read answered OK without the value it read');
    expect(replySlip(op('write', { ok: false, error: 'x', isMaybeApplied: 1 }))).toBe('isMaybeApplied is not a boolean');
  });

  it('judges an op once its reply is recorded, not while pending or after a timeout, and keeps failing a bad one', () => {
    const history: HistoryOp[] = [op('read', undefined, 'pending'), op('write', undefined, 'unknown')];
    const view = { nodes: [], nowUs: 0, history } as unknown as View<NodeState>;
    expect(clientRepliesWellFormed.check(view)).toBeNull();
    Object.assign(history[0]!, { outcome: 'ok', result: { ok: false, error: '' } });
    expect(clientRepliesWellFormed.check(view)).toMatch(/^read #7 at a1 answered .*a refusal without an error code$/);
    expect(clientRepliesWellFormed.check(view)).toMatch(/a refusal without an error code/);
    // A fresh view (no memory) judges the whole history the same way.
    expect(clientRepliesWellFormed.check({ ...view } as View<NodeState>)).toMatch(/a refusal without an error code/);
  });

  it('holds on clean fuzz seeds, which do get refusals', () => {
    for (const seed of [1, 2, 3]) {
      const r = runFuzzSeed({ protocol: paxosstoreProtocol, seed, run: { invariantChecks: 'full' } });
      expect(r.verdict, `seed ${seed}: ${r.violation?.message}`).toBe('pass');
      expect(r.history.some((h) => h.outcome === 'ok' && (h.result as { ok: boolean }).ok === false), `seed ${seed}`).toBe(true);
    }
  });

  it('a refusal answered with an empty error code (paxos.ts \'remote-newer\' → "") passes every other check and fails this one', () => {
    const slip = (r: { ok: false; error: string }) => ({ ...r, error: '' });
    expect(runFuzzSeed({ protocol: planted(slip, false), seed: 1 }).verdict).toBe('pass');
    const r = runFuzzSeed({ protocol: planted(slip), seed: 1 });
    expect(r.verdict).toBe('violation');
    expect(r.violation?.name).toBe(NAME);
    expect(r.violation?.message).toMatch(/a refusal without an error code/);
  });

  it('a refusal answered {} (client.ts\'s refusal object → {}) passes every other check and fails this one', () => {
    const slip = () => ({});
    expect(runFuzzSeed({ protocol: planted(slip, false), seed: 1 }).verdict).toBe('pass');
    const r = runFuzzSeed({ protocol: planted(slip), seed: 1 });
    expect(r.verdict).toBe('violation');
    expect(r.violation?.name).toBe(NAME);
    expect(r.violation?.message).toMatch(/answered \{\}: no ok flag/);
  });
});

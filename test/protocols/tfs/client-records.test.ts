// The client's request records (pending, writes, writing) are BlockMaps keyed by request id since the twenty-sixth
// session; before, plain records keyed by String(id) (sparse holey elements, dear to copy). Agreement test: the real
// handler, driven through random requests, answers (in any order, some duplicated or unknown), write assignments, DS
// replies and connection breaks, keeps records whose JSON text is, after every input, the text the plain records the
// old handler built (withKey / withoutKeys with String(id), the same rules) would print, and answers the same requests.
import { describe, expect, it } from 'vitest';
import type { Ctx, Input, ReqId } from '../../../sim/index.ts';
import { withKey, withoutKeys } from '../../../sim/index.ts';
import { bootClient, handleClient } from '../../../protocols/tfs/client.ts';
import type { TfsMsg } from '../../../protocols/tfs/messages.ts';
import { seal } from '../../../protocols/tfs/messages.ts';
import type { ClientState } from '../../../protocols/tfs/state.ts';
import { DEFAULT_OPTIONS } from '../../../protocols/tfs/options.ts';

function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; return x / 2 ** 32; };
}

interface Plain { pending: Readonly<Record<string, ReqId>>; writes: Readonly<Record<string, boolean>>; writing: Readonly<Record<string, ReqId>> }

describe('tfs client request records agree with the plain records they replaced', () => {
  it('same JSON text and same replies after each of 4,000 random inputs', () => {
    const rnd = lcg(26);
    const replies: [ReqId, unknown][] = [];
    const ctx = {
      connect: () => 'conn-1', send: () => {}, sendDatagram: () => {}, setTimer: () => 't',
      reply: (id: ReqId, r: unknown) => { replies.push([id, r]); }
    } as unknown as Ctx<TfsMsg>;
    const opts = DEFAULT_OPTIONS;
    const bugs = new Set<string>();
    let s: ClientState = bootClient(ctx);
    let plain: Plain = { pending: {}, writes: {}, writing: {} };
    let nextReq = 1;
    const message = (msg: TfsMsg): Input<TfsMsg> => ({ type: 'message', from: 'ns1', msg: seal(msg), connId: 'conn-1' } as unknown as Input<TfsMsg>);
    for (let step = 0; step < 4000; step++) {
      const r = rnd();
      // An id near the client's sequence (some unknown, some already answered), or a far one.
      const id = r < 0.95 ? Math.max(1, s.reqSeq - Math.floor(rnd() * 6)) : Math.floor(rnd() * 5000);
      let input: Input<TfsMsg>;
      let model: (p: Plain) => Plain = (p) => p;
      // The kernel request a message input should answer, by the plain records (null: none).
      let answered: ReqId | null = null;
      if (r < 0.02) {
        input = { type: 'conn-closed', connId: 'conn-1', peer: 'vip', reason: 'reset' } as unknown as Input<TfsMsg>;
        model = (p) => ({ ...p, pending: {}, writes: {} });
      } else if (r < 0.05 || !s.isConnOpen) {
        input = { type: 'conn-opened', connId: 'conn-1', peer: 'vip', isInitiator: true, address: 'vip' } as unknown as Input<TfsMsg>;
        if (s.conn === null) input = { type: 'timer', timerId: 't', name: 'reconnect', data: null } as unknown as Input<TfsMsg>;
      } else if (r < 0.45) {
        const op = rnd() < 0.5 ? { type: 'write-file' } : { type: 'create-block' };
        const reqId = nextReq++ as ReqId;
        const k = String(s.reqSeq + 1);
        input = { type: 'client', reqId, op };
        model = (p) => ({ ...p, pending: withKey(p.pending, k, reqId), writes: op.type === 'write-file' ? withKey(p.writes, k, true) : p.writes });
      } else if (r < 0.75) {
        const ok = rnd() < 0.8;
        input = message({ type: 'client-resp', id, result: ok ? { ok: true, blockId: 100 + id, servers: ['ds1'] } : { ok: false, error: 'x' } });
        const k = String(id);
        model = (p) => {
          const reqId = p.pending[k];
          if (reqId === undefined) return p;
          if (!(p.writes[k] === true && ok)) answered = reqId;
          const rest = { ...p, pending: withoutKeys(p.pending, [k]), writes: withoutKeys(p.writes, [k]) };
          return p.writes[k] === true && ok ? { ...rest, writing: withKey(p.writing, k, reqId) } : rest;
        };
      } else {
        input = message({ type: 'ds-write-reply', id, isOk: rnd() < 0.5, error: null });
        const k = String(id);
        model = (p) => {
          if (p.writing[k] === undefined) return p;
          answered = p.writing[k]!;
          return { ...p, writing: withoutKeys(p.writing, [k]) };
        };
      }
      const before = replies.length;
      const s1 = handleClient(s, input, ctx, opts, bugs);
      plain = model(plain);
      expect(JSON.stringify({ pending: s1.pending, writes: s1.writes, writing: s1.writing })).toBe(JSON.stringify(plain));
      expect(s1.pending.size > 0).toBe(Object.keys(plain.pending).length > 0);
      expect(s1.writing.size > 0).toBe(Object.keys(plain.writing).length > 0);
      if (input.type === 'message') expect(replies.slice(before).map(([q]) => q)).toEqual(answered === null ? [] : [answered]);
      s = s1;
    }
    // The walk reached the cases that matter: several requests outstanding, writes assigned, answers replied.
    expect(s.reqSeq).toBeGreaterThan(1000);
    expect(replies.length).toBeGreaterThan(400);
  });
});

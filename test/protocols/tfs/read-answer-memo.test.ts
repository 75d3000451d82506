// read-answers-well-formed remembers, per run, the answers it already found well-formed (read-answer-check.ts). This
// shows the remembering check and a fresh one (a view object of its own, so no memory: the whole ten-second window
// judged again) give the same verdict after every event, on clean fuzz seeds and on a run whose late reads name a
// server that is no dataserver, where both must fail.
import { describe, expect, it } from 'vitest';
import { runSimulation, seconds } from '../../../sim/index.ts';
import type { Ctx, Invariant, ProtocolModule, View } from '../../../sim/index.ts';
import { FAST_OPTIONS, tfsProtocol } from '../../../protocols/tfs/index.ts';
import type { TfsMsg, TfsOptions, TfsState } from '../../../protocols/tfs/index.ts';
import { readAnswersWellFormed } from '../../../protocols/tfs/read-answer-check.ts';
import { seal } from '../../../protocols/tfs/messages.ts';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';

type P = ProtocolModule<TfsState, TfsMsg, TfsOptions>;

/** Runs beside the real check: after every event, the remembering answer and a fresh one, each recorded. */
function comparing(): { invariant: Invariant<TfsState>; verdicts: (string | null)[]; mismatches: string[] } {
  const verdicts: (string | null)[] = [];
  const mismatches: string[] = [];
  const invariant: Invariant<TfsState> = {
    name: 'read-answers-memo-agrees',
    description: 'test only: the remembering read-answers-well-formed equals a fresh one',
    check(view: View<TfsState>) {
      const remembered = readAnswersWellFormed.check(view);
      const fresh = readAnswersWellFormed.check({ ...view } as View<TfsState>);
      verdicts.push(remembered);
      if (remembered !== fresh) mismatches.push(`at ${view.nowUs}: remembered ${remembered}, fresh ${fresh}`);
      return null;
    },
  };
  return { invariant, verdicts, mismatches };
}

const withCheck = (p: P, inv: Invariant<TfsState>): P => ({ ...p, invariants: [...p.invariants, inv] });

describe('tfs read-answers-well-formed: remembered answers', () => {
  it('agree with a fresh check after every event of clean fuzz seeds', () => {
    for (const seed of [1000, 1001, 1002]) {
      const c = comparing();
      const r = runFuzzSeed({ protocol: withCheck(tfsProtocol, c.invariant), seed, run: { invariantChecks: 'full' } });
      expect(r.verdict, `seed ${seed}: ${r.violation?.message}`).toBe('pass');
      expect(c.mismatches).toEqual([]);
      expect(c.verdicts.length).toBeGreaterThan(100);
    }
  });

  it('agree on a run whose reads after 6 s name a server that is not a dataserver (both fail)', () => {
    const real = tfsProtocol.actor;
    const handle: P['actor']['handle'] = (s, input, ctx, o, b) => {
      if (s.kind !== 'ns' || input.type !== 'message' || input.msg.type !== 'client-req' || input.msg.op.type !== 'read-block' || ctx.nowUs < seconds(6)) return real.handle(s, input, ctx, o, b);
      const c = Object.create(ctx) as Ctx<TfsMsg>;
      c.send = (conn, m) => (m.type === 'client-resp' && m.result.ok ? ctx.send(conn, seal({ type: 'client-resp', id: m.id, result: { ...m.result, servers: ['ns2'] } as never })) : ctx.send(conn, m));
      return real.handle(s, input, c, o, b);
    };
    const c = comparing();
    const planted: P = { ...tfsProtocol, actor: { boot: real.boot, handle }, invariants: [c.invariant] };
    runSimulation({ protocol: planted, seed: 1, options: FAST_OPTIONS, faultPhaseUs: seconds(12), faults: [] });
    expect(c.mismatches).toEqual([]);
    expect(c.verdicts.some((v) => v !== null && /"ns2" is not a dataserver/.test(v))).toBe(true);
    expect(c.verdicts.findIndex((v) => v !== null)).toBeGreaterThan(0);
  });
});

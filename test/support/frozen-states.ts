// One suite for every protocol whose handlers copy on write by hand instead of going through immer drafts: the states
// they return must still be deep-frozen in the test suite, so a handler writing into a state it does not own crashes.
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../sim/index.ts';
import type { Ctx, Message, ProtocolModule } from '../../sim/index.ts';

/**
 * `write` is the planted bug: it writes, into the state its handler was given, the value already there (so without
 * freezing nothing changes and the run passes); it runs before every event of the run from `faultPhaseUs` on.
 */
export function describeFrozenStates<S, M extends Message, O extends object>(p: ProtocolModule<S, M, O>, faultPhaseUs: number, write: (s: S, ctx: Ctx<M>) => void): void {
  const mutating: ProtocolModule<S, M, O> = {
    ...p,
    actor: { boot: p.actor.boot, handle(s, input, ctx, o, bugs) { write(s, ctx); return p.actor.handle(s, input, ctx, o, bugs); } },
  };
  const run = (q: ProtocolModule<S, M, O>, freezeStates?: boolean) =>
    runSimulation({ protocol: q, seed: 1, faultPhaseUs, skipLiveness: true, ...(freezeStates === undefined ? {} : { freezeStates }) });

  describe(`${p.name}: states stay immutable without immer drafts`, () => {
    it('a handler writing into a nested part of its state crashes the run in the test suite', () => {
      const r = run(mutating);
      expect(r.verdict).toBe('crash');
      expect(r.violation?.message).toMatch(/read.only|frozen|Cannot assign/i);
    });

    it('the same run passes with freezing off (as fuzzing runs), and the clean protocol passes with it on', () => {
      expect(run(mutating, false).verdict).toBe('pass');
      expect(run(p).verdict).toBe('pass');
    });
  });
}

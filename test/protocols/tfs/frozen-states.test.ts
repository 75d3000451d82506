// TFS's handlers copy on write by hand (protocols/tfs/cow.ts), not through immer drafts: the states they return must
// still be deep-frozen in the test suite, so a handler writing into a state it does not own crashes the run.
import { describe, expect, it } from 'vitest';
import { runSimulation, seconds } from '../../../sim/index.ts';
import type { ProtocolModule } from '../../../sim/index.ts';
import type { TfsMsg, TfsOptions, TfsState } from '../../../protocols/tfs/index.ts';
import { tfsProtocol } from '../../../protocols/tfs/index.ts';

/**
 * TFS with a bug: from 3 s, ns1's events first write into the heart-agent news array inside the state they were given
 * (the value it already holds, so without freezing nothing changes and the run passes).
 */
const mutating: ProtocolModule<TfsState, TfsMsg, TfsOptions> = {
  ...tfsProtocol,
  actor: {
    boot: tfsProtocol.actor.boot,
    handle(s, input, ctx, o, bugs) {
      if (s.kind === 'ns' && ctx.self === 'ns1' && ctx.nowUs >= seconds(3)) (s.lastVipNews as unknown as number[])[0] = s.lastVipNews[0];
      return tfsProtocol.actor.handle(s, input, ctx, o, bugs);
    },
  },
};
const run = (p: ProtocolModule<TfsState, TfsMsg, TfsOptions>, freezeStates?: boolean) =>
  runSimulation({ protocol: p, seed: 1, faultPhaseUs: seconds(5), skipLiveness: true, ...(freezeStates === undefined ? {} : { freezeStates }) });

describe('tfs: states stay immutable without immer drafts', () => {
  it('a handler writing into a nested part of its state crashes the run in the test suite', () => {
    const r = run(mutating);
    expect(r.verdict).toBe('crash');
    expect(r.violation?.message).toMatch(/read.only|frozen|Cannot assign/i);
  });

  it('the same run passes with freezing off (as fuzzing runs), and the clean protocol passes with it on', () => {
    expect(run(mutating, false).verdict).toBe('pass');
    expect(run(tfsProtocol).verdict).toBe('pass');
  });
});

// ZAB's handlers copy on write by hand (protocols/zab/env.ts), not through immer drafts: the states they return must
// still be deep-frozen in the test suite, so a handler writing into a state it does not own crashes the run.
import { describe, expect, it } from 'vitest';
import { runSimulation, seconds } from '../../../sim/index.ts';
import type { ProtocolModule } from '../../../sim/index.ts';
import type { ZabMsg, ZabNode, ZabOptions } from '../../../protocols/zab/index.ts';
import { zabProtocol } from '../../../protocols/zab/index.ts';

/**
 * ZAB with a bug: from 3 s, n1's events first write into its current vote, one level down in the state they were given
 * (the value it already holds, so without freezing nothing changes and the run passes).
 */
const mutating: ProtocolModule<ZabNode, ZabMsg, ZabOptions> = {
  ...zabProtocol,
  actor: {
    boot: zabProtocol.actor.boot,
    handle(s, input, ctx, o, bugs) {
      if (ctx.self === 'n1' && ctx.nowUs >= seconds(3)) (s.currentVote as { leader: number }).leader = s.currentVote.leader;
      return zabProtocol.actor.handle(s, input, ctx, o, bugs);
    },
  },
};
const run = (p: ProtocolModule<ZabNode, ZabMsg, ZabOptions>, freezeStates?: boolean) =>
  runSimulation({ protocol: p, seed: 1, faultPhaseUs: seconds(5), skipLiveness: true, ...(freezeStates === undefined ? {} : { freezeStates }) });

describe('zab: states stay immutable without immer drafts', () => {
  it('a handler writing into a nested part of its state crashes the run in the test suite', () => {
    const r = run(mutating);
    expect(r.verdict).toBe('crash');
    expect(r.violation?.message).toMatch(/read.only|frozen|Cannot assign/i);
  });

  it('the same run passes with freezing off (as fuzzing runs), and the clean protocol passes with it on', () => {
    expect(run(mutating, false).verdict).toBe('pass');
    expect(run(zabProtocol).verdict).toBe('pass');
  });
});

// Tair's handlers copy on write by hand (protocols/tair/cow.ts), not through immer drafts: the states they return must
// still be deep-frozen in the test suite, so a handler writing into a state it does not own crashes the run.
import { describe, expect, it } from 'vitest';
import { runSimulation, seconds } from '../../../sim/index.ts';
import type { ProtocolModule } from '../../../sim/index.ts';
import type { TairMsg } from '../../../protocols/tair/messages.ts';
import type { TairOptions } from '../../../protocols/tair/options.ts';
import type { TairState } from '../../../protocols/tair/state.ts';
import { tairProtocol } from '../../../protocols/tair/index.ts';

/**
 * Tair with a bug: from 3 s, cs0's events first write into a dataserver record two levels down in the state they were
 * given (the value it already holds, so without freezing nothing changes and the run passes).
 */
const mutating: ProtocolModule<TairState, TairMsg, TairOptions> = {
  ...tairProtocol,
  actor: {
    boot: tairProtocol.actor.boot,
    handle(s, input, ctx, o, bugs) {
      if (s.kind === 'configserver' && ctx.self === 'cs0' && ctx.nowUs >= seconds(3)) (s.ds['ds1'] as { lastTimeUs: number }).lastTimeUs = s.ds['ds1']!.lastTimeUs;
      return tairProtocol.actor.handle(s, input, ctx, o, bugs);
    },
  },
};
const run = (p: ProtocolModule<TairState, TairMsg, TairOptions>, freezeStates?: boolean) =>
  runSimulation({ protocol: p, seed: 1, faultPhaseUs: seconds(5), skipLiveness: true, ...(freezeStates === undefined ? {} : { freezeStates }) });

describe('tair: states stay immutable without immer drafts', () => {
  it('a handler writing into a nested part of its state crashes the run in the test suite', () => {
    const r = run(mutating);
    expect(r.verdict).toBe('crash');
    expect(r.violation?.message).toMatch(/read.only|frozen|Cannot assign/i);
  });

  it('the same run passes with freezing off (as fuzzing runs), and the clean protocol passes with it on', () => {
    expect(run(mutating, false).verdict).toBe('pass');
    expect(run(tairProtocol).verdict).toBe('pass');
  });
});

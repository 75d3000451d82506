// PaxosStore's handlers copy on write by hand (protocols/paxosstore/env.ts), not through immer drafts: the states they
// return must still be deep-frozen in the test suite, so a handler writing into a state it does not own crashes the run.
import { describe, expect, it } from 'vitest';
import { runSimulation, seconds } from '../../../sim/index.ts';
import type { ProtocolModule } from '../../../sim/index.ts';
import type { PaxosStoreOptions } from '../../../protocols/paxosstore/index.ts';
import { paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';
import type { PsMsg } from '../../../protocols/paxosstore/messages.ts';

type P = ProtocolModule<NodeState, PsMsg, PaxosStoreOptions>;

/**
 * PaxosStore with a bug: from 1 s, a1's events first write into the catch-up worker inside the state they were given
 * (the value it already holds, so without freezing nothing changes and the run passes).
 */
const mutating: P = {
  ...paxosstoreProtocol,
  actor: {
    boot: paxosstoreProtocol.actor.boot,
    handle(s, input, ctx, o, bugs) {
      if (ctx.self === 'a1' && ctx.nowUs >= seconds(1)) (s.catchup as { sentCount: number }).sentCount = s.catchup.sentCount;
      return paxosstoreProtocol.actor.handle(s, input, ctx, o, bugs);
    },
  },
};
const run = (p: P, freezeStates?: boolean) =>
  runSimulation({ protocol: p, seed: 1, faultPhaseUs: seconds(3), skipLiveness: true, ...(freezeStates === undefined ? {} : { freezeStates }) });

describe('paxosstore: states stay immutable without immer drafts', () => {
  it('a handler writing into a nested part of its state crashes the run in the test suite', () => {
    const r = run(mutating);
    expect(r.verdict).toBe('crash');
    expect(r.violation?.message).toMatch(/read.only|frozen|Cannot assign/i);
  });

  it('the same run passes with freezing off (as fuzzing runs), and the clean protocol passes with it on', () => {
    expect(run(mutating, false).verdict).toBe('pass');
    expect(run(paxosstoreProtocol).verdict).toBe('pass');
  });
});

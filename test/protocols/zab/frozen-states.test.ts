// ZAB's handlers copy on write by hand (protocols/zab/env.ts): a handler writing a state it does not own still crashes
// the run in the test suite (test/support/frozen-states.ts).
import { seconds } from '../../../sim/index.ts';
import { zabProtocol } from '../../../protocols/zab/index.ts';
import { describeFrozenStates } from '../../support/frozen-states.ts';

// From 3 s, n1 writes into its current vote, one level down.
describeFrozenStates(zabProtocol, seconds(5), (s, ctx) => {
  if (ctx.self === 'n1' && ctx.nowUs >= seconds(3)) (s.currentVote as { leader: number }).leader = s.currentVote.leader;
});

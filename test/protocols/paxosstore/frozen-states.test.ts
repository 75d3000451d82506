// PaxosStore's handlers copy on write by hand (protocols/paxosstore/env.ts): a handler writing a state it does not own
// still crashes the run in the test suite (test/support/frozen-states.ts).
import { seconds } from '../../../sim/index.ts';
import { paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';
import { describeFrozenStates } from '../../support/frozen-states.ts';

// From 1 s, a1 writes into its catch-up worker.
describeFrozenStates(paxosstoreProtocol, seconds(3), (s, ctx) => {
  if (ctx.self === 'a1' && ctx.nowUs >= seconds(1)) (s.catchup as { sentCount: number }).sentCount = s.catchup.sentCount;
});

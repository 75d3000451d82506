// TFS's handlers copy on write by hand (protocols/tfs/cow.ts): a handler writing a state it does not own still crashes
// the run in the test suite (test/support/frozen-states.ts).
import { seconds } from '../../../sim/index.ts';
import { tfsProtocol } from '../../../protocols/tfs/index.ts';
import { describeFrozenStates } from '../../support/frozen-states.ts';

// From 3 s, ns1 writes into the heart-agent news array.
describeFrozenStates(tfsProtocol, seconds(5), (s, ctx) => {
  if (s.kind === 'ns' && ctx.self === 'ns1' && ctx.nowUs >= seconds(3)) (s.lastVipNews as unknown as number[])[0] = s.lastVipNews[0];
});

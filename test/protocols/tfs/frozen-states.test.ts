// TFS's handlers copy on write by hand (protocols/tfs/cow.ts): a handler writing a state it does not own still crashes
// the run in the test suite (test/support/frozen-states.ts).
import { seconds } from '../../../sim/index.ts';
import { tfsProtocol } from '../../../protocols/tfs/index.ts';
import { describeFrozenStates } from '../../support/frozen-states.ts';

// From 3 s, ns1 writes into the heart-agent news array.
describeFrozenStates(tfsProtocol, seconds(5), (s, ctx) => {
  if (s.kind === 'ns' && ctx.self === 'ns1' && ctx.nowUs >= seconds(3)) (s.lastVipNews as unknown as number[])[0] = s.lastVipNews[0];
});

// A block map is a class instance, which immer's deep freeze skips: the map freezes its own arrays in such runs. From
// 3 s, ds1 writes into its block map's values.
describeFrozenStates(tfsProtocol, seconds(5), (s, ctx) => {
  if (s.kind === 'ds' && ctx.self === 'ds1' && ctx.nowUs >= seconds(3) && s.blocks.size > 0) (s.blocks.values as unknown[])[0] = s.blocks.values[0];
});

// Tair's handlers copy on write by hand (protocols/tair/cow.ts): a handler writing a state it does not own still
// crashes the run in the test suite (test/support/frozen-states.ts).
import { seconds } from '../../../sim/index.ts';
import { tairProtocol } from '../../../protocols/tair/index.ts';
import { describeFrozenStates } from '../../support/frozen-states.ts';

// From 3 s, cs0 writes into a dataserver record two levels down.
describeFrozenStates(tairProtocol, seconds(5), (s, ctx) => {
  if (s.kind === 'configserver' && ctx.self === 'cs0' && ctx.nowUs >= seconds(3)) (s.ds['ds1'] as { lastTimeUs: number }).lastTimeUs = s.ds['ds1']!.lastTimeUs;
});

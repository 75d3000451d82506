// Vitest setup: runs in the test process are strict. States are deep-frozen (a handler mutating one throws, a crash
// verdict) and every invariant is checked after every event (scoped checking is compared with it in
// test/bench/invariant-scope.test.ts). Fuzzing and the CLI leave both off for speed.
import { setInvariantCheckMode, setStateFreezing } from '../../sim/index.ts';

setStateFreezing(true);
setInvariantCheckMode('full');

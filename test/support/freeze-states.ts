// Vitest setup: every run in the test process deep-freezes handler states, so a mutation bug throws (a crash verdict).
import { setStateFreezing } from '../../sim/index.ts';

setStateFreezing(true);

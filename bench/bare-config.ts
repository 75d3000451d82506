// A run config with every watcher off (invariants, history and linearizability, liveness, coverage, trace): what is
// left is the protocol's own handlers and the kernel, the floor no amount of faster checking goes below.
import type { RunConfig } from '../sim/index.ts';

export function bareConfig(c: RunConfig): RunConfig {
  return { ...c, skipLiveness: true, checkInvariants: false, checkLinearizability: false, recordCoverage: false, traceRingSize: 1, hashTrace: false };
}

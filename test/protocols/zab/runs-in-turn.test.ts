// zab's checks keep per-run memory (sim's perRun, which answers the last view asked without its WeakMap lookup): runs
// one after another, and a run repeated after others, must give the same results as each run alone.
import { describe, expect, it } from 'vitest';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { zabProtocol } from '../../../protocols/zab/index.ts';
import type { ProtocolModule } from '../../../sim/index.ts';

describe('zab runs in turn', () => {
  it('give the same trace hash, verdict and anomalies in any order', () => {
    const p = zabProtocol as ProtocolModule;
    const summary = (seed: number) => {
      const r = runFuzzSeed({ protocol: p, seed, faults: 'aimed' });
      return JSON.stringify([r.traceHash, r.violation?.message ?? null, r.anomalies]);
    };
    const first = [1000, 1001, 1002].map(summary);
    expect([1002, 1000, 1001].map(summary)).toEqual([first[2], first[0], first[1]]);
  });
});

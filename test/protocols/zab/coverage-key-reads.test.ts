// zab declares what its coverage key reads (zabCoverageKeyReads: every other server, for a learner's leader), so the
// kernel keys a node only when it or another server changed since its last key. Whole fuzz runs with and without the
// declaration (the kernel's own observe calls, event node by event node) end with the same coverage: the same keys,
// the same first reach of each, the same mark hits. sim's coverage-key-reads test compares every key of every node too.
import { describe, expect, it } from 'vitest';
import type { ProtocolModule } from '../../../sim/index.ts';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { zabProtocol } from '../../../protocols/zab/index.ts';
import { zabCoverageKeyReads } from '../../../protocols/zab/coverage.ts';

const { coverageKeyReads: declared, ...rest } = zabProtocol;
const undeclared = rest as unknown as ProtocolModule;

function coverageOf(p: ProtocolModule, seed: number, bugs: readonly string[] = [], faults: 'timed' | 'aimed' = 'aimed') {
  return runFuzzSeed({ protocol: p, seed, bugs, faults }).coverage;
}

describe('zab coverage-key reads', () => {
  it('name every other server the options allow', () => {
    expect(declared).toBe(zabCoverageKeyReads);
    expect(zabCoverageKeyReads('n1')).toEqual(['n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8', 'n9']);
    expect(zabCoverageKeyReads('n4')).not.toContain('n4');
  });

  it('give whole fuzz runs the same coverage as keying every event node (timed and aimed plans, bug flags)', () => {
    const runs = [
      ...Array.from({ length: 12 }, (_, i) => ({ seed: 1000 + i, bugs: [] as string[], faults: 'aimed' as const })),
      ...Array.from({ length: 6 }, (_, i) => ({ seed: 7000 + i, bugs: [] as string[], faults: 'timed' as const })),
      ...zabProtocol.bugs.slice(0, 4).map((b) => ({ seed: 1000, bugs: [b.id], faults: 'aimed' as const })),
    ];
    let keys = 0;
    for (const { seed, bugs, faults } of runs) {
      const fast = coverageOf(zabProtocol as ProtocolModule, seed, bugs, faults);
      const full = coverageOf(undeclared, seed, bugs, faults);
      expect(fast, `seed ${seed} ${faults} ${bugs.join(',')}`).toEqual(full);
      keys += full!.keys.length;
    }
    expect(keys).toBeGreaterThan(0);
  });

  it('fails on a planted slip: a key declared to read its node alone (a learner\'s leader missed)', () => {
    const nodeOnly = { ...zabProtocol, coverageKeyReads: 'node' } as ProtocolModule;
    const differs = [1000, 1001, 1002, 1003, 1004, 1005].some((seed) => JSON.stringify(coverageOf(nodeOnly, seed)) !== JSON.stringify(coverageOf(undeclared, seed)));
    expect(differs).toBe(true);
  });
});

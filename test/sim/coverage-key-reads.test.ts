// Declared coverage-key reads (ProtocolModule.coverageKeyReads) and mark reads (Mark.reads): the coverage tracker keys a
// node only when it or a node its key reads changed since it was last keyed, and asks a mark naming its reads only after
// an event that changed one of them. Beside it, a twin tracker on the full path computes every key of every node and
// asks every mark after every event; along fuzz seeds, clean and with bug flags, of every protocol that declares reads,
// both end with the same keys, the same first reach of each key, and the same first hit of each mark.
import { describe, expect, it } from 'vitest';
import type { ProtocolModule, RunCoverage, View } from '../../sim/index.ts';
import { CoverageTracker } from '../../sim/coverage.ts';
import { afterEveryEvent } from '../support/compare-along.ts';
import { registeredProtocols } from '../../scenarios/registry.ts';

/** Both trackers' results after keying every node (a null event node) after every event of the seed. */
function twins(protocol: ProtocolModule, seed: number, bugs: readonly string[]): [RunCoverage, RunCoverage] {
  const fast = new CoverageTracker(protocol);
  const full = new CoverageTracker(protocol, true);
  afterEveryEvent(protocol, seed, bugs, (view: View<unknown>, i) => {
    fast.observe(view, null, i);
    full.observe(view, null, i);
  });
  return [fast.result()!, full.result()!];
}

const declaring = registeredProtocols().filter((p) => p.coverageKeyReads !== undefined || (p.marks ?? []).some((m) => m.reads !== undefined));

describe('coverage-key and mark reads: changed nodes only, against every key and mark after every event', () => {
  it('are declared by tair and zab', () => {
    expect(declaring.map((p) => p.name).sort()).toEqual(['tair', 'zab']);
  });

  for (const p of declaring) {
    it(`${p.name}: the same keys, first reaches and first mark hits along clean and bug-flag seeds`, () => {
      const runs = [...[1000, 1001, 7000].map((seed) => ({ seed, bugs: [] as string[] })), ...p.bugs.slice(0, 2).map((b) => ({ seed: 1000, bugs: [b.id] }))];
      let keys = 0;
      for (const { seed, bugs } of runs) {
        const [fast, full] = twins(p, seed, bugs);
        expect(fast, `${p.name} seed ${seed} ${bugs.join(',')}`).toEqual(full);
        keys += full.keys.length;
      }
      expect(keys).toBeGreaterThan(0);
    });
  }

  it('fails on a planted difference: a key declared to read its node alone that reads others', () => {
    const p = declaring.find((q) => q.name === 'tair')!;
    const [fast, full] = twins({ ...p, coverageKeyReads: 'node' } as ProtocolModule, 1000, []);
    expect(fast.keys).not.toEqual(full.keys);
  });

  it('fails on a planted difference: a mark declared to read no node', () => {
    const p = declaring.find((q) => q.name === 'tair')!;
    const marks = (p.marks ?? []).map((m) => (m.reads !== undefined ? { ...m, reads: [] } : m));
    const [fast, full] = twins({ ...p, coverageKey: undefined, marks } as unknown as ProtocolModule, 1000, []);
    expect(fast.marks).not.toEqual(full.marks);
  });
});

// Node marks (sim/node-marks.ts): the coverage tracker asks a node mark only of the nodes that changed since it last
// asked. Beside it, a twin tracker asks every mark of every node (the marks' own `check`, the full path); after every
// event of fuzz seeds, clean and with bug flags, of every protocol that declares node marks, both saw each mark first
// hold at the same event.
import { describe, expect, it } from 'vitest';
import type { MarkHit, ProtocolModule, View } from '../../sim/index.ts';
import { CoverageTracker } from '../../sim/coverage.ts';
import { isNodeMark } from '../../sim/node-marks.ts';
import { afterEveryEvent } from '../support/compare-along.ts';
import { registeredProtocols } from '../../scenarios/registry.ts';

/** Both trackers' marks after every event of the seed (keys left out: the twins compare marks only). */
function twins(protocol: ProtocolModule, seed: number, bugs: readonly string[]): [Record<string, MarkHit | null>, Record<string, MarkHit | null>] {
  const marksOnly = { ...protocol, coverageKey: undefined } as unknown as ProtocolModule;
  const fast = new CoverageTracker(marksOnly);
  const full = new CoverageTracker(marksOnly, true);
  afterEveryEvent(protocol, seed, bugs, (view: View<unknown>, i) => {
    fast.observe(view, null, i);
    full.observe(view, null, i);
  });
  return [{ ...fast.result()!.marks }, { ...full.result()!.marks }];
}

const withNodeMarks = registeredProtocols().filter((p) => (p.marks ?? []).some(isNodeMark));

describe('node marks: changed nodes only, against every node', () => {
  it('are declared by every protocol with marks: paxosstore, tair, tfs and zab', () => {
    expect(withNodeMarks.map((p) => p.name).sort()).toEqual(['paxosstore', 'tair', 'tfs', 'zab']);
  });

  for (const p of withNodeMarks) {
    it(`${p.name}: the same first hits after every event of clean and bug-flag seeds`, () => {
      let held = 0;
      const runs = [...[1000, 1001].map((seed) => ({ seed, bugs: [] as string[] })), ...p.bugs.slice(0, 2).map((b) => ({ seed: 1000, bugs: [b.id] }))];
      for (const { seed, bugs } of runs) {
        const [fast, full] = twins(p, seed, bugs);
        expect(fast, `${p.name} seed ${seed} ${bugs.join(',')}`).toEqual(full);
        held += (p.marks ?? []).filter((m) => isNodeMark(m) && full[m.name] !== null).length;
      }
      // Not vacuous: some node mark held in these runs.
      expect(held).toBeGreaterThan(0);
    });
  }

  it('fails on a planted difference: a node test stricter than its check', () => {
    const p = withNodeMarks.find((q) => q.name === 'zab')!;
    const marks = (p.marks ?? []).map((m) => (isNodeMark(m) ? { ...m, holdsAt: () => false } : m));
    const [fast, full] = twins({ ...p, marks } as ProtocolModule, 1000, []);
    expect(fast).not.toEqual(full);
  });
});

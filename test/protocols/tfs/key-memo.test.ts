// tfs's coverage key hands back a node's last key when nothing it reads changed (coverage.ts lastKeys: the node's state
// object, and of the view a nameserver's VIP bit and safe-mode clocks, a dataserver's VIP-master block map), interns
// DS and client texts by code, and works out a DS's standing against the master by a merge walk of the two sorted
// block maps. These show the key so found equals tfsCoverageKeyFresh (nothing remembered, a lookup per block) for every
// node after every event of fuzz seeds, clean and with bug flags; that the runs do move keys with the state unchanged
// (so a memory keyed on the state alone would fail here); and the merge walk against the lookups on drawn maps.
import { describe, expect, it } from 'vitest';
import { FAST_OPTIONS, tfsProtocol } from '../../../protocols/tfs/index.ts';
import type { NsState, TfsState } from '../../../protocols/tfs/index.ts';
import { tfsCoverageKeyFresh } from '../../../protocols/tfs/coverage.ts';
import { BlockMap } from '../../../protocols/tfs/block-map.ts';
import { runSimulation } from '../../../sim/index.ts';
import { compareAlongSeeds } from '../../support/compare-along.ts';
import { viewOf } from './fake-view.ts';

describe('tfs remembered coverage key', () => {
  it('equals a fresh key for every node after every event, and keys move with unchanged states', () => {
    const key = tfsProtocol.coverageKey!;
    const mismatches: string[] = [];
    let compared = 0;
    const last = new Map<string, { state: TfsState; key: string | null }>();
    const movedWithSameState: Record<string, number> = {};
    const runs = [
      ...[1000, 1003, 7004, 1070001].map((seed) => ({ seed, bugs: [] as string[] })),
      ...tfsProtocol.bugs.slice(0, 8).map((b, i) => ({ seed: 1000 + i, bugs: [b.id] })),
    ];
    const violations = compareAlongSeeds<TfsState>(tfsProtocol, runs, (n, s, view, { seed, bugs = [] }) => {
      const got = key(n, view);
      const fresh = tfsCoverageKeyFresh(n, view);
      compared++;
      if (got !== fresh) mismatches.push(`seed ${seed} ${bugs.join(',')} ${view.nowUs} ${n.id}: ${got} vs ${fresh}`);
      const l = last.get(`${seed}:${n.id}`);
      if (l !== undefined && l.state === s && l.key !== fresh) movedWithSameState[s.kind] = (movedWithSameState[s.kind] ?? 0) + 1;
      last.set(`${seed}:${n.id}`, { state: s, key: fresh });
      return null;
    }, { invariantChecks: 'full' });
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(compared).toBeGreaterThan(20000);
    expect(violations.filter((v) => v !== null).length).toBeLessThan(runs.length);
    // A nameserver's key moves with the clock and the VIP, a dataserver's with the master's block map.
    expect(movedWithSameState['ns'] ?? 0).toBeGreaterThan(0);
    expect(movedWithSameState['ds'] ?? 0).toBeGreaterThan(0);
  }, 600_000);

  it('a DS against the master: the merge walk answers as the lookups on drawn block maps', () => {
    const r = runSimulation({ protocol: tfsProtocol, seed: 3, options: FAST_OPTIONS, faultPhaseUs: 6_000_000, faults: [] });
    const states = r.finalStates as Record<string, TfsState>;
    const master = states['ns1'] as NsState;
    const ds = states['ds1'] as Extract<TfsState, { kind: 'ds' }>;
    expect(master.role).toBe('master');
    let x = 12345;
    const draw = (k: number): number => { x = (x * 1103515245 + 12345) % 2147483648; return (x >>> 16) % k; };
    const seen = new Set<string>();
    for (let round = 0; round < 300; round++) {
      const dsIds: Record<string, string> = {};
      const masterIds: Record<string, readonly string[]> = {};
      for (let id = 1; id <= 4; id++) {
        if (draw(2) === 0) dsIds[String(id)] = `t${id}`;
        const d = draw(4);
        if (d > 0) masterIds[String(id)] = d === 1 ? ['ds1'] : d === 2 ? ['ds2'] : ['ds2', 'ds1'];
      }
      const withBlocks = {
        ...states,
        ns1: { ...master, blocks: BlockMap.of(masterIds) },
        ds1: { ...ds, blocks: BlockMap.of(dsIds) },
      } as Record<string, TfsState>;
      const view = viewOf(withBlocks, 0, 'ns1');
      const n = view.node('ds1' as never);
      const got = tfsProtocol.coverageKey!(n, view);
      expect(got).toBe(tfsCoverageKeyFresh(n, view));
      seen.add(got!.slice(got!.lastIndexOf('|') + 1));
    }
    expect([...seen].sort()).toEqual(['ns:agree', 'ns:stale', 'ns:unlisted', 'ns:unlisted+stale']);
  });
});

// Splicing two corpus plans: the parent's faults before the cut, the other's from it on, each window with its heal.
import { describe, expect, it } from 'vitest';
import { Prng, drawFaultPlan, type FaultStep } from '../../sim/index.ts';
import { registeredProtocols } from '../../scenarios/registry.ts';
import { spliceUnits, splicePlans } from '../../scenarios/guided-splice.ts';

const WINDOWED = new Set(['partition', 'partition-one-way', 'datagram-loss']);
const key = (s: FaultStep): string => JSON.stringify(s);

describe('guided fuzzing: splice', () => {
  it('units pair each window with the next heal after it; a lone heal is its own unit', () => {
    const steps: FaultStep[] = [
      { atUs: 1, kind: 'heal' },
      { atUs: 2, kind: 'partition', groups: [['n1'], ['n2', 'n3']] },
      { atUs: 3, kind: 'crash', target: 'n2', mode: 'process', forUs: 5 },
      { atUs: 4, kind: 'heal' },
    ];
    expect(spliceUnits(steps).map((u) => u.map((s) => s.atUs))).toEqual([[1], [2, 4], [3]]);
  });

  for (const p of registeredProtocols()) {
    it(`${p.name}: 100 splices take every step from one side of the cut and keep each window's heal`, () => {
      const nodes = p.nodes({ ...p.defaultOptions, ...p.faultBudget.fuzzOptions });
      const prng = new Prng(11, 'test');
      let mixed = 0;
      for (let i = 0; i < 100; i++) {
        const a = drawFaultPlan(2 * i + 1, nodes, p.faultBudget).steps;
        const b = drawFaultPlan(2 * i + 2, nodes, p.faultBudget).steps;
        const out = splicePlans(a, b, p.faultBudget.fuzzFaultPhaseUs, prng);
        const fromA = out.filter((s) => a.some((x) => key(x) === key(s)));
        const fromB = out.filter((s) => b.some((x) => key(x) === key(s)));
        expect(fromA.length + fromB.length).toBeGreaterThanOrEqual(out.length);
        if (fromA.length > 0 && fromB.length > 0) mixed++;
        // Every window kept is followed (in the spliced list) by a heal at or after it.
        out.forEach((s, j) => { if (WINDOWED.has(s.kind)) expect(out.slice(j + 1).some((x) => x.kind === 'heal' && x.atUs >= s.atUs)).toBe(true); });
        // The cut splits by start time: A's windows and lone steps all start before B's.
        const aStarts = fromA.filter((s) => s.kind !== 'heal').map((s) => s.atUs);
        const bStarts = fromB.filter((s) => s.kind !== 'heal' && !fromA.includes(s)).map((s) => s.atUs);
        if (aStarts.length > 0 && bStarts.length > 0) expect(Math.max(...aStarts)).toBeLessThanOrEqual(Math.min(...bStarts));
      }
      expect(mixed).toBeGreaterThan(10);
    });
  }
});

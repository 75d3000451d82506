// The catalog's message sizes (a point's `bytes` and heavy arm time) come from jsonTextLength's walk, which sizes a
// message without building its text: the catalog it gives must equal, point for point, the one sized by JSON.stringify
// (CatalogRun.isPlainSizing), along fuzz seeds of every protocol and with bug flags on.
import { describe, expect, it } from 'vitest';
import { drawFaultPlan, drawPerturbedOptions, recordCatalog } from '../../sim/index.ts';
import type { CrashPointCatalog, ProtocolModule } from '../../sim/index.ts';
import { findProtocol } from '../../scenarios/registry.ts';

/** The catalog fuzzRunConfig records for a seed (aimed faults: perturbed options, the timed plan, the down budget). */
function seedCatalog(protocol: ProtocolModule, seed: number, bugs: readonly string[], isPlainSizing: boolean): CrashPointCatalog {
  const budget = protocol.faultBudget;
  const opts = { ...protocol.defaultOptions, ...budget.fuzzOptions, ...drawPerturbedOptions(seed, budget.perturb) };
  const plan = drawFaultPlan(seed, protocol.nodes(opts), budget);
  const downBudget = { maxDownNodes: budget.maxDownNodes, ...(budget.crashableKinds !== undefined ? { kinds: budget.crashableKinds } : {}) };
  return recordCatalog({ protocol, seed, options: opts, bugs, faultPhaseUs: budget.fuzzFaultPhaseUs, faults: plan.steps, downBudget, isPlainSizing });
}

describe('crash-point catalog sizes', () => {
  for (const name of ['zab', 'tair', 'tfs', 'paxosstore']) {
    it(`${name}: jsonTextLength's sizes give the catalog JSON.stringify's give`, () => {
      const protocol = findProtocol(name)!;
      const runs: [number, readonly string[]][] = [[3, []], [101, []], [7001, []]];
      for (const [i, b] of protocol.bugs.slice(0, 2).entries()) runs.push([11 + i, [b.id]]);
      let sized = 0;
      for (const [seed, bugs] of runs) {
        const fast = seedCatalog(protocol, seed, bugs, false);
        expect(fast, `${name} seed ${seed} ${bugs.join()}`).toEqual(seedCatalog(protocol, seed, bugs, true));
        for (const p of [...fast.sent, ...fast.received]) if ((p.bytes ?? 0) > 0) sized++;
      }
      // Payloads were sized at all (a catalog without any would agree whatever the sizes).
      expect(sized).toBeGreaterThan(0);
    });
  }
});

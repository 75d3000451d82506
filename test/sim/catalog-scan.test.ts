// The recording run asks roles() again only when something it may read changed: after an event without fault or phase
// records it looks at the event's own node only (RunConfig.onEvent's nodeIndex), not at every node. That is exact only
// while no other node can change in such an event; the catalog it gives must equal, point for point, the one the plain
// scan of every node after every event gives (CatalogRun.isPlainScan), along fuzz seeds of every protocol, with bug
// flags on and with timed faults (crashes, restarts, pauses, partitions) in the plans; and it must ask roles() after
// the same events (a change noticed an event late rarely moves a catalog: the test reads the times of the asks too).
import { describe, expect, it } from 'vitest';
import { drawFaultPlan, drawPerturbedOptions, recordCatalog } from '../../sim/index.ts';
import type { CrashPointCatalog, ProtocolModule } from '../../sim/index.ts';
import { findProtocol } from '../../scenarios/registry.ts';

/** The catalog fuzzRunConfig records for a seed (aimed faults: perturbed options, the timed plan, the down budget). */
function seedCatalog(p: ProtocolModule, seed: number, bugs: readonly string[], isPlainScan: boolean): { catalog: CrashPointCatalog; asks: number[] } {
  const asks: number[] = [];
  const protocol: ProtocolModule = { ...p, roles: (view, options) => { asks.push(view.nowUs); return p.roles(view, options); } };
  const budget = protocol.faultBudget;
  const opts = { ...protocol.defaultOptions, ...budget.fuzzOptions, ...drawPerturbedOptions(seed, budget.perturb) };
  const plan = drawFaultPlan(seed, protocol.nodes(opts), budget);
  const downBudget = { maxDownNodes: budget.maxDownNodes, ...(budget.crashableKinds !== undefined ? { kinds: budget.crashableKinds } : {}) };
  const catalog = recordCatalog({ protocol, seed, options: opts, bugs, faultPhaseUs: budget.fuzzFaultPhaseUs, faults: plan.steps, downBudget, isPlainScan });
  return { catalog, asks };
}

describe('crash-point catalog: roles asked after the event node changed', () => {
  for (const name of ['zab', 'tair', 'tfs', 'paxosstore']) {
    it(`${name}: looking at the event's node gives the catalog looking at every node gives`, () => {
      const protocol = findProtocol(name)!;
      const runs: [number, readonly string[]][] = [];
      for (let seed = 1; seed <= 12; seed++) runs.push([seed, []]);
      for (const [i, b] of protocol.bugs.slice(0, 3).entries()) runs.push([21 + i, [b.id]]);
      let entries = 0;
      for (const [seed, bugs] of runs) {
        const fast = seedCatalog(protocol, seed, bugs, false);
        const plain = seedCatalog(protocol, seed, bugs, true);
        expect(fast.asks, `${name} seed ${seed} ${bugs.join()}: roles() asked at`).toEqual(plain.asks);
        expect(fast.catalog, `${name} seed ${seed} ${bugs.join()}`).toEqual(plain.catalog);
        entries += fast.catalog.roleEntries.length;
      }
      // Roles were entered at all (catalogs without role changes would agree whatever the scan).
      expect(entries).toBeGreaterThan(0);
    });
  }
});

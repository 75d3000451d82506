// The crash-point catalog of a few fuzz seeds per protocol, pinned by digest. The catalog decides every aimed fuzz plan
// (and so every aimed seed's trace), so a change made for speed (sim/catalog.ts, the trace tap, json-fold's lengths,
// the key interner, bursts) must leave it byte-identical: a digest that moves is a bug in that change, not a value to
// refresh. Refresh only for a deliberate change of what the catalog records (or of a protocol's behaviour), by
// printing the new digests (console.log(digest(...)) below) and saying why in the commit.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { drawFaultPlan, drawPerturbedOptions, recordCatalog } from '../../sim/index.ts';
import type { ProtocolModule } from '../../sim/index.ts';
import { findProtocol } from '../../scenarios/registry.ts';

/** The catalog fuzzRunConfig records for a seed (aimed faults: perturbed options, the timed plan, the down budget). */
function seedCatalog(protocol: ProtocolModule, seed: number): unknown {
  const budget = protocol.faultBudget;
  const opts = { ...protocol.defaultOptions, ...budget.fuzzOptions, ...drawPerturbedOptions(seed, budget.perturb) };
  const plan = drawFaultPlan(seed, protocol.nodes(opts), budget);
  const downBudget = { maxDownNodes: budget.maxDownNodes, ...(budget.crashableKinds !== undefined ? { kinds: budget.crashableKinds } : {}) };
  return recordCatalog({ protocol, seed, options: opts, bugs: [], faultPhaseUs: budget.fuzzFaultPhaseUs, faults: plan.steps, downBudget });
}

const digest = (name: string, seed: number): string => createHash('sha256').update(JSON.stringify(seedCatalog(findProtocol(name)!, seed))).digest('hex').slice(0, 16);

const PINNED: Readonly<Record<string, readonly [number, string][]>> = {
  zab: [[3, '186a03c429e8b9c8'], [7001, '86611dfbd12aa090']],
  tair: [[3, '4248159c882a4678'], [7001, '2e3c3413d3e014d7']],
  tfs: [[3, 'fd932ad042943b88'], [7001, '45a0b63beadb48ab']],
  paxosstore: [[3, '79fda453f401b803'], [7001, '7a34e19d2a91b6c0']],
};

describe('crash-point catalogs of fuzz seeds (pinned)', () => {
  for (const [name, seeds] of Object.entries(PINNED)) {
    it(`${name}: the catalogs of seeds ${seeds.map(([s]) => s).join(', ')} are unchanged`, () => {
      for (const [seed, hash] of seeds) expect(digest(name, seed), `${name} seed ${seed}`).toBe(hash);
    });
  }
});

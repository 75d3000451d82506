// A fuzz seed written as a scenario (what failure files hold) validates and runs exactly the same simulation.
import { describe, expect, it } from 'vitest';
import type { ProtocolModule } from '../../sim/index.ts';
import { fuzzSeedScenario } from '../../scenarios/plan-to-scenario.ts';
import { fuzzRunConfig, runFuzzSeed, type FuzzFaults } from '../../scenarios/fuzz-run.ts';
import { validateScenario } from '../../scenarios/load.ts';
import { runScenario } from '../../scenarios/scenario.ts';
import { addTestProtocols, registeredProtocols } from '../../scenarios/registry.ts';
import { flakyProtocol } from '../support/cli-protocols.ts';

addTestProtocols([flakyProtocol]);

// The seed's whole plan (timed + aimed triggered steps), its drawn options and its down budget, as a failure file holds them.
const asScenario = (p: ProtocolModule, seed: number, bugs: readonly string[], faults: FuzzFaults = 'aimed') => {
  const { plan, fuzzOptions, downBudget } = fuzzRunConfig({ protocol: p, seed, bugs, faults });
  return fuzzSeedScenario({ protocol: p.name, seed, bugs, steps: plan.steps, kinds: plan.kinds, faultPhaseUs: p.faultBudget.fuzzFaultPhaseUs, options: fuzzOptions, downBudget });
};

describe('fuzz seeds as scenario files', () => {
  it('validate for many drawn plans of every registered protocol', () => {
    for (const p of registeredProtocols()) {
      // Timed plans are cheap to draw; aimed ones cost a recording run each, so fewer of them.
      for (let seed = 1; seed <= 150; seed++) expect(() => validateScenario(`${p.name} seed ${seed}`, asScenario(p, seed, [], 'timed'))).not.toThrow();
      for (let seed = 1; seed <= 6; seed++) expect(() => validateScenario(`${p.name} aimed seed ${seed}`, asScenario(p, seed, []))).not.toThrow();
    }
  });

  it('run to the same verdict and trace hash as the fuzz seed (flaky, with and without a bug)', () => {
    for (let seed = 1; seed <= 12; seed++) {
      for (const bugs of [[], ['flaky/fragile-restart']]) {
        const fuzz = runFuzzSeed({ protocol: flakyProtocol, seed, bugs });
        const replay = runScenario(validateScenario('x', asScenario(flakyProtocol, seed, bugs))).result;
        expect([replay.verdict, replay.traceHash]).toEqual([fuzz.verdict, fuzz.traceHash]);
      }
    }
  });

  it('run to the same trace hash for one seed of every shipped protocol', () => {
    for (const p of registeredProtocols().filter((x) => x !== flakyProtocol)) {
      const fuzz = runFuzzSeed({ protocol: p, seed: 3 });
      const replay = runScenario(validateScenario('x', asScenario(p, 3, []))).result;
      expect(replay.traceHash, p.name).toBe(fuzz.traceHash);
    }
  });
});

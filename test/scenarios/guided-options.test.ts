// Guided mutants that move their options: every perturbed option is overridden (the seed's own draw masked), at most one
// differs from the base and it stays within its perturb range; a mutant with moved options replays from its
// failure-file scenario alone; the first generations of a guided campaign are plain.
import { describe, expect, it } from 'vitest';
import { Prng, drawPerturbedOptions, type FaultPlan } from '../../sim/index.ts';
import { registeredProtocols } from '../../scenarios/registry.ts';
import { mutateOptions } from '../../scenarios/guided-options.ts';
import { GuidedCorpus, PLAIN_GENERATIONS } from '../../scenarios/guided-corpus.ts';
import { fuzzSeedScenario } from '../../scenarios/plan-to-scenario.ts';
import { validateScenario } from '../../scenarios/load.ts';
import { runScenario } from '../../scenarios/scenario.ts';
import { runFuzzSeed } from '../../scenarios/fuzz-run.ts';

const zab = registeredProtocols().find((p) => p.name === 'zab')!;

describe('guided fuzzing: option mutants', () => {
  for (const p of registeredProtocols()) {
    it(`${p.name}: 100 option mutants override every perturbed option, change at most one, within its range`, () => {
      const perturb = p.faultBudget.perturb ?? {};
      const space = { defaults: p.defaultOptions, budget: p.faultBudget };
      const prng = new Prng(7, 'test');
      let changed = 0;
      for (let seed = 1; seed <= 100; seed++) {
        const base = { ...p.faultBudget.fuzzOptions, ...drawPerturbedOptions(seed, perturb) };
        const m = mutateOptions(base, space, prng);
        expect(Object.keys(m).sort()).toEqual(Object.keys(perturb).sort());
        const unset = (name: string): unknown => (p.faultBudget.fuzzOptions ?? {})[name] ?? p.defaultOptions[name];
        const diffs = Object.keys(m).filter((k) => JSON.stringify(m[k]) !== JSON.stringify(k in base ? base[k] : unset(k)));
        expect(diffs.length).toBeLessThanOrEqual(1);
        changed += diffs.length;
        for (const k of diffs) {
          const r = perturb[k]!;
          if (JSON.stringify(m[k]) === JSON.stringify(unset(k))) continue;
          if ('oneOf' in r) expect(r.oneOf.map((x) => JSON.stringify(x))).toContain(JSON.stringify(m[k]));
          else { expect(m[k]).toBeGreaterThanOrEqual(r.min); expect(m[k]).toBeLessThanOrEqual(r.max); }
        }
        // The seed's own nodes may change (tair's client count): the overrides alone decide them.
        expect(() => p.nodes({ ...p.defaultOptions, ...base, ...m })).not.toThrow();
      }
      if (Object.keys(perturb).length > 0) expect(changed).toBeGreaterThan(30);
    });
  }

  it('zab: option mutants from a corpus replay from their failure-file scenario alone', () => {
    const space = { defaults: zab.defaultOptions, budget: zab.faultBudget, nodesOf: (o: Readonly<Record<string, unknown>>) => zab.nodes({ ...zab.defaultOptions, ...o }) };
    const corpus = new GuidedCorpus(zab.nodes({ ...zab.defaultOptions, ...zab.faultBudget.fuzzOptions }), zab.faultBudget, space);
    const parent = runFuzzSeed({ protocol: zab, seed: 5 });
    const plan: FaultPlan = parent.plan;
    const ids = zab.nodes({ ...zab.defaultOptions, ...parent.fuzzOptions }).map((n) => n.id as string);
    corpus.add({ seed: 5, plan, freshKeys: 1, messageTypes: ['proposal', 'ack'], keys: parent.coverage?.keys ?? [], nodeIds: ids, options: parent.fuzzOptions });
    for (let g = 0; g < PLAIN_GENERATIONS; g++) corpus.reweigh();
    let replayed = 0;
    let moved = 0;
    for (let seed = 100; seed < 140; seed++) {
      const own = { ...zab.faultBudget.fuzzOptions, ...drawPerturbedOptions(seed, zab.faultBudget.perturb) };
      const m = corpus.planFor(seed, zab.nodes({ ...zab.defaultOptions, ...own }).map((n) => n.id as string), own);
      if (m?.options === undefined) continue;
      moved++;
      if (replayed >= 2) continue;
      const direct = runFuzzSeed({ protocol: zab, seed, options: m.options, plan: m.plan });
      for (const [k, v] of Object.entries(m.options)) expect(direct.fuzzOptions[k]).toEqual(v);
      const raw = fuzzSeedScenario({ protocol: 'zab', seed, bugs: [], steps: direct.plan.steps, kinds: direct.plan.kinds, faultPhaseUs: zab.faultBudget.fuzzFaultPhaseUs, options: direct.fuzzOptions, downBudget: direct.downBudget });
      expect(runScenario(validateScenario(`mutant ${seed}`, raw)).result.traceHash, `seed ${seed}`).toBe(direct.traceHash);
      replayed++;
    }
    expect(replayed).toBe(2);
    // One mutant in 2 moves its options (of the 7 in 8 seeds that run mutants).
    expect(moved).toBeGreaterThan(8);
    expect(moved).toBeLessThan(30);
  });

  it('the first PLAIN_GENERATIONS generations run every seed\'s own plan', () => {
    const corpus = new GuidedCorpus(zab.nodes(zab.defaultOptions), zab.faultBudget);
    corpus.add({ seed: 1, plan: { kinds: [], steps: [] }, freshKeys: 1, messageTypes: [], keys: ['k'], nodeIds: ['n1', 'n2', 'n3'] });
    const mutants = (): number => Array.from({ length: 64 }, (_, i) => corpus.planFor(1000 + i, ['n1', 'n2', 'n3'])).filter((x) => x !== null).length;
    for (let g = 0; g < PLAIN_GENERATIONS; g++) { expect(mutants()).toBe(0); corpus.reweigh(); }
    expect(mutants()).toBeGreaterThan(40);
  });
});

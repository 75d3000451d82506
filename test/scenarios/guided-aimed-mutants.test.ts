// Guided fuzzing mutates the aimed plans fuzz really draws, whose steps may name "trigger-peer" (the other end of a
// send or receive). The kernel refuses a step that names the peer of a trigger without one (sim/triggers.ts:
// "only send and receive triggers have a peer"); a mutant that replaced such a step's trigger with a disk or role
// trigger once crashed `fuzz --guided` (tfs, 2,000 seeds; about one mutant in 200). Every mutant must keep that rule
// and run.
import { describe, expect, it } from 'vitest';
import { Prng, type FaultPlan, type FaultStep } from '../../sim/index.ts';
import { registeredProtocols } from '../../scenarios/registry.ts';
import { mutatePlan } from '../../scenarios/guided-mutate.ts';
import { fuzzSeedNodeIds, runFuzzSeed } from '../../scenarios/fuzz-run.ts';
import { fitToNodes } from '../../scenarios/guided-corpus.ts';

const refersToPeer = (s: FaultStep): boolean => JSON.stringify(s).includes('"trigger-peer"');
const hasPeer = (s: FaultStep): boolean => s.when !== undefined && ('send' in s.when || 'receive' in s.when);

describe('guided fuzzing: mutants of aimed plans', () => {
  for (const p of registeredProtocols()) {
    it(`${p.name}: mutants of plans with trigger-peer steps keep a message trigger on them, and run`, () => {
      // The first fuzz seeds whose own aimed plan aims at a message's other end.
      const parents: { seed: number; plan: FaultPlan }[] = [];
      let types: readonly string[] = [];
      for (let seed = 1; seed <= 60 && parents.length < 2; seed++) {
        const r = runFuzzSeed({ protocol: p, seed });
        if (!r.plan.steps.some(refersToPeer)) continue;
        parents.push({ seed, plan: r.plan });
        types = Object.keys(r.stats.messagesByType).sort();
      }
      expect(parents.length).toBe(2);
      const nodes = p.nodes({ ...p.defaultOptions, ...p.faultBudget.fuzzOptions });
      const prng = new Prng(7, 'aimed-mutants');
      const toRun: { seed: number; plan: FaultPlan }[] = [];
      let peerSteps = 0;
      for (let i = 0; i < 600; i++) {
        const parent = parents[i % 2]!;
        // Stacked: every third mutant mutates the previous one again.
        const base = i % 3 === 0 || toRun.length === 0 ? parent.plan : toRun[toRun.length - 1]!.plan;
        const plan = mutatePlan(base, { nodes, budget: p.faultBudget, other: parents[(i + 1) % 2]!.plan, messageTypes: types }, prng);
        const peered = plan.steps.filter(refersToPeer);
        peerSteps += peered.length;
        for (const s of peered) expect(hasPeer(s), `mutant ${i}: ${JSON.stringify(s)}`).toBe(true);
        // As the campaign does (guided-corpus.ts): drop steps naming nodes of the other parent that this seed lacks
        // (paxosstore perturbs acceptorCount 3/5, so a splice can bring in "all-a5").
        const own = new Set(fuzzSeedNodeIds({ protocol: p, seed: parent.seed }));
        const foreign = new Set(parents.flatMap((x) => fuzzSeedNodeIds({ protocol: p, seed: x.seed })).filter((id) => !own.has(id)));
        if (peered.length > 0 && toRun.length < 6) toRun.push({ seed: parent.seed, plan: fitToNodes(plan, foreign) });
      }
      expect(peerSteps).toBeGreaterThan(100);
      for (const m of toRun) expect(() => runFuzzSeed({ protocol: p, seed: m.seed, plan: m.plan }), JSON.stringify(m.plan.steps)).not.toThrow();
    }, 120_000);
  }
});

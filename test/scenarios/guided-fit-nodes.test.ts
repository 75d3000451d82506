// A guided mutant runs with its own seed's perturbed options, which can have fewer clients or servers than the plans it
// was mutated from. `fuzz --guided` on tair once stopped at its first generation of mutants with `unknown target "c2"`:
// a step drawn with two clients, spliced into a seed drawn with one. Mutants must name only nodes their seed has.
import { describe, expect, it } from 'vitest';
import type { FaultPlan, NodeSpec } from '../../sim/index.ts';
import { nodeId } from '../../sim/index.ts';
import { GuidedCorpus, PLAIN_GENERATIONS, fitToNodes, namesOf } from '../../scenarios/guided-corpus.ts';
import { registeredProtocols } from '../../scenarios/registry.ts';
import { fuzzSeedNodeIds, runFuzzSeed } from '../../scenarios/fuzz-run.ts';


describe('guided fuzzing: mutants fit their seed\'s nodes', () => {
  it('fitToNodes drops steps naming a foreign node (as target, group member or trigger matcher) and keeps roles', () => {
    const plan: FaultPlan = {
      kinds: ['crash', 'partition'],
      steps: [
        { atUs: 1, kind: 'crash', target: 'c2', mode: 'process', forUs: 5 },
        { atUs: 2, kind: 'partition', groups: [['n1', 'c2'], ['rest']], forUs: 5 },
        { atUs: 3, kind: 'crash', target: 'trigger', mode: 'process', forUs: 5, when: { send: 'x', node: 'c2' } },
        { atUs: 4, kind: 'crash', target: 'leader', mode: 'process', forUs: 5 },
        { atUs: 5, kind: 'pause', target: 'n1', forUs: 5, when: { role: 'leader', node: 'any-leader' } },
      ],
    };
    const fit = fitToNodes(plan, new Set(['c2']));
    expect(fit.steps.map((s) => s.atUs)).toEqual([4, 5]);
    expect(fit.kinds).toEqual(['crash', 'pause']);
    expect(fitToNodes(plan, new Set())).toBe(plan);
  });

  it('a corpus plan aimed at c2 yields no mutant naming c2 for a seed without it', () => {
    const nodes: NodeSpec[] = ['n1', 'n2', 'c1', 'c2'].map((id) => ({ id: nodeId(id), kind: id.startsWith('c') ? 'client' : 'server' }) as NodeSpec);
    const { crashableKinds: _ignored, ...budget } = registeredProtocols().find((p) => p.name === 'zab')!.faultBudget;
    const corpus = new GuidedCorpus(nodes, budget);
    const plan: FaultPlan = { kinds: ['crash'], steps: [{ atUs: 10, kind: 'crash', target: 'c2', mode: 'process', forUs: 100 }, { atUs: 20, kind: 'crash', target: 'n2', mode: 'process', forUs: 100 }] };
    corpus.add({ seed: 1, plan, freshKeys: 1, messageTypes: [], keys: ['k'], nodeIds: ['n1', 'n2', 'c1', 'c2'] });
    for (let g = 0; g < PLAIN_GENERATIONS; g++) corpus.reweigh();
    let mutants = 0;
    for (let seed = 2; seed < 200; seed++) {
      const m = corpus.planFor(seed, ['n1', 'n2', 'c1']);
      if (m === null) continue;
      mutants++;
      for (const s of m.plan.steps) expect(namesOf(s), `seed ${seed}`).not.toContain('c2');
    }
    expect(mutants).toBeGreaterThan(100);
  });

  it('tair: seeds draw different client counts, and a fitted mutant of another seed\'s plan runs', () => {
    const tair = registeredProtocols().find((p) => p.name === 'tair')!;
    const counts = new Map<number, number>();
    for (let seed = 1; seed <= 40; seed++) counts.set(seed, fuzzSeedNodeIds({ protocol: tair, seed }).length);
    const big = [...counts].find(([, n]) => n === Math.max(...counts.values()))![0];
    const small = [...counts].find(([, n]) => n === Math.min(...counts.values()))![0];
    expect(counts.get(big)).toBeGreaterThan(counts.get(small)!);
    const ownIds = new Set(fuzzSeedNodeIds({ protocol: tair, seed: small }));
    const foreign = new Set(fuzzSeedNodeIds({ protocol: tair, seed: big }).filter((id) => !ownIds.has(id)));
    const extra = [...foreign][0]!;
    const plan: FaultPlan = { kinds: ['crash'], steps: [{ atUs: 1_000_000, kind: 'crash', target: extra, mode: 'process', forUs: 500_000 }] };
    expect(() => runFuzzSeed({ protocol: tair, seed: small, plan })).toThrow(/unknown target/);
    const r = runFuzzSeed({ protocol: tair, seed: small, plan: fitToNodes(plan, foreign) });
    expect(r.verdict).toBe('pass');
  });
});

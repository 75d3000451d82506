// Guided corpus scheduling (AFL/libFuzzer-style energy): a parent is picked in proportion to the rarity of the keys
// its run reached (a key reached by few seeds is worth much, one every seed reaches next to nothing), decayed by how
// often it was already mutated; a full corpus evicts its least energetic entry. Measured effect in the README.
import { describe, expect, it } from 'vitest';
import type { FaultPlan, NodeSpec } from '../../sim/index.ts';
import { nodeId } from '../../sim/index.ts';
import { GuidedCorpus, PLAIN_GENERATIONS } from '../../scenarios/guided-corpus.ts';
import { registeredProtocols } from '../../scenarios/registry.ts';

const nodes: NodeSpec[] = ['n1', 'n2', 'n3'].map((id) => ({ id: nodeId(id), kind: 'server' }) as NodeSpec);
const budget = registeredProtocols().find((p) => p.name === 'zab')!.faultBudget;
const plan = (atUs: number): FaultPlan => ({ kinds: ['crash'], steps: [{ atUs, kind: 'crash', target: 'n2', mode: 'process', forUs: 100_000 }] });
const entry = (seed: number, keys: string[]) => ({ seed, plan: plan(seed * 1000), freshKeys: 1, messageTypes: [], keys, nodeIds: ['n1', 'n2', 'n3'] });

/** A corpus past its plain generations where `common` was reached by 100 seeds and `rare` by one. */
function corpusWithRareAndCommon(): GuidedCorpus {
  const corpus = new GuidedCorpus(nodes, budget);
  for (let i = 0; i < 100; i++) corpus.observe(['common']);
  corpus.observe(['rare']);
  corpus.add(entry(1, ['common']));
  corpus.add(entry(2, ['common', 'rare']));
  for (let g = 0; g < PLAIN_GENERATIONS; g++) corpus.reweigh();
  return corpus;
}

describe('guided corpus energy', () => {
  it('picks the parent that reached a rare key far more often than one that reached only common keys', () => {
    const corpus = corpusWithRareAndCommon();
    const parents = new Map<number, number>();
    for (let seed = 1000; seed < 1400; seed++) {
      const m = corpus.planFor(seed, ['n1', 'n2', 'n3']);
      if (m !== null) parents.set(m.parent, (parents.get(m.parent) ?? 0) + 1);
    }
    expect(parents.get(2)! + (parents.get(1) ?? 0)).toBeGreaterThan(300);
    expect(parents.get(2)!).toBeGreaterThan(10 * (parents.get(1) ?? 0));
  });

  it('decays a parent picked often: after many mutants the common entry gets a larger share', () => {
    const corpus = corpusWithRareAndCommon();
    const share = (from: number): number => {
      let common = 0;
      let all = 0;
      for (let seed = from; seed < from + 200; seed++) {
        const m = corpus.planFor(seed, ['n1', 'n2', 'n3']);
        if (m === null) continue;
        all++;
        if (m.parent === 1) common++;
      }
      corpus.reweigh();
      return common / all;
    };
    const first = share(1000);
    share(2000);
    share(3000);
    expect(share(4000)).toBeGreaterThan(first);
  });

  it('a full corpus evicts its least energetic entry, not its oldest', () => {
    const corpus = new GuidedCorpus(nodes, budget);
    for (let i = 0; i < 50; i++) corpus.observe(['common']);
    corpus.observe(['rare']);
    corpus.add(entry(1, ['rare']));
    for (let s = 2; s <= 300; s++) corpus.add(entry(s, ['common']));
    for (let g = 0; g < PLAIN_GENERATIONS; g++) corpus.reweigh();
    const parents = new Set<number>();
    for (let seed = 1000; seed < 1100; seed++) {
      const m = corpus.planFor(seed, ['n1', 'n2', 'n3']);
      if (m !== null) parents.add(m.parent);
    }
    expect(parents.has(1)).toBe(true);
  });
});

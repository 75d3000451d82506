// The guided schedule's knobs (scenarios/guided-tuning.ts): the bench's variant specs parse (and an unknown knob is an
// error naming it), squared energy favours an entry alone in holding a rare key over one holding many moderately rare
// keys (which the summed energy favours), adaptive operators pick an operator credited with yield more often, and
// stacked option redraws may move several options. Measured effects in the README ("Coverage-guided fuzzing").
import { describe, expect, it } from 'vitest';
import type { FaultPlan, NodeSpec } from '../../sim/index.ts';
import { Prng, nodeId } from '../../sim/index.ts';
import { GuidedCorpus, PLAIN_GENERATIONS } from '../../scenarios/guided-corpus.ts';
import { OP_COUNT } from '../../scenarios/guided-mutate.ts';
import { mutateOptions } from '../../scenarios/guided-options.ts';
import { GUIDED_TUNING_BY_PROTOCOL, GUIDED_TUNING_DEFAULT, guidedTuningFor, parseTuning, type GuidedTuning } from '../../scenarios/guided-tuning.ts';
import { registeredProtocols } from '../../scenarios/registry.ts';
import { runFuzzSeed } from '../../scenarios/fuzz-run.ts';
import { fuzzSeedScenario } from '../../scenarios/plan-to-scenario.ts';
import { validateScenario } from '../../scenarios/load.ts';
import { runScenario } from '../../scenarios/scenario.ts';

const zab = registeredProtocols().find((p) => p.name === 'zab')!;
const nodes: NodeSpec[] = ['n1', 'n2', 'n3'].map((id) => ({ id: nodeId(id), kind: 'server' }) as NodeSpec);
const ids = ['n1', 'n2', 'n3'];
const plan = (atUs: number): FaultPlan => ({ kinds: ['crash'], steps: [{ atUs, kind: 'crash', target: 'n2', mode: 'process', forUs: 100_000 }] });
const entry = (seed: number, keys: string[]) => ({ seed, plan: plan(seed * 1000), freshKeys: 1, messageTypes: [], keys, nodeIds: ids });

describe('guided tuning specs', () => {
  it('parses a name and knobs, numbers, booleans, null and words', () => {
    expect(parseTuning('sq:energy=square,optionsOneIn=1,isAdaptiveOps=true,frontierOneIn=null')).toEqual({
      name: 'sq', tuning: { energy: 'square', optionsOneIn: 1, isAdaptiveOps: true, frontierOneIn: null },
    });
    expect(parseTuning('default:')).toEqual({ name: 'default', tuning: {} });
  });

  it('an unknown knob is an error naming it', () => {
    expect(() => parseTuning('x:energyy=square')).toThrow(/unknown knob "energyy"/);
  });
});

/** Parent counts over 400 seeds of a corpus where entry 1 alone holds a key one seed reached and entry 2 holds 40 keys 8 seeds reached. */
function parentsUnder(tuning: Partial<GuidedTuning>): Map<number, number> {
  const corpus = new GuidedCorpus(nodes, zab.faultBudget, undefined, tuning);
  const many = Array.from({ length: 40 }, (_, i) => `m${i}`);
  for (let i = 0; i < 8; i++) corpus.observe(many);
  corpus.observe(['solo']);
  corpus.add(entry(1, ['solo']));
  corpus.add(entry(2, many));
  for (let g = 0; g < PLAIN_GENERATIONS; g++) corpus.reweigh();
  const parents = new Map<number, number>();
  for (let seed = 1000; seed < 1400; seed++) {
    const m = corpus.planFor(seed, ids);
    if (m !== null) parents.set(m.parent, (parents.get(m.parent) ?? 0) + 1);
  }
  return parents;
}

describe('guided tuning: energy', () => {
  it('summed energy favours many moderately rare keys; squared energy the key one seed alone reached', () => {
    const sum = parentsUnder({ energy: 'sum' });
    expect(sum.get(2)!).toBeGreaterThan(2 * (sum.get(1) ?? 0));
    const square = parentsUnder({ energy: 'square' });
    expect(square.get(1)!).toBeGreaterThan(square.get(2) ?? 0);
  });
});

describe('guided tuning: adaptive operators', () => {
  /** How often each operator is applied over 300 seeds after `credited` was credited with yield and the others not. */
  function opCounts(isAdaptiveOps: boolean, credited: number): number[] {
    const corpus = new GuidedCorpus(nodes, zab.faultBudget, undefined, { isAdaptiveOps });
    corpus.add(entry(1, ['k']));
    for (let i = 0; i < 40; i++) for (let op = 0; op < OP_COUNT; op++) corpus.credit([op], op === credited ? 3 : 0);
    for (let g = 0; g < PLAIN_GENERATIONS; g++) corpus.reweigh();
    const counts = new Array<number>(OP_COUNT).fill(0);
    for (let seed = 1000; seed < 1300; seed++) for (const op of corpus.planFor(seed, ids)?.ops ?? []) counts[op]!++;
    return counts;
  }

  it('an operator whose mutants reached new keys is picked far more often than each of the others', () => {
    const counts = opCounts(true, 4);
    const others = counts.filter((_, i) => i !== 4);
    expect(counts[4]!).toBeGreaterThan(3 * Math.max(...others));
    // Every operator keeps a floor share.
    expect(others.every((c) => c > 0)).toBe(true);
  });

  it('without adaptive operators the credits change nothing: operators stay uniform', () => {
    const counts = opCounts(false, 4);
    const others = counts.filter((_, i) => i !== 4);
    expect(counts[4]!).toBeLessThan(2 * Math.max(...others));
  });
});

describe('guided tuning: stacked option redraws', () => {
  it('with several redraws a mutant may move more than one option; with one, never', () => {
    const space = { defaults: zab.defaultOptions, budget: zab.faultBudget };
    const base = { ...zab.faultBudget.fuzzOptions };
    const moved = (redraws: number): number[] => {
      const prng = new Prng(3, 'test');
      const unmoved = mutateOptions(base, space, new Prng(0, 'none'), 0);
      return Array.from({ length: 60 }, () => {
        const m = mutateOptions(base, space, prng, redraws);
        return Object.keys(m).filter((k) => JSON.stringify(m[k]) !== JSON.stringify(unmoved[k])).length;
      });
    };
    expect(Math.max(...moved(1))).toBeLessThanOrEqual(1);
    expect(Math.max(...moved(3))).toBeGreaterThan(1);
  });

});

describe('guided tuning: re-aimed mutants', () => {
  it('zab: a re-aimed mutant drops the parent\'s triggered steps, gains aimed steps from its own run, and replays alone', () => {
    const parent = runFuzzSeed({ protocol: zab, seed: 5 });
    const pids = zab.nodes({ ...zab.defaultOptions, ...parent.fuzzOptions }).map((n) => n.id as string);
    const corpus = new GuidedCorpus(zab.nodes({ ...zab.defaultOptions, ...zab.faultBudget.fuzzOptions }), zab.faultBudget, undefined, { reaimOneIn: 1 });
    corpus.add({ seed: 5, plan: parent.plan, freshKeys: 1, messageTypes: ['proposal', 'ack'], keys: parent.coverage?.keys ?? [], nodeIds: pids });
    for (let g = 0; g < PLAIN_GENERATIONS; g++) corpus.reweigh();
    let seed = 100;
    let m = corpus.planFor(seed, ids);
    while (m === null) m = corpus.planFor(++seed, ids);
    expect(m.isReaimed).toBe(true);
    expect(m.plan.steps.every((x) => x.when === undefined)).toBe(true);
    const direct = runFuzzSeed({ protocol: zab, seed, plan: m.plan, isReaimed: true });
    // Every step of the mutant ran, and aimed (triggered) steps drawn from its own catalog were added.
    expect(direct.plan.steps.filter((x) => x.when === undefined)).toHaveLength(m.plan.steps.length);
    expect(direct.plan.steps.some((x) => x.when !== undefined)).toBe(true);
    const raw = fuzzSeedScenario({ protocol: 'zab', seed, bugs: [], steps: direct.plan.steps, kinds: direct.plan.kinds, faultPhaseUs: zab.faultBudget.fuzzFaultPhaseUs, options: direct.fuzzOptions, downBudget: direct.downBudget });
    expect(runScenario(validateScenario(`re-aimed ${seed}`, raw)).result.traceHash).toBe(direct.traceHash);
  });
});

describe('guided tuning: per protocol', () => {
  it('a protocol runs the default with its own knobs over it, and a caller\'s knobs over both', () => {
    for (const p of registeredProtocols()) {
      const own = GUIDED_TUNING_BY_PROTOCOL[p.name] ?? {};
      expect(guidedTuningFor(p.name)).toEqual({ ...GUIDED_TUNING_DEFAULT, ...own });
      expect(guidedTuningFor(p.name, { freshOneIn: 3 }).freshOneIn).toBe(3);
    }
    expect(guidedTuningFor('no-such-protocol')).toEqual(GUIDED_TUNING_DEFAULT);
    // Every per-protocol knob is a known one (a typo would silently run the default).
    for (const own of Object.values(GUIDED_TUNING_BY_PROTOCOL)) for (const k of Object.keys(own)) expect(Object.keys(GUIDED_TUNING_DEFAULT)).toContain(k);
  });

  it('the own-plan prefix is a knob: every seed of the first plainGenerations generations runs its own plan, then mutants', () => {
    /** Mutants among 64 seeds in each of the first `gens` generations. */
    const mutantsPerGeneration = (tuning: Partial<GuidedTuning>, gens: number): number[] => {
      const corpus = new GuidedCorpus(nodes, zab.faultBudget, undefined, tuning);
      corpus.add(entry(1, ['k']));
      const out: number[] = [];
      for (let g = 0; g < gens; g++) {
        out.push(Array.from({ length: 64 }, (_, i) => corpus.planFor(1000 + 64 * g + i, ids)).filter((x) => x !== null).length);
        corpus.reweigh();
      }
      return out;
    };
    const byDefault = mutantsPerGeneration({}, 6);
    expect(byDefault.slice(0, PLAIN_GENERATIONS)).toEqual(new Array(PLAIN_GENERATIONS).fill(0));
    expect(byDefault[PLAIN_GENERATIONS]!).toBeGreaterThan(40);
    const long = mutantsPerGeneration({ plainGenerations: 12 }, 14);
    expect(long.slice(0, 12)).toEqual(new Array(12).fill(0));
    expect(long[12]!).toBeGreaterThan(40);
    expect(long[13]!).toBeGreaterThan(40);
    expect(mutantsPerGeneration({ plainGenerations: 0 }, 1)[0]!).toBeGreaterThan(40);
  });

  it('every protocol keeps an own-plan prefix of at least the default, and a bad prefix is an error naming the knob', () => {
    for (const p of registeredProtocols()) expect(guidedTuningFor(p.name).plainGenerations).toBeGreaterThanOrEqual(GUIDED_TUNING_DEFAULT.plainGenerations);
    expect(GUIDED_TUNING_DEFAULT.plainGenerations).toBe(PLAIN_GENERATIONS);
    expect(parseTuning('p12:plainGenerations=12').tuning).toEqual({ plainGenerations: 12 });
    expect(() => new GuidedCorpus(nodes, zab.faultBudget, undefined, { plainGenerations: 2.5 })).toThrow(/plainGenerations: expected an integer >= 0, found 2.5/);
    expect(() => new GuidedCorpus(nodes, zab.faultBudget, undefined, parseTuning('x:plainGenerations=twelve').tuning)).toThrow(/plainGenerations/);
  });
});

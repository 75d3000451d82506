// Frontier mutants (scenarios/guided-frontier.ts): a run records where and when it first reached each key; a frontier
// mutant replays its parent's run (run seed, options, plan) and adds one fault at that node (or a peer) just after that
// time. Deterministic, aimed at the recorded node and time, and replayable from its failure-file scenario alone.
import { describe, expect, it } from 'vitest';
import { Prng, type FaultPlan, type FaultStep } from '../../sim/index.ts';
import { registeredProtocols } from '../../scenarios/registry.ts';
import { frontierMutant, frontierOf, type FrontierPoint } from '../../scenarios/guided-frontier.ts';
import { GuidedCorpus, PLAIN_GENERATIONS } from '../../scenarios/guided-corpus.ts';
import { fuzzSeedScenario } from '../../scenarios/plan-to-scenario.ts';
import { validateScenario } from '../../scenarios/load.ts';
import { runScenario } from '../../scenarios/scenario.ts';
import { runFuzzSeed } from '../../scenarios/fuzz-run.ts';

const zab = registeredProtocols().find((p) => p.name === 'zab')!;
const PHASE = zab.faultBudget.fuzzFaultPhaseUs;
const nodesOf = (o: Readonly<Record<string, unknown>>) => zab.nodes({ ...zab.defaultOptions, ...o });
const parent = runFuzzSeed({ protocol: zab, seed: 11 });
const cov = parent.coverage!;
const reachOf = (r: typeof parent, key: string) => r.coverage!.reachedAt![r.coverage!.keys.indexOf(key)];

/** The node a frontier step acts on: its target, or the lone node of a partition's first group. */
const actsOn = (s: FaultStep): string => ('target' in s ? s.target : s.kind === 'partition' ? s.groups[0]![0]! : '?');

describe('guided fuzzing: frontier mutants', () => {
  it('a run records, for every key, the node and virtual time it was first reached', () => {
    expect(cov.reachedAt).toHaveLength(cov.keys.length);
    const ids = nodesOf(parent.fuzzOptions).map((n) => n.id as string);
    for (const r of cov.reachedAt!) { expect(ids).toContain(r.node); expect(r.atUs).toBeGreaterThanOrEqual(0); }
    // Keys are reached over the run, not all at boot.
    expect(new Set(cov.reachedAt!.map((r) => r.atUs)).size).toBeGreaterThan(3);
    // Only rare keys early enough for a fault to follow are frontier points; the rarest first.
    const hits = (k: string): number => (k === cov.keys[0] ? 1 : k === cov.keys[1] ? 9 : 2);
    const points = frontierOf(cov, hits, PHASE);
    expect(points.length).toBeGreaterThan(0);
    expect(points.length).toBeLessThanOrEqual(8);
    expect(points.map((p) => p.key)).not.toContain(cov.keys[1]);
    for (const p of points) expect(p.atUs).toBeLessThan(PHASE);
    if (reachOf(parent, cov.keys[0]!)!.atUs < PHASE - 60_000) expect(points[0]!.key).toBe(cov.keys[0]);
  });

  it('is deterministic and strikes the recorded node (or a peer) a short delay after the recorded time', () => {
    const points = frontierOf(cov, () => 1, PHASE);
    const ctx = { nodes: nodesOf(parent.fuzzOptions), budget: zab.faultBudget };
    let onNode = 0;
    const same = (pl: FaultPlan): FaultPlan => pl;
    for (let i = 0; i < 40; i++) {
      const a = frontierMutant(parent.plan, points, ctx, new Prng(i, 'test'), same);
      expect(frontierMutant(parent.plan, points, ctx, new Prng(i, 'test'), same)).toEqual(a);
      // With no other mutation, every parent step stays; one fault (and the heal of an isolation) is added.
      const added = a.steps.filter((s) => !parent.plan.steps.includes(s));
      expect(a.steps.length - added.length).toBe(parent.plan.steps.length);
      const faults = added.filter((s) => s.kind !== 'heal');
      expect(faults).toHaveLength(1);
      const s = faults[0]!;
      const at = points.filter((p) => s.atUs > p.atUs && s.atUs <= p.atUs + 50_000);
      expect(at.length, JSON.stringify(s)).toBeGreaterThan(0);
      if (at.some((p) => p.node === actsOn(s))) onNode++;
    }
    expect(onNode).toBeGreaterThan(15);
  });

  it('replays the parent up to the frontier, and replays alone from its failure-file scenario', () => {
    const corpus = new GuidedCorpus(nodesOf(zab.faultBudget.fuzzOptions ?? {}), zab.faultBudget, { defaults: zab.defaultOptions, budget: zab.faultBudget, nodesOf }, { frontierOneIn: 2 });
    const ids = nodesOf(parent.fuzzOptions).map((n) => n.id as string);
    const frontier: FrontierPoint[] = frontierOf(cov, () => 1, PHASE);
    corpus.add({ seed: 11, plan: parent.plan, freshKeys: 1, messageTypes: [], keys: cov.keys, nodeIds: ids, options: parent.fuzzOptions, runSeed: 11, frontier });
    for (let g = 0; g < PLAIN_GENERATIONS; g++) corpus.reweigh();
    let checked = 0;
    for (let seed = 200; seed < 260 && checked < 2; seed++) {
      const m = corpus.planFor(seed, ids, parent.fuzzOptions);
      if (m?.runSeed === undefined) continue;
      expect(m.runSeed).toBe(11);
      const run = runFuzzSeed({ protocol: zab, seed: m.runSeed, options: m.options!, plan: m.plan });
      // Where the mutant starts to differ: its earliest step added, moved or dropped. Every key the parent
      // reached before then is reached on the same node at the same time (the frontier's own key among them).
      const theirs = new Set(parent.plan.steps.map((s) => JSON.stringify(s)));
      const ours = new Set(m.plan.steps.map((s) => JSON.stringify(s)));
      const changed = [...m.plan.steps.filter((s) => !theirs.has(JSON.stringify(s))), ...parent.plan.steps.filter((s) => !ours.has(JSON.stringify(s)))];
      const diverges = Math.min(...changed.map((s) => s.atUs));
      expect(frontier.some((p) => p.atUs < diverges && diverges <= p.atUs + 50_000)).toBe(true);
      const before = cov.keys.filter((k) => reachOf(parent, k)!.atUs < diverges);
      expect(before.length).toBeGreaterThan(0);
      for (const k of before) expect(reachOf(run, k), k).toEqual(reachOf(parent, k));
      const raw = fuzzSeedScenario({ protocol: 'zab', seed: m.runSeed, bugs: [], steps: run.plan.steps, kinds: run.plan.kinds, faultPhaseUs: PHASE, options: run.fuzzOptions, downBudget: run.downBudget });
      expect(runScenario(validateScenario(`frontier mutant ${seed}`, raw)).result.traceHash).toBe(run.traceHash);
      checked++;
    }
    expect(checked).toBe(2);
  });
});

// Mutants grown past the plain plan space (scenarios/guided-grow.ts, thirteenth session): more faults than a plain
// draw (within the fault budget's failure model), a fault right after the parent's rarest-key moment, and a longer
// fault phase for mutants of a late-finding parent. Bounds, determinism across --jobs, and replay from the failure
// file alone (its scenario's duration carries the longer phase).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Prng, drawPerturbedOptions, withinBudget, type FaultStep } from '../../sim/index.ts';
import { registeredProtocols } from '../../scenarios/registry.ts';
import { GROW_FACTOR, LONG_PHASE_FACTOR, growPlan, insertAtFrontier, isLateFinder, lastFreshUs, longerPhase } from '../../scenarios/guided-grow.ts';
import { frontierOf } from '../../scenarios/guided-frontier.ts';
import { GuidedCorpus, namesOf } from '../../scenarios/guided-corpus.ts';
import { fuzzSeedScenario } from '../../scenarios/plan-to-scenario.ts';
import { validateScenario } from '../../scenarios/load.ts';
import { runScenario } from '../../scenarios/scenario.ts';
import { runFuzzSeed } from '../../scenarios/fuzz-run.ts';
import { readFailureFile } from '../../scenarios/failure-file.ts';
import { WorkerPool } from '../../scenarios/pool.ts';
import { startCampaign } from '../../scenarios/fuzz-campaign.ts';

const tfs = registeredProtocols().find((p) => p.name === 'tfs')!;
const budget = tfs.faultBudget;
const PHASE = budget.fuzzFaultPhaseUs;
const nodesOf = (o: Readonly<Record<string, unknown>>) => tfs.nodes({ ...tfs.defaultOptions, ...o });
const parent = runFuzzSeed({ protocol: tfs, seed: 7 });
const nodes = nodesOf(parent.fuzzOptions);
const ids = nodes.map((n) => n.id as string);
const faults = (steps: readonly FaultStep[]): number => steps.filter((s) => s.kind !== 'heal').length;
const timedDowns = (steps: readonly FaultStep[]): FaultStep[] => steps.filter((s) => s.when === undefined && (s.kind === 'crash' || s.kind === 'pause' || s.kind === 'kill-during-write'));

describe('guided fuzzing: grown mutants (guided-grow.ts)', () => {
  it('growth stacks more faults than a plain draw, at most GROW_FACTOR x fuzzStepsMax, within the down budget and the crashable kinds', () => {
    const crashable = nodes.filter((n) => budget.crashableKinds!.includes(n.kind)).map((n) => n.id as string);
    const allowed = new Set([...ids, ...(budget.roleTargets ?? [])]);
    let beyondPlain = 0;
    for (let i = 0; i < 200; i++) {
      const phaseUs = i % 2 === 0 ? PHASE : LONG_PHASE_FACTOR * PHASE;
      const ctx = { nodes, budget: { ...budget, fuzzFaultPhaseUs: phaseUs } };
      const grown = growPlan(parent.plan, ctx, new Prng(i, 'test'));
      expect(growPlan(parent.plan, ctx, new Prng(i, 'test'))).toEqual(grown);
      expect(faults(grown.steps)).toBeLessThanOrEqual(GROW_FACTOR * budget.fuzzStepsMax);
      if (faults(grown.steps) > budget.fuzzStepsMax) beyondPlain++;
      // Timed downs never overlap beyond maxDownNodes (withinBudget keeps them all), and only crashable nodes or roles go down.
      const downs = timedDowns(grown.steps);
      expect(withinBudget(downs, budget.maxDownNodes)).toHaveLength(downs.length);
      for (const s of downs) expect([...crashable, ...(budget.roleTargets ?? [])]).toContain((s as { target: string }).target);
      for (const s of grown.steps) {
        if (parent.plan.steps.includes(s)) continue;
        // What growth added: timed faults of the budget's kinds on this seed's nodes or the budget's roles, within the phase.
        expect(s.when).toBeUndefined();
        for (const n of namesOf(s)) expect(allowed.has(n), n).toBe(true);
        expect(s.atUs).toBeLessThanOrEqual(phaseUs);
        expect(budget.kinds).toContain(s.kind === 'heal' ? 'partition' : s.kind);
      }
      expect([...grown.steps].sort((a, b) => a.atUs - b.atUs)).toEqual(grown.steps);
    }
    // Plain draws hold at most fuzzStepsMax fault groups; grown plans go past that often.
    expect(beyondPlain).toBeGreaterThan(50);
  });

  it('frontier insertion puts one fault right after a frontier point and keeps it within the down budget', () => {
    const cov = parent.coverage!;
    const points = frontierOf(cov, () => 1, PHASE);
    expect(points.length).toBeGreaterThan(0);
    let atRarest = 0;
    for (let i = 0; i < 60; i++) {
      const m = insertAtFrontier(parent.plan, points, { nodes, budget }, new Prng(i, 'test'));
      expect(insertAtFrontier(parent.plan, points, { nodes, budget }, new Prng(i, 'test'))).toEqual(m);
      const added = m.steps.filter((s) => !parent.plan.steps.includes(s) && s.kind !== 'heal');
      expect(added).toHaveLength(1);
      const s = added[0]!;
      expect(points.some((p) => s.atUs > p.atUs && s.atUs <= p.atUs + 50_000), JSON.stringify(s)).toBe(true);
      if (s.atUs > points[0]!.atUs && s.atUs <= points[0]!.atUs + 50_000) atRarest++;
      const downs = timedDowns(m.steps);
      expect(withinBudget(downs, budget.maxDownNodes)).toHaveLength(downs.length);
    }
    expect(atRarest).toBeGreaterThan(30);
  });

  it('a longer phase grows by 1/4 to 1 plain phase, never past LONG_PHASE_FACTOR x; a late finder found its last key in the last quarter of its phase', () => {
    for (let i = 0; i < 100; i++) {
      const from = i % 3 === 0 ? PHASE : i % 3 === 1 ? Math.floor(1.5 * PHASE) : LONG_PHASE_FACTOR * PHASE;
      const to = longerPhase(from, budget, new Prng(i, 'test'));
      expect(to).toBeLessThanOrEqual(LONG_PHASE_FACTOR * PHASE);
      expect(to).toBeGreaterThanOrEqual(Math.min(LONG_PHASE_FACTOR * PHASE, from + Math.floor(PHASE / 4)));
    }
    expect(isLateFinder(null, PHASE)).toBe(false);
    expect(isLateFinder(PHASE - 1, PHASE)).toBe(true);
    expect(isLateFinder(Math.floor(PHASE / 2), PHASE)).toBe(false);
    // Only keys new to the campaign and reached inside the phase count.
    const cov = parent.coverage!;
    const inPhase = cov.keys.filter((_, i) => cov.reachedAt![i]!.atUs <= PHASE);
    const after = cov.keys.filter((_, i) => cov.reachedAt![i]!.atUs > PHASE);
    const latest = Math.max(...cov.reachedAt!.filter((r) => r.atUs <= PHASE).map((r) => r.atUs));
    expect(lastFreshUs(cov, () => true, PHASE)).toBe(latest);
    expect(lastFreshUs(cov, (k) => after.includes(k), PHASE)).toBeNull();
    expect(lastFreshUs(cov, (k) => k === inPhase[0], PHASE)).toBe(cov.reachedAt![cov.keys.indexOf(inPhase[0]!)]!.atUs);
  });

  it('a corpus with the knobs off hands out exactly the mutants of one without them; on, its long-phase mutants replay from their failure-file scenario alone', () => {
    const space = { defaults: tfs.defaultOptions, budget, nodesOf };
    const entry = {
      seed: 7, plan: parent.plan, freshKeys: 1, messageTypes: [], keys: parent.coverage!.keys, nodeIds: ids, options: parent.fuzzOptions,
      frontier: frontierOf(parent.coverage, () => 1, PHASE), lastFreshUs: PHASE - 1,
    };
    const corpusOf = (tuning: Record<string, unknown>): GuidedCorpus => {
      const c = new GuidedCorpus(nodesOf(budget.fuzzOptions ?? {}), budget, space, { plainGenerations: 0, freshOneIn: 1_000_000, ...tuning });
      c.add(entry);
      c.reweigh();
      return c;
    };
    const own = (seed: number) => ({ ...budget.fuzzOptions, ...drawPerturbedOptions(seed, budget.perturb) });
    const idsOf = (seed: number) => nodesOf(own(seed)).map((n) => n.id as string);
    const [plain, off, on] = [corpusOf({}), corpusOf({ growOneIn: null, frontierInsertOneIn: null, longPhaseOneIn: null }), corpusOf({ growOneIn: 2, frontierInsertOneIn: 2, longPhaseOneIn: 2 })];
    let longer = 0;
    let replayed = 0;
    for (let seed = 300; seed < 340; seed++) {
      const a = plain.planFor(seed, idsOf(seed), own(seed));
      expect(off.planFor(seed, idsOf(seed), own(seed))).toEqual(a);
      expect(a?.faultPhaseUs).toBeUndefined();
      const m = on.planFor(seed, idsOf(seed), own(seed))!;
      if (m.faultPhaseUs === undefined) continue;
      longer++;
      expect(m.faultPhaseUs).toBeGreaterThan(PHASE);
      expect(m.faultPhaseUs).toBeLessThanOrEqual(LONG_PHASE_FACTOR * PHASE);
      if (replayed >= 1) continue;
      const direct = runFuzzSeed({ protocol: tfs, seed, plan: m.plan, faultPhaseUs: m.faultPhaseUs, ...(m.options !== undefined ? { options: m.options } : {}) });
      expect(direct.faultPhaseUs).toBe(m.faultPhaseUs);
      expect(direct.faultPhaseEndUs).toBe(m.faultPhaseUs);
      const raw = fuzzSeedScenario({ protocol: 'tfs', seed, bugs: [], steps: direct.plan.steps, kinds: direct.plan.kinds, faultPhaseUs: direct.faultPhaseUs, options: direct.fuzzOptions, downBudget: direct.downBudget });
      expect(runScenario(validateScenario(`long-phase mutant ${seed}`, raw)).result.traceHash).toBe(direct.traceHash);
      replayed++;
    }
    expect(replayed).toBe(1);
    // A long-phase entry's steps past the plain phase never reach a plain-phase mutant (splices take steps of other
    // entries): every mutant's steps lie within its own phase.
    const late: FaultStep = { atUs: PHASE + 500_000, kind: 'partition', groups: [[ids[0]!], ids.slice(1)] };
    on.add({ ...entry, seed: 8, plan: { kinds: ['partition'], steps: [...parent.plan.steps, late] }, faultPhaseUs: LONG_PHASE_FACTOR * PHASE, lastFreshUs: null });
    on.reweigh();
    let plainPhase = 0;
    for (let seed = 400; seed < 480; seed++) {
      const m = on.planFor(seed, idsOf(seed), own(seed));
      if (m === null) continue;
      const phaseUs = m.faultPhaseUs ?? PHASE;
      if (phaseUs === PHASE) plainPhase++;
      for (const s of m.plan.steps) expect(s.atUs, `seed ${seed}`).toBeLessThanOrEqual(phaseUs);
    }
    expect(plainPhase).toBeGreaterThan(2);
    // One mutant in 2 of this late-finding parent runs longer.
    expect(longer).toBeGreaterThan(8);
    expect(longer).toBeLessThan(32);
  });

  it('campaigns with every grow knob on give the same results with --jobs 1 and 2, and every failure file replays alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replisim-grow-'));
    const seeds = 48;
    const run = async (jobs: number) => {
      const pool = new WorkerPool(jobs);
      try {
        return await startCampaign({
          protocol: tfs, bugs: ['tfs/lease-expiry-ignored'], from: 1, seeds, shard: null, jobs, timeBudgetMs: null,
          isKeepGoing: true, isCheckingDeterminism: false, isGuided: true, pool, failureDir: join(dir, String(jobs)),
          guidedTuning: { plainGenerations: 1, growOneIn: 1, frontierInsertOneIn: 2, longPhaseOneIn: 1 },
        }).done;
      } finally {
        await pool.close();
      }
    };
    const [a, b] = [await run(1), await run(2)];
    expect(a.seedsRun).toHaveLength(seeds);
    expect(a.seedsRun).toEqual(b.seedsRun);
    expect(a.counts).toEqual(b.counts);
    expect(a.failures.map((f) => [f.seed, f.name, f.traceHash])).toEqual(b.failures.map((f) => [f.seed, f.name, f.traceHash]));
    expect(a.coverage).toEqual(b.coverage);
    expect(a.failures.length).toBeGreaterThan(0);
    // Grown failing runs replay from their file alone: with growOneIn 1 every mutant's plan was grown, and some ran a
    // longer phase; a few of each are replayed (a replay costs a run).
    let longer = 0;
    let more = 0;
    for (const f of a.failures) {
      const file = readFailureFile(f.failureFile);
      const s = validateScenario(f.failureFile, file.scenario);
      const isLonger = s.duration > PHASE;
      const isMore = file.source.includes('a mutant of');
      if (!(isLonger && longer < 2) && !(isMore && more < 2)) continue;
      if (isLonger) longer++;
      if (isMore) more++;
      expect(runScenario(s).result.traceHash, f.failureFile).toBe(f.traceHash);
    }
    expect(longer).toBeGreaterThan(0);
    expect(more).toBeGreaterThan(0);
  }, 600_000);
});

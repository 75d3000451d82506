// Wide option mutants (guided-wide.ts, knob wideOptionsOneIn): off by default (no prng draw, campaigns unchanged); on,
// every configuration drawn is one the zab option schema accepts and consistent (server lists within serverCount, two
// voters at least), some reach beyond the perturb ranges, and a wide mutant replays from its failure-file scenario alone.
import { describe, expect, it } from 'vitest';
import { Prng, drawPerturbedOptions, type PerturbRange } from '../../sim/index.ts';
import { registeredProtocols } from '../../scenarios/registry.ts';
import { mutateOptions } from '../../scenarios/guided-options.ts';
import { wideOptionsOf } from '../../scenarios/guided-wide.ts';
import { checkOptions } from '../../scenarios/option-ranges.ts';
import { fuzzSeedScenario } from '../../scenarios/plan-to-scenario.ts';
import { validateScenario } from '../../scenarios/load.ts';
import { runScenario } from '../../scenarios/scenario.ts';
import { runFuzzSeed } from '../../scenarios/fuzz-run.ts';
import { guidedTuningFor, parseTuning, type GuidedTuning } from '../../scenarios/guided-tuning.ts';
import { startCampaign } from '../../scenarios/fuzz-campaign.ts';
import { WorkerPool } from '../../scenarios/pool.ts';
import { zabProtocol } from '../../protocols/zab/index.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const zab = registeredProtocols().find((p) => p.name === 'zab')!;
const wide = wideOptionsOf('zab')!;
const ownOf = (seed: number): Record<string, unknown> => ({ ...zab.faultBudget.fuzzOptions, ...drawPerturbedOptions(seed, zab.faultBudget.perturb) });
const inRange = (r: PerturbRange, v: unknown): boolean =>
  ('oneOf' in r ? r.oneOf.some((x) => JSON.stringify(x) === JSON.stringify(v)) : typeof v === 'number' && v >= r.min && v <= r.max);

describe('guided fuzzing: wide option mutants', () => {
  it('off by default: every protocol\'s schedule but zab\'s and tfs\'s has no wide mutants, and without a wide space the draws are the old ones', () => {
    // zab runs wide mutants since guided10 (1.55-1.60x plain's keys on three ranges with grown mutants, README), tfs since
    // tfswide (its own space, guided-wide-tfs.ts: 1.55-1.66x on three ranges); tair and paxosstore have no wide space.
    for (const p of registeredProtocols()) expect(guidedTuningFor(p.name).wideOptionsOneIn).toBe(p.name === 'zab' || p.name === 'tfs' ? 1 : null);
    expect(parseTuning('w:wideOptionsOneIn=2,wideRedrawsExtra=3').tuning).toEqual({ wideOptionsOneIn: 2, wideRedrawsExtra: 3 });
    const plain = { defaults: zab.defaultOptions, budget: zab.faultBudget };
    for (let seed = 1; seed <= 50; seed++) {
      const a = new Prng(seed, 't');
      const m = mutateOptions(ownOf(seed), plain, a, 2);
      expect(Object.keys(m).sort()).toEqual(Object.keys(zab.faultBudget.perturb!).sort());
    }
  });

  it('zab: 300 wide mutants are valid zab configurations, consistent, and some lie outside the perturb ranges', () => {
    const space = { defaults: zab.defaultOptions, budget: zab.faultBudget, wide: { space: wide, oneIn: 1, extraRedraws: 3 } };
    const perturb = zab.faultBudget.perturb!;
    let outside = 0;
    const servers = new Set<number>();
    for (let seed = 1; seed <= 300; seed++) {
      const m = mutateOptions(ownOf(seed), space, new Prng(seed, 'wide'), 2);
      // The whole wide space is overridden, so the failure file holds the configuration.
      for (const name of Object.keys(wide.ranges)) expect(m).toHaveProperty(name);
      expect(() => checkOptions(`mutant ${seed}`, zab, m)).not.toThrow();
      const o = { ...zab.defaultOptions, ...m } as Record<string, unknown> & { serverCount: number; observerIds: string[]; lateStartIds: string[]; portScannerIds: string[] };
      servers.add(o.serverCount);
      for (const ids of [o.observerIds, o.lateStartIds, o.portScannerIds]) for (const id of ids) expect(Number(id.slice(1))).toBeLessThanOrEqual(o.serverCount);
      expect(o.serverCount - o.observerIds.length).toBeGreaterThanOrEqual(2);
      expect(o.lateStartIds.length).toBeLessThan(o.serverCount);
      expect(zab.nodes(o).length).toBe(o.serverCount);
      if (Object.entries(m).some(([k, v]) => perturb[k] !== undefined ? !inRange(perturb[k]!, v) && JSON.stringify(v) !== JSON.stringify(zab.defaultOptions[k]) : JSON.stringify(v) !== JSON.stringify(zab.defaultOptions[k]))) outside++;
    }
    expect(servers).toEqual(new Set([3, 4, 5]));
    expect(outside).toBeGreaterThan(150);
  });

  it('zab xl: seven-server ensembles too, every draw valid and consistent; an unknown space name is an error naming it', () => {
    const xl = wideOptionsOf('zab', 'xl')!;
    const space = { defaults: zab.defaultOptions, budget: zab.faultBudget, wide: { space: xl, oneIn: 1, extraRedraws: 3 } };
    const servers = new Set<number>();
    for (let seed = 1; seed <= 200; seed++) {
      const m = mutateOptions(ownOf(seed), space, new Prng(seed, 'xl'), 2);
      expect(() => checkOptions(`xl mutant ${seed}`, zab, m)).not.toThrow();
      const o = { ...zab.defaultOptions, ...m } as Record<string, unknown> & { serverCount: number; observerIds: string[]; lateStartIds: string[] };
      servers.add(o.serverCount);
      for (const id of [...o.observerIds, ...o.lateStartIds]) expect(Number(id.slice(1))).toBeLessThanOrEqual(o.serverCount);
    }
    expect(servers.has(7)).toBe(true);
    expect(() => wideOptionsOf('zab', 'huge')).toThrow(/zab has no wide option space "huge" \(known: wide, xl\)/);
    expect(wideOptionsOf('tfs')).toBeDefined();
    expect(wideOptionsOf('tair')).toBeUndefined();
  });

  it('zab: a full wide draw (wideFullOneIn) moves many options at once, where one redraw moves at most one; all valid', () => {
    const changedBy = (fullOneIn: number | null): number[] => Array.from({ length: 100 }, (_, i) => {
      const base = ownOf(i + 1);
      const space = { defaults: zab.defaultOptions, budget: zab.faultBudget, wide: { space: wide, oneIn: 1, extraRedraws: 0, fullOneIn } };
      const m = mutateOptions(base, space, new Prng(i + 1, 'full'), 1);
      expect(() => checkOptions(`full mutant ${i + 1}`, zab, m)).not.toThrow();
      const was = wide.fit(mutateOptions(base, { defaults: zab.defaultOptions, budget: zab.faultBudget, wide: { space: wide, oneIn: 1, extraRedraws: 0 } }, new Prng(0, 'none'), 0));
      return Object.keys(m).filter((k) => JSON.stringify(m[k]) !== JSON.stringify(was[k])).length;
    });
    // One redraw moves one option (fit may then trim a server list too).
    expect(Math.max(...changedBy(null))).toBeLessThanOrEqual(2);
    expect(Math.max(...changedBy(1))).toBeGreaterThanOrEqual(6);
  });

  it('fit: a planted inconsistency (observers and late starts naming servers a smaller ensemble lacks) is repaired', () => {
    const fitted = wide.fit({ serverCount: 3, observerIds: ['n2', 'n3'], lateStartIds: ['n1', 'n2', 'n3', 'n5'], portScannerIds: ['n1', 'n4'] });
    expect(fitted).toMatchObject({ observerIds: ['n2'], lateStartIds: ['n1'], portScannerIds: ['n1'] });
  });

  it('zab: a wide mutant with five servers replays from its failure-file scenario alone', () => {
    const space = { defaults: zab.defaultOptions, budget: zab.faultBudget, wide: { space: wide, oneIn: 1, extraRedraws: 3 } };
    let seed = 1;
    let m = mutateOptions(ownOf(seed), space, new Prng(seed, 'wide'), 2);
    while (m['serverCount'] !== 5) m = mutateOptions(ownOf(++seed), space, new Prng(seed, 'wide'), 2);
    const direct = runFuzzSeed({ protocol: zab, seed, options: m });
    for (const [k, v] of Object.entries(m)) expect(direct.fuzzOptions[k]).toEqual(v);
    expect(direct.options['serverCount']).toBe(5);
    const raw = fuzzSeedScenario({ protocol: 'zab', seed, bugs: [], steps: direct.plan.steps, kinds: direct.plan.kinds, faultPhaseUs: zab.faultBudget.fuzzFaultPhaseUs, options: direct.fuzzOptions, downBudget: direct.downBudget });
    expect(runScenario(validateScenario(`wide mutant ${seed}`, raw)).result.traceHash).toBe(direct.traceHash);
  });

  it('zab: a campaign with wide mutants gives the same results with --jobs 1 and --jobs 2, and not those of one without', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replisim-wide-'));
    // zab's own schedule with the prefix set back to 4 generations, so mutants run within 80 seeds.
    const run = async (jobs: number, tuning: Partial<GuidedTuning>) => {
      const pool = new WorkerPool(jobs);
      try {
        return await startCampaign({
          protocol: zabProtocol, bugs: [], from: 1, seeds: 80, shard: null, jobs, timeBudgetMs: null, isKeepGoing: true,
          isCheckingDeterminism: false, isGuided: true, pool, failureDir: join(dir, String(jobs)), guidedTuning: tuning,
        }).done;
      } finally {
        await pool.close();
      }
    };
    const wideTuning = { plainGenerations: 4, wideOptionsOneIn: 1, wideRedrawsExtra: 4 };
    // Off: zab's own schedule runs wide (and grown) mutants since guided10, so the comparison sets them off explicitly.
    const offTuning = { plainGenerations: 4, wideOptionsOneIn: null, growOneIn: null, frontierInsertOneIn: null, longPhaseOneIn: null };
    const [a, b, off] = [await run(1, wideTuning), await run(2, wideTuning), await run(1, offTuning)];
    expect(a.counts).toEqual(b.counts);
    expect(a.failures.map((f) => [f.seed, f.name, f.traceHash])).toEqual(b.failures.map((f) => [f.seed, f.name, f.traceHash]));
    expect(a.coverage).toEqual(b.coverage);
    expect(a.failures).toEqual([]);
    expect(a.coverage.keyCount).not.toBe(off.coverage.keyCount);
  }, 300_000);
});

// tfs's wide option space (scenarios/guided-wide-tfs.ts, fourteenth session): every configuration a wide mutant draws is
// one the tfs option schema accepts and consistent (Heartbeat's keepalive/monitor/initdead rules against the deadtime,
// max_replication within the dataservers), the draws are deterministic per seed, some lie outside the perturb ranges, and
// a wide mutant replays from its failure-file scenario alone.
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
import { startCampaign } from '../../scenarios/fuzz-campaign.ts';
import { guidedTuningFor } from '../../scenarios/guided-tuning.ts';
import { WorkerPool } from '../../scenarios/pool.ts';
import { tfsProtocol } from '../../protocols/tfs/index.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tfs = registeredProtocols().find((p) => p.name === 'tfs')!;
const wide = wideOptionsOf('tfs')!;
const ownOf = (seed: number): Record<string, unknown> => ({ ...tfs.faultBudget.fuzzOptions, ...drawPerturbedOptions(seed, tfs.faultBudget.perturb) });
const inRange = (r: PerturbRange, v: unknown): boolean =>
  ('oneOf' in r ? r.oneOf.some((x) => JSON.stringify(x) === JSON.stringify(v)) : typeof v === 'number' && v >= r.min && v <= r.max);
const space = { defaults: tfs.defaultOptions, budget: tfs.faultBudget, wide: { space: wide, oneIn: 1, extraRedraws: 4 } };
const draw = (seed: number): Record<string, unknown> => mutateOptions(ownOf(seed), space, new Prng(seed, 'wide'), 2);
type Drawn = Record<string, number | boolean>;

describe('guided fuzzing: tfs wide option mutants', () => {
  it('400 wide mutants are valid tfs configurations, consistent, deterministic per seed, and many lie outside the perturb ranges', () => {
    const perturb = tfs.faultBudget.perturb!;
    const fuzz = (tfs.faultBudget.fuzzOptions ?? {}) as Record<string, unknown>;
    const unset = (k: string): unknown => (k in fuzz ? fuzz[k] : tfs.defaultOptions[k]);
    let outside = 0;
    const dsCounts = new Set<unknown>();
    const flushes = new Set<unknown>();
    for (let seed = 1; seed <= 400; seed++) {
      const m = draw(seed);
      expect(draw(seed)).toEqual(m);
      for (const name of Object.keys(wide.ranges)) expect(m).toHaveProperty(name);
      expect(() => checkOptions(`tfs wide mutant ${seed}`, tfs, m)).not.toThrow();
      const o = { ...tfs.defaultOptions, ...fuzz, ...m } as Drawn;
      expect(o['agentKeepaliveUs'] as number).toBeLessThanOrEqual((o['agentDeadtimeUs'] as number) / 2);
      expect(o['agentMonitorUs'] as number).toBeLessThanOrEqual((o['agentDeadtimeUs'] as number) / 5);
      expect(o['agentInitdeadUs'] as number).toBeGreaterThanOrEqual(o['agentDeadtimeUs'] as number);
      expect(o['maxReplication'] as number).toBeLessThanOrEqual(o['dataserverCount'] as number);
      expect(o['dsLeaseSafeTimeUs'] as number).toBeLessThan(o['dsLeaseExpireTimeUs'] as number);
      expect(tfs.nodes(o).filter((n) => n.kind === 'dataserver').length).toBe(o['dataserverCount']);
      dsCounts.add(o['dataserverCount']);
      flushes.add(o['oplogFlushIntervalUs']);
      const isOutside = Object.entries(m).some(([k, v]) => JSON.stringify(v) !== JSON.stringify(unset(k)) && (perturb[k] === undefined || !inRange(perturb[k]!, v)));
      if (isOutside) outside++;
    }
    expect(dsCounts).toEqual(new Set([2, 3, 4, 5]));
    // Trunk's no-timer oplog (flush interval 0), which no plain seed runs.
    expect(flushes.has(0)).toBe(true);
    expect(outside).toBeGreaterThan(200);
  });

  it('fit: a planted inconsistency (Heartbeat keepalive, monitor and initdead against a short deadtime; 3 copies on 2 dataservers) is repaired', () => {
    const fitted = wide.fit({ agentDeadtimeUs: 500_000, agentKeepaliveUs: 1_000_000, agentMonitorUs: 400_000, agentInitdeadUs: 100_000, maxReplication: 3, dataserverCount: 2 });
    expect(fitted).toMatchObject({ agentKeepaliveUs: 250_000, agentMonitorUs: 100_000, agentInitdeadUs: 500_000, maxReplication: 2 });
    const ok = { agentDeadtimeUs: 2_000_000, agentKeepaliveUs: 250_000, agentMonitorUs: 200_000, agentInitdeadUs: 3_000_000, maxReplication: 3, dataserverCount: 4 };
    expect(wide.fit(ok)).toEqual(ok);
  });

  it('a wide mutant with five dataservers replays from its failure-file scenario alone', () => {
    let seed = 1;
    while (draw(seed)['dataserverCount'] !== 5) seed++;
    const m = draw(seed);
    const direct = runFuzzSeed({ protocol: tfs, seed, options: m });
    for (const [k, v] of Object.entries(m)) expect(direct.fuzzOptions[k]).toEqual(v);
    expect(direct.options['dataserverCount']).toBe(5);
    expect(direct.violation).toBeNull();
    const raw = fuzzSeedScenario({ protocol: 'tfs', seed, bugs: [], steps: direct.plan.steps, kinds: direct.plan.kinds, faultPhaseUs: tfs.faultBudget.fuzzFaultPhaseUs, options: direct.fuzzOptions, downBudget: direct.downBudget });
    expect(runScenario(validateScenario(`tfs wide mutant ${seed}`, raw)).result.traceHash).toBe(direct.traceHash);
  }, 120_000);

  it('tfs\'s own schedule (wide, grown, every mutant moving options) gives the same results with --jobs 1 and --jobs 2, clean', async () => {
    expect(guidedTuningFor('tfs')).toMatchObject({ optionsOneIn: 1, wideOptionsOneIn: 1, growOneIn: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'replisim-wide-tfs-'));
    const run = async (jobs: number) => {
      const pool = new WorkerPool(jobs);
      try {
        return await startCampaign({
          protocol: tfsProtocol, bugs: [], from: 2_019_000, seeds: 96, shard: null, jobs, timeBudgetMs: null,
          isKeepGoing: true, isCheckingDeterminism: false, isGuided: true, pool, failureDir: join(dir, String(jobs)),
        }).done;
      } finally {
        await pool.close();
      }
    };
    const [a, b] = [await run(1), await run(2)];
    expect(a.counts).toEqual(b.counts);
    expect(a.coverage).toEqual(b.coverage);
    expect(a.failures).toEqual([]);
    expect(b.failures).toEqual([]);
  }, 300_000);
});

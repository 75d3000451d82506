// A plain campaign's passing seeds cross from their workers as PassReports (seed-report.ts: the keys the worker has not
// posted before in the campaign, the marks reached, the anomalies), not as whole outcomes; the campaign's results must
// not change: the same results, failure files, coverage keys, marks and anomalies as a campaign posting whole outcomes,
// at --jobs 1 and 2, on threads and processes, and on a warm pool running one campaign after another.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { WorkerPool, type PoolKind } from '../../scenarios/pool.ts';
import { startCampaign, type CampaignOptions } from '../../scenarios/fuzz-campaign.ts';
import { toResults } from '../../scenarios/fuzz-results.ts';
import { CAMPAIGN_SEED_EXTRAS, runJob, type JobOutcome } from '../../scenarios/run-job.ts';
import { isPassReport, reachedMarks, seedReport, type PassReport } from '../../scenarios/seed-report.ts';
import { CoverageTally } from '../../scenarios/coverage-tally.ts';
import { zabProtocol } from '../../protocols/zab/index.ts';
import { tairProtocol } from '../../protocols/tair/index.ts';
import type { ProtocolModule } from '../../sim/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'replisim-pass-reports-'));
const warm = new WorkerPool(2, null, 2);
afterAll(() => warm.close());

/** A campaign's results and failure files, but its times (and failure files' paths and write times). */
async function campaign(name: string, protocol: ProtocolModule, bugs: readonly string[], from: number, seeds: number, jobs: number, extra: Partial<CampaignOptions> = {}) {
  const failureDir = join(dir, name);
  const r = await startCampaign({ protocol, bugs, from, seeds, shard: null, jobs, timeBudgetMs: null, isKeepGoing: true, isCheckingDeterminism: false, failureDir, ...extra }).done;
  const { elapsedMs: _e, seedsPerMinute: _s, failures, ...results } = toResults(r, { protocol: protocol.name, bugs, from, seeds, shard: null, codeVersion: 'test' });
  const files = failures.length === 0 ? [] : readdirSync(failureDir).sort().map((f) => {
    const { writtenAt: _w, contentHash: _h, ...rest } = JSON.parse(readFileSync(join(failureDir, f), 'utf8')) as Record<string, unknown>;
    return [f, rest];
  });
  return { results, failures: failures.map((f) => ({ ...f, failureFile: relative(failureDir, resolve(f.failureFile)) })), files };
}

describe('pass reports', () => {
  it('post each of a worker\'s keys once per campaign, anew in a new campaign, and a failure whole', () => {
    const outcomes = [1, 2, 3].map((seed) => runJob({ kind: 'fuzz', protocol: 'zab', seed, bugs: [] }, CAMPAIGN_SEED_EXTRAS));
    const reports = outcomes.map((o) => seedReport(o, 101)) as PassReport[];
    expect(reports.every(isPassReport)).toBe(true);
    const union = new Set(outcomes.flatMap((o) => o.coverage!.keys));
    const posted = reports.flatMap((r) => r.coverage!.newKeys);
    expect(posted).toHaveLength(union.size);
    expect(new Set(posted)).toEqual(union);
    expect(reports[0]!.coverage!.newKeys).toEqual(outcomes[0]!.coverage!.keys);
    reports.forEach((r, i) => {
      expect(r.coverage!.marks).toEqual(reachedMarks(outcomes[i]!.coverage!.marks));
      expect(r.anomalies).toEqual(outcomes[i]!.anomalies);
    });
    // A new campaign on the same worker: its tally starts empty, so every key is posted again.
    expect((seedReport(outcomes[1]!, 102) as PassReport).coverage!.newKeys).toEqual(outcomes[1]!.coverage!.keys);
    const failed: JobOutcome = { ...outcomes[2]!, verdict: 'violation' };
    expect(seedReport(failed, 102)).toBe(failed);
    // The failure's keys reached the tally with it: they are not posted again.
    expect((seedReport(outcomes[2]!, 102) as PassReport).coverage!.newKeys).toEqual([]);
  });

  it('tally as the whole outcomes do', () => {
    const outcomes = [4, 5].map((seed) => runJob({ kind: 'fuzz', protocol: 'zab', seed, bugs: [] }, CAMPAIGN_SEED_EXTRAS));
    const whole = new CoverageTally(zabProtocol);
    const reported = new CoverageTally(zabProtocol);
    outcomes.forEach((o, i) => {
      whole.add(i, o.coverage);
      const r = seedReport(o, 103) as PassReport;
      reported.addReached(i, r.coverage!.newKeys, r.coverage!.marks);
    });
    expect(reported.result()).toEqual(whole.result());
  });

  it('leave a campaign\'s results and failure files as whole outcomes give them, at --jobs 1 and 2, threads and processes', async () => {
    const bugs = ['zab/ack-before-fsync'];
    const whole = await campaign('whole', zabProtocol, bugs, 40, 12, 1, { isPostingWhole: true });
    expect(whole.failures.length).toBeGreaterThan(0);
    expect(whole.results.coverage!.keyCount).toBeGreaterThan(0);
    expect(await campaign('one', zabProtocol, bugs, 40, 12, 1)).toEqual(whole);
    expect(await campaign('two', zabProtocol, bugs, 40, 12, 2)).toEqual(whole);
    expect(await campaign('processes', zabProtocol, bugs, 40, 12, 2, { poolKind: { kind: 'processes', execArgv: [] } as PoolKind })).toEqual(whole);
  }, 300_000);

  it('leave a warm pool\'s campaigns, one after another, as whole outcomes give them (anomalies too)', async () => {
    const whole = await campaign('tair-whole', tairProtocol, [], 3000, 12, 2, { isPostingWhole: true, pool: warm });
    expect(whole.results.anomalies!.length).toBeGreaterThan(0);
    expect(await campaign('tair-a', tairProtocol, [], 3000, 12, 2, { pool: warm })).toEqual(whole);
    expect(await campaign('tair-b', tairProtocol, [], 3000, 12, 2, { pool: warm })).toEqual(whole);
  }, 300_000);
});

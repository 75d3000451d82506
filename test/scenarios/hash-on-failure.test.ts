// A plain campaign hashes a seed's trace only when it fails (scenarios/hash-on-failure.ts): the unhashed run must agree
// with the hashed one on everything but the hash, a failure must carry the hash a hashed run gives, and a failing seed
// whose re-run disagrees must be reported as nondeterminism.
import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CAMPAIGN_SEED_EXTRAS, runJob, runJobOnce, type JobOutcome, type RunJob } from '../../scenarios/run-job.ts';
import { HashFirstPolicy, NOT_HASHED, rerunMismatch, runHashingFailures } from '../../scenarios/hash-on-failure.ts';
import { runFuzzSeed } from '../../scenarios/fuzz-run.ts';
import { findProtocol, TEST_PROTOCOLS_ENV } from '../../scenarios/registry.ts';
import { startCampaign } from '../../scenarios/fuzz-campaign.ts';
import { alternatingProtocol } from './alternating-protocol.ts';
import type { ProtocolModule } from '../../sim/index.ts';

process.env[TEST_PROTOCOLS_ENV] = fileURLToPath(new URL('./alternating-protocol.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'replisim-hash-on-failure-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Everything but the hash and the wall time. */
const sansHash = (o: JobOutcome): Omit<JobOutcome, 'traceHash' | 'elapsedMs'> => {
  const { traceHash: _h, elapsedMs: _e, ...rest } = o;
  return rest;
};

// Per protocol: passing seeds, and a bug flag with seeds found to fail under it (aimed faults, as a campaign runs them).
const CASES: readonly { readonly protocol: string; readonly bugs: readonly string[]; readonly seeds: readonly number[]; readonly isFailing: boolean }[] = [
  { protocol: 'zab', bugs: [], seeds: [1, 2], isFailing: false },
  { protocol: 'zab', bugs: ['zab/zk-1653-epoch-crash-window'], seeds: [4], isFailing: true },
  { protocol: 'zab', bugs: ['zab/zk-1419-predicate-not-total'], seeds: [5], isFailing: true },
  { protocol: 'zab', bugs: ['zab/zk-1732-outofelection-full-vote'], seeds: [3], isFailing: true },
  { protocol: 'tair', bugs: [], seeds: [1, 2], isFailing: false },
  { protocol: 'tair', bugs: ['tair/builder-ignores-copy-count'], seeds: [1], isFailing: true },
  { protocol: 'tair', bugs: ['tair/version-only-reply'], seeds: [2], isFailing: true },
  { protocol: 'tfs', bugs: [], seeds: [1, 2], isFailing: false },
  { protocol: 'tfs', bugs: ['tfs/create-by-id-no-alive-check'], seeds: [2], isFailing: true },
  { protocol: 'tfs', bugs: ['tfs/lease-expiry-ignored'], seeds: [2], isFailing: true },
  { protocol: 'paxosstore', bugs: [], seeds: [1], isFailing: false },
  { protocol: 'paxosstore', bugs: ['paxosstore/read-without-check-empty'], seeds: [2], isFailing: true },
  { protocol: 'paxosstore', bugs: ['paxosstore/trust-damaged-plog'], seeds: [1], isFailing: true },
];

describe('hash on failure: a plain campaign seed', () => {
  for (const c of CASES) {
    for (const seed of c.seeds) {
      it(`${c.protocol}${c.bugs.length > 0 ? `+${c.bugs.join(',')}` : ''} seed ${seed}: unhashed and hashed runs agree but for the hash; the campaign's outcome is the hashed run's when it fails`, () => {
        const job: RunJob = { kind: 'fuzz', protocol: c.protocol, seed, bugs: c.bugs };
        const unhashed = runJobOnce(job, {}, false);
        const hashed = runJobOnce(job, {}, true);
        expect(hashed.verdict !== 'pass').toBe(c.isFailing);
        expect(sansHash(unhashed)).toEqual(sansHash(hashed));
        const campaign = runJob(job, CAMPAIGN_SEED_EXTRAS);
        expect(sansHash(campaign)).toEqual(sansHash(hashed));
        if (!c.isFailing) {
          expect(campaign.traceHash).toBe(NOT_HASHED);
          return;
        }
        expect(campaign.traceHash).toBe(hashed.traceHash);
        const protocol = findProtocol(c.protocol)!;
        expect(campaign.traceHash).toBe(runFuzzSeed({ protocol, seed, bugs: c.bugs }).traceHash);
      });
    }
  }

  it('keeps hashing where the trace is read: event hashes, records, strict (determinism) runs, scenarios', () => {
    const job: RunJob = { kind: 'fuzz', protocol: 'tair', seed: 1, bugs: [] };
    const plain = runJobOnce(job, {}, true);
    for (const extras of [{ recordEventHashes: true }, { isFullCheck: true }]) expect(runJob(job, { ...CAMPAIGN_SEED_EXTRAS, ...extras }).traceHash).toBe(plain.traceHash);
    expect(runJob(job, { ...CAMPAIGN_SEED_EXTRAS, recordsOfEvent: 3 }).records!.length).toBeGreaterThan(0);
    expect(runJob(job).traceHash).toBe(plain.traceHash);
    const scenario: RunJob = { kind: 'scenario', path: fileURLToPath(new URL('../../scenarios/tair/bug-builder-ignores-copy-count.json', import.meta.url)) };
    expect(runJob(scenario, CAMPAIGN_SEED_EXTRAS).traceHash).toBe(runJobOnce(scenario, {}, true).traceHash);
  });
});

describe('hash on failure: the re-run logic (planted runs)', () => {
  const outcome = runJobOnce({ kind: 'fuzz', protocol: 'tair', seed: 1, bugs: ['tair/builder-ignores-copy-count'] }, {}, true);
  const passing: JobOutcome = { ...outcome, verdict: 'pass', violation: null, isPassed: true };

  it('runs a passing seed once, unhashed', () => {
    const calls: boolean[] = [];
    const r = runHashingFailures((isHashed) => { calls.push(isHashed); return passing; });
    expect(calls).toEqual([false]);
    expect(r.outcome.traceHash).toBe(NOT_HASHED);
    expect(r.mismatch).toBeNull();
  });

  it('re-runs a failing seed hashed and returns that run; runs that agree are no mismatch', () => {
    const calls: boolean[] = [];
    const r = runHashingFailures((isHashed) => { calls.push(isHashed); return isHashed ? outcome : { ...outcome, traceHash: 'meaningless' }; });
    expect(calls).toEqual([false, true]);
    expect(r.outcome.traceHash).toBe(outcome.traceHash);
    expect(r.mismatch).toBeNull();
  });

  it('names what a re-run that differs the second time differs in, and where', () => {
    const r = runHashingFailures((isHashed) => (isHashed ? passing : outcome));
    expect(r.outcome.verdict).toBe('pass');
    expect(r.mismatch).toEqual({ fields: ['verdict', 'violation'], eventIndex: Math.min(outcome.events, outcome.violation!.eventIndex) });
    const fewer = { ...outcome, events: outcome.events - 1, anomalies: { planted: 1 } };
    expect(rerunMismatch(outcome, fewer)).toEqual({ fields: ['events', 'anomalies'], eventIndex: outcome.events - 1 });
    expect(rerunMismatch(outcome, { ...outcome, coverage: null })!.fields).toEqual(outcome.coverage === null ? [] : ['coverage']);
  });

  it('hashes first while failures are frequent: two among the last 16 seeds, until they age out', () => {
    const policy = new HashFirstPolicy();
    const calls: boolean[] = [];
    const failing = (isHashed: boolean): JobOutcome => { calls.push(isHashed); return isHashed ? outcome : { ...outcome, traceHash: 'meaningless' }; };
    const pass = (isHashed: boolean): JobOutcome => { calls.push(isHashed); return passing; };
    runHashingFailures(failing, policy);
    runHashingFailures(failing, policy);
    expect(calls).toEqual([false, true, false, true]);
    calls.length = 0;
    // Now one hashed run per seed, failing or passing, with the same outcomes as the two-run path.
    expect(runHashingFailures(failing, policy).outcome).toEqual(outcome);
    expect(runHashingFailures(pass, policy).outcome.traceHash).toBe(NOT_HASHED);
    expect(calls).toEqual([true, true]);
    // 16 seeds after the last failure, the failures have aged out: unhashed first again.
    for (let i = 0; i < 15; i++) runHashingFailures(pass, policy);
    calls.length = 0;
    runHashingFailures(pass, policy);
    expect(calls).toEqual([false]);
  });

  it('a campaign reports a failing seed whose re-run in its worker passes as nondeterminism, without --check-determinism', async () => {
    const r = await startCampaign({
      protocol: alternatingProtocol as unknown as ProtocolModule, bugs: [], from: 1, seeds: 1, shard: null, jobs: 1, timeBudgetMs: null,
      isKeepGoing: true, isCheckingDeterminism: false, faults: 'timed', failureDir: dir,
    }).done;
    expect(r.counts.nondeterminism).toBe(1);
    expect(r.failures).toHaveLength(1);
    const f = r.failures[0]!;
    expect(f.verdict).toBe('nondeterminism');
    expect(f.divergence).not.toBeNull();
    expect(f.traceHash).not.toBe(NOT_HASHED);
  });
});

// Worker processes (pool.ts kind 'processes', child node processes over IPC) run jobs exactly as worker threads do:
// same outcomes, the same crash handling, and a campaign's results byte-identical to --jobs 1 and to worker threads.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkerCrash, WorkerPool, type PoolKind } from '../../scenarios/pool.ts';
import { runTwice } from '../../scenarios/determinism.ts';
import { startCampaign } from '../../scenarios/fuzz-campaign.ts';
import { toResults } from '../../scenarios/fuzz-results.ts';
import { TEST_PROTOCOLS_ENV } from '../../scenarios/registry.ts';
import { zabProtocol } from '../../protocols/zab/index.ts';

process.env[TEST_PROTOCOLS_ENV] = fileURLToPath(new URL('../support/cli-protocols.ts', import.meta.url));
const PROCESSES: PoolKind = { kind: 'processes', execArgv: [] };
const pool = new WorkerPool(2, null, 1, PROCESSES);
const threads = new WorkerPool(1);
afterAll(() => Promise.all([pool.close(), threads.close()]));

describe('worker process pool', () => {
  it('runs each worker in a child process of its own, with the outcome a worker thread gives, on either worker', async () => {
    expect(pool.pids.every((pid) => pid !== null && pid !== process.pid)).toBe(true);
    expect(new Set(pool.pids).size).toBe(2);
    const job = { kind: 'fuzz', protocol: 'flaky', seed: 9, bugs: [] } as const;
    const a = await pool.run(job);
    const b = await pool.run(job, {}, a.worker);
    expect(b.worker).not.toBe(a.worker);
    const t = await threads.run(job);
    // All but the run's wall time.
    const timeless = ({ outcome: { elapsedMs: _, ...rest } }: typeof a) => rest;
    expect(timeless(a)).toEqual(timeless(t));
    expect(timeless(b)).toEqual(timeless(t));
  });

  it('finds nondeterminism and passes a deterministic run, across its two processes', async () => {
    expect((await runTwice(pool, { kind: 'fuzz', protocol: 'flaky', seed: 2, bugs: ['flaky/nondeterministic'] })).divergence).not.toBeNull();
    expect((await runTwice(pool, { kind: 'fuzz', protocol: 'flaky', seed: 5, bugs: [] })).divergence).toBeNull();
  });

  it('fails a job that kills its worker process as a WorkerCrash, and runs the job queued behind it on a fresh process', async () => {
    const deep = new WorkerPool(1, null, 2, { kind: 'processes', execArgv: ['--single-threaded-gc'] });
    try {
      const before = deep.pids[0];
      const kill = deep.run({ kind: 'fuzz', protocol: 'flaky', seed: 1, bugs: ['flaky/kill-worker'] });
      const next = deep.run({ kind: 'fuzz', protocol: 'flaky', seed: 9, bugs: [] });
      expect(deep.idleCount).toBe(0);
      await expect(kill).rejects.toBeInstanceOf(WorkerCrash);
      await expect(kill).rejects.toThrow(/code 9/);
      const alone = await threads.run({ kind: 'fuzz', protocol: 'flaky', seed: 9, bugs: [] });
      expect((await next).outcome.traceHash).toBe(alone.outcome.traceHash);
      expect(deep.pids[0]).not.toBe(before);
    } finally {
      await deep.close();
    }
  });

  it('keeps a worker process through Ctrl-C (SIGINT reaches the whole process group; the pool decides when it ends)', async () => {
    process.kill(pool.pids[0]!, 'SIGINT');
    process.kill(pool.pids[1]!, 'SIGTERM');
    const a = await pool.run({ kind: 'fuzz', protocol: 'flaky', seed: 3, bugs: [] }, {}, 1);
    const b = await pool.run({ kind: 'fuzz', protocol: 'flaky', seed: 3, bugs: [] }, {}, 0);
    expect([a.worker, b.worker]).toEqual([0, 1]);
  });

  it('refuses thread resource limits (a worker process takes node flags instead)', () => {
    expect(() => new WorkerPool(1, { maxYoungGenerationSizeMb: 8 }, 1, PROCESSES)).toThrow(/node flags/);
  });
});

describe('a campaign on worker processes', () => {
  it('writes the same results and failure files as --jobs 1 and --jobs 2 on worker threads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replisim-process-pool-'));
    const run = async (name: string, jobs: number, poolKind?: PoolKind) => {
      const failureDir = join(dir, name);
      const r = await startCampaign({
        protocol: zabProtocol, bugs: ['zab/ack-before-fsync'], from: 40, seeds: 10, shard: null, jobs, timeBudgetMs: null,
        isKeepGoing: true, isCheckingDeterminism: false, failureDir, ...(poolKind !== undefined ? { poolKind } : {}),
      }).done;
      const { elapsedMs: _e, seedsPerMinute: _s, failures, ...results } = toResults(r, { protocol: 'zab', bugs: ['zab/ack-before-fsync'], from: 40, seeds: 10, shard: null, codeVersion: 'test' });
      // Failure files named within their directory: the results may name them relative to the working directory.
      // A failure file but when it was written (and its content hash, which covers that).
      const files = readdirSync(failureDir).sort().map((f) => {
        const { writtenAt: _w, contentHash: _h, ...rest } = JSON.parse(readFileSync(join(failureDir, f), 'utf8')) as Record<string, unknown>;
        return [f, rest];
      });
      return { results, failures: failures.map((f) => ({ ...f, failureFile: relative(failureDir, resolve(f.failureFile)) })), files };
    };
    const one = await run('threads-1', 1);
    const two = await run('threads-2', 2);
    const processes = await run('processes-2', 2, { kind: 'processes', execArgv: ['--single-threaded'] });
    expect(one.failures.length).toBeGreaterThan(0);
    expect(one.results.seedsRun).toHaveLength(10);
    expect(two).toEqual(one);
    expect(processes).toEqual(one);
  }, 300_000);
});

// The worker pool runs TypeScript workers under vitest too, and the determinism check names the first differing event.
import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { WorkerCrash, WorkerPool } from '../../scenarios/pool.ts';
import { runTwice, firstDifferingEvent } from '../../scenarios/determinism.ts';
import { TEST_PROTOCOLS_ENV } from '../../scenarios/registry.ts';

process.env[TEST_PROTOCOLS_ENV] = fileURLToPath(new URL('../support/cli-protocols.ts', import.meta.url));
const pool = new WorkerPool(2);
afterAll(() => pool.close());

describe('worker pool', () => {
  it('runs fuzz seeds in worker threads with the same trace hash on either worker', async () => {
    const job = { kind: 'fuzz', protocol: 'flaky', seed: 9, bugs: [] } as const;
    const a = await pool.run(job);
    const b = await pool.run(job, {}, a.worker);
    expect(b.worker).not.toBe(a.worker);
    expect(b.outcome.traceHash).toBe(a.outcome.traceHash);
  });

  it('finds the first differing event of a nondeterministic run and shows both versions of it', async () => {
    const { divergence } = await runTwice(pool, { kind: 'fuzz', protocol: 'flaky', seed: 2, bugs: ['flaky/nondeterministic'] });
    expect(divergence).not.toBeNull();
    expect(divergence!.hashA).not.toBe(divergence!.hashB);
    const coin = (rs: readonly { detail: string }[]) => rs.map((r) => r.detail).join('|');
    expect(coin(divergence!.recordsA)).toMatch(/coin (heads|tails)/);
    expect(divergence!.recordsA.every((r) => r.event === divergence!.eventIndex)).toBe(true);
  });

  it('passes resource limits to its workers, which then give the same outcome as default ones', async () => {
    const limited = new WorkerPool(1, { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 64 });
    try {
      const job = { kind: 'fuzz', protocol: 'flaky', seed: 9, bugs: [] } as const;
      const [a, b] = await Promise.all([limited.run(job), pool.run(job)]);
      expect(a.outcome.traceHash).toBe(b.outcome.traceHash);
    } finally {
      await limited.close();
    }
  });

  it('with two jobs sent per worker, a job queued behind one that kills the worker runs on its fresh worker, not as a crash', async () => {
    const deep = new WorkerPool(1, null, 2);
    try {
      // Both are sent at once (depth 2): the second waits in the worker's queue when the first ends the worker.
      const kill = deep.run({ kind: 'fuzz', protocol: 'flaky', seed: 1, bugs: ['flaky/kill-worker'] });
      const next = deep.run({ kind: 'fuzz', protocol: 'flaky', seed: 9, bugs: [] });
      expect(deep.idleCount).toBe(0);
      await expect(kill).rejects.toBeInstanceOf(WorkerCrash);
      const alone = await pool.run({ kind: 'fuzz', protocol: 'flaky', seed: 9, bugs: [] });
      expect((await next).outcome.traceHash).toBe(alone.outcome.traceHash);
    } finally {
      await deep.close();
    }
  });

  it('reports a deterministic run as such', async () => {
    const { divergence } = await runTwice(pool, { kind: 'fuzz', protocol: 'flaky', seed: 5, bugs: [] });
    expect(divergence).toBeNull();
  });
});

describe('firstDifferingEvent', () => {
  it('is the first index that differs, or the shorter length when one is a prefix', () => {
    expect(firstDifferingEvent([1, 2, 3], [1, 2, 4])).toBe(2);
    expect(firstDifferingEvent([1, 2], [1, 2, 3])).toBe(2);
  });
});

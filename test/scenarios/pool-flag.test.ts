// End-to-end: `fuzz --pool processes` runs the compiled worker (dist/worker.js) in child processes, with the results
// --pool threads gives, and a seed that kills its worker process is a crash of that seed.
import { describe, expect, it } from 'vitest';
import { cli, scratchDir } from './cli-harness.ts';

/** `fuzz --json`'s results but their wall-time figures. */
function timeless(stdout: string): unknown {
  const { elapsedMs: _e, seedsPerMinute: _s, ...rest } = JSON.parse(stdout) as Record<string, unknown>;
  return rest;
}

describe.concurrent('replisim fuzz --pool', () => {
  it('gives the same results on worker processes as on worker threads', async () => {
    const args = ['fuzz', '--protocol', 'flaky', '--bug', 'fragile-restart', '--seeds', '8', '--jobs', '2', '--keep-going', '--json'];
    const [threads, processes] = await Promise.all([cli([...args, '--pool', 'threads'], scratchDir()), cli([...args, '--pool', 'processes'], scratchDir())]);
    expect(threads.code).toBe(processes.code);
    expect(timeless(processes.stdout)).toEqual(timeless(threads.stdout));
    expect((timeless(threads.stdout) as { seedsRun: number[] }).seedsRun).toHaveLength(8);
  });

  it('records a seed that kills its worker process as a crash and carries on with a fresh one', async () => {
    const r = await cli(['fuzz', '--protocol', 'flaky', '--bug', 'kill-worker', '--seeds', '3', '--jobs', '1', '--keep-going', '--pool', 'processes'], scratchDir());
    expect(r.stdout).toContain('3/3 seeds');
    expect(r.stdout.match(/FAIL seed \d+ .*crash: worker-died: worker process exited with code 9/g)).toHaveLength(3);
    expect(r.code).toBe(4);
  });

  it('refuses a pool it does not know (exit 2)', async () => {
    const r = await cli(['fuzz', '--protocol', 'flaky', '--pool', 'fibers'], scratchDir());
    expect(r.stderr).toContain('--pool: expected threads or processes, found "fibers"');
    expect(r.code).toBe(2);
  });
});

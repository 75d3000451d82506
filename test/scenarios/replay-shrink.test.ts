// End-to-end: a fuzz failure's file replays to the same trace hash, and shrink writes a smaller scenario that still fails.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, scratchDir } from './cli-harness.ts';

describe('replisim: failure file → replay → shrink', () => {
  it('replays a fuzz failure exactly and shrinks it to a smaller scenario that run still fails the same way', async () => {
    const dir = scratchDir();
    const fuzz = await cli(['fuzz', '--protocol', 'flaky', '--bug', 'fragile-restart', '--seeds', '10', '--jobs', '2'], dir);
    expect(fuzz.code).toBe(1);
    const files = readdirSync(join(dir, '.replisim', 'failures')).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(1);
    const path = join('.replisim', 'failures', files[0]!);
    const failure = JSON.parse(readFileSync(join(dir, path), 'utf8')) as { traceHash: string; seed: number; codeVersion: string; scenario: { steps: unknown[] } };
    expect(failure.codeVersion).toMatch(/^(git:[0-9a-f]{40}|package:)/);
    expect(fuzz.stdout).toContain(`replay: npx replisim replay ${path}`);

    const replay = await cli(['replay', path], dir);
    expect(replay.stdout).toContain(`reproduced: same verdict and trace hash ${failure.traceHash}`);
    expect(replay.code).toBe(1);

    const shrink = await cli(['shrink', path, '--out', 'small.json'], dir);
    expect(shrink.code).toBe(0);
    const small = JSON.parse(readFileSync(join(dir, 'small.json'), 'utf8')) as { steps: unknown[]; duration: string; workload: unknown[] };
    expect(small.steps.length).toBeLessThanOrEqual(failure.scenario.steps.length);
    const before = /fault steps (\d+) → (\d+), fault phase (\S+) → (\S+), client operations (\d+) → (\d+)/.exec(shrink.stdout);
    expect(before).not.toBeNull();
    const [, s0, s1, , , o0, o1] = before!.map(Number);
    expect(s1! + o1!).toBeLessThan(s0! + o0!);

    // A bug flag's shrunk scenario expects its violation by name: `run` passes while the flag is caught.
    const rerun = await cli(['run', 'small.json'], dir);
    expect(rerun.stdout).toContain('violation: no-fragile-restart');
    expect(rerun.stdout).toContain('✓ verdict violation (no-fragile-restart)');
    expect(rerun.code).toBe(0);
  });

  it('replays by --protocol/--seed, stops at an event with every node state, and filters the trace by node', async () => {
    const dir = scratchDir();
    const [until, trace] = await Promise.all([
      cli(['replay', '--protocol', 'flaky', '--seed', '4', '--until-event', '20'], dir),
      cli(['replay', '--protocol', 'flaky', '--seed', '4', '--trace', '--node', 'n3'], dir),
    ]);
    expect(until.stdout).toContain('stopped after event #20');
    for (const n of ['n1', 'n2', 'n3']) expect(until.stdout).toContain(`--- ${n}`);
    expect(until.code).toBe(0);
    const lines = trace.stdout.split('\n').filter((l) => /^\s+\d+\s/.test(l));
    expect(lines.length).toBeGreaterThan(5);
    for (const l of lines) expect(l.split(/\s+/)[3]).toBe('n3');
    expect(trace.code).toBe(0);
  });
});

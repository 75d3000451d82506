// End-to-end: `replisim run` exits with each documented code, and every failure prints seed, protocol, bugs and one replay command.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, scratchDir, FIXTURES } from './cli-harness.ts';

const oneCrash = join(FIXTURES, 'one-crash.json');

describe.concurrent('replisim run: exit codes', () => {
  it('exits 0 when every expectation holds', async () => {
    const dir = scratchDir();
    const r = await cli(['run', oneCrash], dir);
    expect(r.stdout).toContain('✓ verdict pass');
    expect(r.stdout).toContain('PASS');
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, '.replisim'))).toBe(false);
  });

  it('exits 0 when a scenario expects the violation its bug flag causes', async () => {
    const r = await cli(['run', join(FIXTURES, 'expects-violation.json')], scratchDir());
    expect(r.stdout).toContain('✓ verdict violation (no-fragile-restart)');
    expect(r.code).toBe(0);
  });

  it('exits 1 on a safety violation, with seed, protocol, bugs, one replay command and a failure file', async () => {
    const dir = scratchDir();
    const r = await cli(['run', oneCrash, '--bug', 'flaky/fragile-restart'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL seed 7 {2}protocol flaky {2}bugs flaky\/fragile-restart {2}violation/);
    const replays = r.stdout.split('\n').filter((l) => l.includes('replay: npx replisim replay '));
    expect(replays).toHaveLength(1);
    expect(readdirSync(join(dir, '.replisim', 'failures'))).toHaveLength(1);
  });

  it('exits 3 when liveness is not reached after heal', async () => {
    const r = await cli(['run', oneCrash, '--bug', 'stall'], scratchDir());
    expect(r.stdout).toContain('LIVENESS FAILURE');
    expect(r.stdout).toMatch(/liveness: not-stalled/);
    expect(r.code).toBe(3);
  });

  it('exits 4 when a handler throws, naming the seed and the replay command instead of a bare stack', async () => {
    const r = await cli(['run', oneCrash, '--bug', 'flaky/throw', '--seed', '11'], scratchDir());
    expect(r.stdout).toContain('CRASH');
    expect(r.stdout).toContain('crash: exception: Error: flaky/throw');
    expect(r.stdout).toMatch(/FAIL seed 11 .*crash/);
    expect(r.stdout).toContain('replay: npx replisim replay .replisim/failures/flaky-seed11-crash-');
    expect(r.code).toBe(4);
  });

  it('exits 5 under --check-determinism when two runs differ, showing the first differing event twice', async () => {
    const r = await cli(['run', oneCrash, '--bug', 'flaky/nondeterministic', '--check-determinism'], scratchDir());
    expect(r.stdout).toMatch(/first differing event: #\d+/);
    expect(r.stdout).toContain('run A:');
    expect(r.stdout).toContain('run B:');
    expect(r.code).toBe(5);
  });

  it('passes --check-determinism on a deterministic scenario', async () => {
    const r = await cli(['run', oneCrash, '--check-determinism'], scratchDir());
    expect(r.stdout).toContain('deterministic: two runs in different workers gave the same trace hash');
    expect(r.code).toBe(0);
  });
});

describe.concurrent('replisim fuzz: exit codes', () => {
  it('exits 0 when no seed fails', async () => {
    const r = await cli(['fuzz', '--protocol', 'flaky', '--seeds', '12', '--jobs', '2'], scratchDir());
    expect(r.stdout).toContain('12/12 seeds');
    expect(r.code).toBe(0);
  });

  it('exits 4 when a seed crashes, stopping at the first failure and saying how to resume', async () => {
    const r = await cli(['fuzz', '--protocol', 'flaky', '--bug', 'throw', '--seeds', '30', '--jobs', '1'], scratchDir());
    expect(r.stdout).toMatch(/FAIL seed 1 {2}protocol flaky {2}bugs flaky\/throw {2}crash/);
    expect(r.stdout).toContain('resume with: npx replisim fuzz --protocol flaky --bug flaky/throw --from 2 --seeds 29');
    expect(r.code).toBe(4);
  });

  it('records a seed that kills its worker as a crash and carries on with a fresh worker', async () => {
    const r = await cli(['fuzz', '--protocol', 'flaky', '--bug', 'kill-worker', '--seeds', '3', '--jobs', '1', '--keep-going'], scratchDir());
    expect(r.stdout).toContain('3/3 seeds');
    expect(r.stdout.match(/FAIL seed \d+ .*crash: worker-died: worker exited with code 9/g)).toHaveLength(3);
    expect(r.code).toBe(4);
  });

  it('exits 5 when --check-determinism finds a seed whose reruns differ', async () => {
    const r = await cli(['fuzz', '--protocol', 'flaky', '--bug', 'nondeterministic', '--seeds', '3', '--check-determinism', '--jobs', '1'], scratchDir());
    expect(r.stdout).toMatch(/nondeterminism/);
    expect(r.code).toBe(5);
  });
});

describe.concurrent('replisim: reports', () => {
  it('writes a JUnit report for run with the failing case and its replay command', async () => {
    const dir = scratchDir();
    const r = await cli(['run', oneCrash, '--bug', 'fragile-restart', '--report', 'junit', '--out', 'out/run.xml'], dir);
    expect(r.code).toBe(1);
    const xml = readFileSync(join(dir, 'out', 'run.xml'), 'utf8');
    expect(xml).toContain('failures="1"');
    expect(xml).toContain('replay: npx replisim replay .replisim/failures/flaky-seed7-violation-');
  });

  it('writes a JUnit report for fuzz with one case per seed', async () => {
    const dir = scratchDir();
    const r = await cli(['fuzz', '--protocol', 'flaky', '--seeds', '4', '--jobs', '1', '--report', 'junit', '--out', 'fuzz.xml'], dir);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'fuzz.xml'), 'utf8').match(/<testcase /g)).toHaveLength(4);
  });
});

describe('replisim list', () => {
  it('lists protocols with their bug flags as <protocol>/<name>', async () => {
    const r = await cli(['list', '--json'], scratchDir());
    const data = JSON.parse(r.stdout) as { protocols: { name: string; bugs: { id: string }[] }[] };
    const flaky = data.protocols.find((p) => p.name === 'flaky');
    expect(flaky?.bugs.map((b) => b.id)).toContain('flaky/fragile-restart');
    expect(r.code).toBe(0);
  });
});

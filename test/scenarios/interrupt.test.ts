// Ctrl-C during fuzz: the campaign stops cleanly, keeps what it found, and prints how to resume with --from.
import { describe, expect, it } from 'vitest';
import { cli, scratchDir } from './cli-harness.ts';

describe('replisim fuzz: Ctrl-C', () => {
  it('stops after the seeds in flight and prints a --from resume command', async () => {
    let isSent = false;
    const r = await cli(['fuzz', '--protocol', 'flaky', '--seeds', '100000', '--jobs', '1'], scratchDir(), (text, kill) => {
      // The plain progress line appears once seeds are running.
      if (!isSent && /\d+\/100000 seeds/.test(text)) { isSent = true; kill('SIGINT'); }
    });
    expect(isSent).toBe(true);
    expect(r.stderr).toContain('interrupted (SIGINT): finishing the seeds in flight');
    const m = /interrupted; resume with: npx replisim fuzz --protocol flaky --from (\d+) --seeds (\d+)/.exec(r.stdout);
    expect(m).not.toBeNull();
    expect(Number(m![1]) + Number(m![2])).toBe(100001);
    expect(r.code).toBe(130);
  });

  it('treats SIGTERM (a pod or CI job being stopped) the same way, exiting 143', async () => {
    let isSent = false;
    const r = await cli(['fuzz', '--protocol', 'flaky', '--seeds', '100000', '--jobs', '2'], scratchDir(), (text, kill) => {
      if (!isSent && /\d+\/100000 seeds/.test(text)) { isSent = true; kill('SIGTERM'); }
    });
    expect(isSent).toBe(true);
    expect(r.stderr).toContain('interrupted (SIGTERM): finishing the seeds in flight');
    expect(r.stdout).toMatch(/interrupted; resume with: npx replisim fuzz --protocol flaky --from \d+ --seeds \d+/);
    expect(r.code).toBe(143);
  });
});

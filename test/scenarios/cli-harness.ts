// Spawning the real CLI (bin/replisim.js) for end-to-end tests, in a scratch directory, with the test-only protocols registered.
// It runs the bundle test/support/global-setup.ts built for this test run (compiled, with the test protocols in it).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

export const BIN = fileURLToPath(new URL('../../bin/replisim.js', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'replisim-e2e-'));
}

/** Runs `replisim <args>` in `cwd`; `onStderr` sees stderr as it arrives (to send signals at the right time). */
export function cli(args: readonly string[], cwd: string, onStderr?: (text: string, kill: (sig: NodeJS.Signals) => void) => void, env: Record<string, string> = {}): Promise<CliResult> {
  const dist = inject('replisimDist');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, REPLISIM_DIST_DIR: dist, REPLISIM_TEST_PROTOCOLS: join(dist, 'test-protocols.js'), CI: '1', NO_COLOR: '1', FORCE_COLOR: '0', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      onStderr?.(stderr, (sig) => child.kill(sig));
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

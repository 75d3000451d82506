// bin/replisim.js runs the compiled bundle when it is current, and never a bundle older than the sources.
import { describe, expect, it, inject } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN } from './cli-harness.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = (args: string[], env: Record<string, string>) => spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8' });

describe('compiled CLI', () => {
  it('runs a current bundle without compiling anything (no tsx note)', () => {
    const r = run(['--help'], { REPLISIM_DIST_DIR: inject('replisimDist') });
    expect(r.stdout).toContain('usage: replisim <command>');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('starts --help without loading the kernel, the protocols or zod: cli.js statically imports only tiny chunks', () => {
    // A structural guard for start-up time (timings belong in `npm run bench -- startup`): whatever cli.js imports
    // statically is parsed on every start, `--help` included; the commands are loaded on demand by cli-dispatch.
    const dist = inject('replisimDist');
    const statics = (file: string): string[] => [...readFileSync(join(dist, file), 'utf8').matchAll(/^import[^;]*? from "\.\/(chunk-[A-Z0-9]+\.js)";/gms)].map((m) => m[1]!);
    const seen = new Set<string>();
    const walk = (file: string): void => { for (const c of statics(file)) if (!seen.has(c)) { seen.add(c); walk(c); } };
    walk('cli.js');
    const bytes = [...seen].reduce((sum, c) => sum + statSync(join(dist, c)).size, 0);
    expect(bytes, `cli.js pulls in ${[...seen].join(', ')}`).toBeLessThan(20_000);
    expect(readFileSync(join(dist, 'cli.js'), 'utf8')).toMatch(/await import\("\.\/chunk-[A-Z0-9]+\.js"\)/);
  });

  it('never runs a bundle older than the sources: it says so and runs the sources', () => {
    const dir = mkdtempSync(join(ROOT, '.test-dist-stale-'));
    try {
      writeFileSync(join(dir, 'build.json'), JSON.stringify({ startedAtMs: 0 }));
      writeFileSync(join(dir, 'cli.js'), "export async function main() { console.log('OLD CODE'); return 0; }\n");
      const r = run(['--help'], { REPLISIM_DIST_DIR: dir });
      expect(r.stderr).toMatch(/replisim: dist\/ is older than \S+; running the TypeScript sources through tsx/);
      expect(r.stdout).toContain('usage: replisim <command>');
      expect(r.stdout).not.toContain('OLD CODE');
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

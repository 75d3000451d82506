#!/usr/bin/env node
// `npm run build` (and `prepare`, so `npm ci` runs it): bundles the CLI, the worker thread entry and the main job into
// dist/ with esbuild. dist/build.json records when the build started, so launch.js can tell a dist/ older than the
// sources and never run old code. The tests build their own copy with the test-only protocols (test/support/global-setup.ts).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { build } from 'esbuild';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const ENTRIES = { cli: 'scenarios/cli.ts', worker: 'scenarios/worker.ts', main: 'scenarios/main.ts' };

/**
 * Bundles `entries` into `outDir`, which must sit directly below the repository root like scenarios/ does: paths made
 * from import.meta.dirname ('..' = the repository) and new URL('./worker.ts') (→ <outDir>/worker.js) then hold in both forms.
 */
export async function buildDist(outDir = join(ROOT, 'dist'), entries = ENTRIES) {
  const startedAtMs = Date.now();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: entries,
    outdir: outDir,
    bundle: true,
    // Shared modules (the kernel, the registry) go into common chunks, so every entry sees the same module instances.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // npm packages are bundled too: loading zod's or chalk's many small ESM files costs more start-up time than the rest.
    // A CommonJS package's require() of a Node built-in (seedrandom's crypto) needs a real require in ESM output.
    banner: { js: "import { createRequire as __replisimRequire } from 'node:module'; const require = __replisimRequire(import.meta.url);" },
    chunkNames: 'chunk-[hash]',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  writeFileSync(join(outDir, 'build.json'), `${JSON.stringify({ startedAtMs, builtBy: 'bin/build.js' })}\n`);
  return Date.now() - startedAtMs;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const ms = await buildDist();
  process.stdout.write(`replisim: built dist/ in ${ms} ms\n`);
}

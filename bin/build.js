#!/usr/bin/env node
// `npm run build` (and `prepare`, so `npm ci` runs it): bundles the CLI, the worker thread entry and the main job into
// dist/ with esbuild. dist/build.json records when the build started, so launch.js can
// tell a dist/ older than the sources and never run old code.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'dist');
const startedAtMs = Date.now();
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
await build({
  absWorkingDir: ROOT,
  // Every output file sits directly in dist/, one level below the root like scenarios/, so paths made from
  // import.meta.dirname ('..' = the repository) and new URL('./worker.ts') (→ dist/worker.js) hold in both forms.
  entryPoints: { cli: 'scenarios/cli.ts', worker: 'scenarios/worker.ts', main: 'scenarios/main.ts' },
  outdir: OUT,
  bundle: true,
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
writeFileSync(join(OUT, 'build.json'), `${JSON.stringify({ startedAtMs, builtBy: 'bin/build.js' })}\n`);
process.stdout.write(`replisim: built dist/ in ${Date.now() - startedAtMs} ms\n`);

// Benchmarks time the simulator as `replisim` ships it: bundled by esbuild the way bin/build.js bundles dist/, and
// imported as plain JavaScript (tsx leaves .mjs files alone). Under tsx every named closure is wrapped in an
// `__name(fn, "name")` call (its esbuild keepNames, which it does not let callers turn off), a defineProperty each time
// a closure is made: in one process, the same zab seeds cost 1.08x and tair's 1.05x with keepNames on (17th session).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundles a module re-exporting `modules` (namespace name -> path below `root`, e.g. { fuzzRun:
 * 'scenarios/fuzz-run.ts' }) and imports it. Namespaces, not named exports: an older baseline that lacks a name
 * yields undefined instead of a build error. The temp directory is removed once the module is loaded.
 */
export async function importShipped<T>(root: string, modules: Readonly<Record<string, string>>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'replisim-shipped-'));
  try {
    const entry = join(dir, 'entry.ts');
    writeFileSync(entry, Object.entries(modules).map(([ns, path]) => `export * as ${ns} from ${JSON.stringify(join(root, path))};\n`).join(''));
    const outfile = join(dir, 'bundle.mjs');
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // As bin/build.js: a CommonJS package's require() of a Node built-in (seedrandom's crypto) needs a real require.
      banner: { js: "import { createRequire as __replisimRequire } from 'node:module'; const require = __replisimRequire(import.meta.url);" },
      logLevel: 'warning',
    });
    return (await import(pathToFileURL(outfile).href)) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

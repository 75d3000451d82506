// Starts a replisim entry point: the compiled bundle in dist/ when it is current, else the TypeScript source through tsx.
// Why: tsx compiles every module on each start (about 2 s of CPU); the bundle starts in a fraction of that. A dist/ older
// than any source file is never run (it would be old code): the sources run instead, with a note saying how to rebuild.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Folders whose files go into the bundle (bin/build.js writes dist/build.json with the time the build started). */
export const SOURCE_DIRS = ['sim', 'protocols', 'scenarios', 'reports'];
/** The bundle: dist/, or another build of it (the tests build one with their test-only protocols). */
const DIST = process.env.REPLISIM_DIST_DIR || join(ROOT, 'dist');
export const BUILD_INFO = join(DIST, 'build.json');

/** Why dist/ cannot be used without looking at the sources (not built, or the sources were asked for); null if it may be. */
function setupProblem(env) {
  // The test seam registers test-only protocols: TypeScript ones must share the kernel's modules, so the sources run;
  // compiled ones (built into the same bundle, sharing its chunks) run with it.
  if (env.REPLISIM_TEST_PROTOCOLS && !env.REPLISIM_TEST_PROTOCOLS.endsWith('.js')) return 'test protocols are TypeScript';
  if (env.REPLISIM_FROM_SOURCE === '1') return 'REPLISIM_FROM_SOURCE=1';
  if (!existsSync(BUILD_INFO)) return 'dist/ is not built';
  return null;
}

/**
 * The first source file changed after the build started (dist/ is then stale), or null. Synchronous on purpose: about
 * 300 stat calls take a few milliseconds this way, against ~25 ms of promise and GC overhead when done with fs/promises.
 */
export function staleProblem() {
  let builtAtMs;
  try {
    builtAtMs = JSON.parse(readFileSync(BUILD_INFO, 'utf8')).startedAtMs;
  } catch {
    return 'dist/build.json is unreadable';
  }
  for (const dir of SOURCE_DIRS) {
    for (const f of readdirSync(join(ROOT, dir), { recursive: true })) {
      // Only .ts is bundled: scenario files and scenario.schema.json are read at run time, so a new scenario under
      // scenarios/<protocol>/ must not send every later command through tsx.
      if (f.endsWith('.ts') && statSync(join(ROOT, dir, f)).mtimeMs > builtAtMs) return `dist/ is older than ${dir}/${f}`;
    }
  }
  return null;
}

/** Why dist/ cannot be used, or null when it is current. */
export function distProblem(env = process.env) {
  return setupProblem(env) ?? staleProblem();
}

/** Imports the entry (`cli` or `main`): dist/<name>.js when current, else `sourcePath` through tsx. */
export async function loadEntry(name, sourcePath) {
  let problem = setupProblem(process.env);
  if (problem === null) {
    // Checked before the import: a stale bundle is never even evaluated.
    problem = staleProblem();
    if (problem === null) return import(pathToFileURL(join(DIST, `${name}.js`)).href);
  }
  if (problem !== 'test protocols are TypeScript' && problem !== 'REPLISIM_FROM_SOURCE=1') {
    process.stderr.write(`replisim: ${problem}; running the TypeScript sources through tsx (slower start; \`npm run build\` compiles)\n`);
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import(new URL(`../${sourcePath}`, import.meta.url).href);
}

/**
 * SIGINT / SIGTERM: a command that can stop cleanly (fuzz finishes the seeds in flight in its worker threads, then
 * prints how to resume) listens for `replisim:stop`; with no such listener the process ends at once with the
 * conventional 128 + signal number.
 */
export function installSignalHandlers() {
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
    process.on(sig, () => {
      if (process.listenerCount('replisim:stop') === 0) process.exit(code);
      process.emit('replisim:stop', sig);
    });
  }
}

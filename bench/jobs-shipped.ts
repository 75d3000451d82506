// bench/fuzz-jobs.ts times pools as `replisim` ships them: the campaign code and the worker entry bundled by
// bin/build.js's buildDist into a directory of their own below the repository root (as dist/ sits), so the pool's
// workers run the bundle's worker.js as plain JavaScript. Through tsx (the bench's default until the twenty-seventh
// session) each worker isolate ran and compiled tsx's transform of the sources, with an `__name(fn, "name")` call every
// time a named closure is made (bench/shipped-build.ts), which no user's worker pays.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as JobsEntry from './jobs-entry.ts';
// @ts-expect-error -- plain JavaScript build script without type declarations
import { buildDist } from '../bin/build.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export type JobsLib = typeof JobsEntry;

/** Bundles bench/jobs-entry.ts and scenarios/worker.ts, imports the first; `cleanup` removes the bundle. */
export async function importShippedJobs(): Promise<{ readonly lib: JobsLib; cleanup(): void }> {
  const dir = mkdtempSync(join(ROOT, '.bench-dist-'));
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    await (buildDist as (outDir: string, entries: Record<string, string>) => Promise<number>)(dir, { jobs: 'bench/jobs-entry.ts', worker: 'scenarios/worker.ts' });
    return { lib: (await import(pathToFileURL(join(dir, 'jobs.js')).href)) as JobsLib, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}

// Once per test run: bundle the CLI with the test-only protocols (as bin/build.js bundles dist/), so end-to-end tests
// spawn compiled code (a fraction of a second each, against ~2 s through tsx) built from the sources as they are now:
// never a stale dist/. The folder sits directly below the repository root, as dist/ does (see bin/build.js).
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
// @ts-expect-error -- plain JavaScript build script without type declarations
import { buildDist, ENTRIES, ROOT } from '../../bin/build.js';

let dir: string | null = null;

export default async function setup(project: TestProject): Promise<() => void> {
  dir = mkdtempSync(join(ROOT as string, '.test-dist-'));
  await (buildDist as (out: string, entries: Record<string, string>) => Promise<number>)(dir, { ...(ENTRIES as Record<string, string>), 'test-protocols': 'test/support/cli-protocols.ts' });
  project.provide('replisimDist', dir);
  return () => { if (dir !== null) rmSync(dir, { recursive: true, force: true }); };
}

declare module 'vitest' {
  export interface ProvidedContext {
    replisimDist: string;
  }
}

// Self-contained failure files: the scenario that reproduces a failing run, what it produced, and the code that produced it.
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as z from 'zod'; // a namespace import lets the bundler drop the parts of zod not used (bin/build.js)
import { codeVersion } from './code-version.ts';
import { InputError, fieldError } from './errors.ts';
import { parseJsonText } from './load.ts';

export const FAILURE_FORMAT = 'replisim-failure/1';
export const FAILURE_DIR = join('.replisim', 'failures');

const failureSchema = z.object({
  format: z.literal(FAILURE_FORMAT),
  origin: z.enum(['fuzz', 'scenario']),
  /** Where it came from: "fuzz seed 17" or the scenario's name. */
  source: z.string(),
  protocol: z.string(),
  seed: z.number().int(),
  bugs: z.array(z.string()),
  /** A scenario file (input form) whose run is exactly the failing run. */
  scenario: z.record(z.string(), z.unknown()),
  verdict: z.enum(['pass', 'violation', 'liveness', 'crash']),
  violation: z.object({ name: z.string(), message: z.string(), eventIndex: z.number() }).nullable(),
  traceHash: z.string().regex(/^[0-9a-f]{16}$/),
  exitCode: z.number().int(),
  codeVersion: z.string(),
  writtenAt: z.string(),
});

export type FailureFile = z.infer<typeof failureSchema>;

export type FailureDraft = Omit<FailureFile, 'format' | 'codeVersion' | 'writtenAt'>;

export function failureFileName(f: FailureDraft): string {
  return `${f.protocol}-seed${f.seed}-${f.verdict}-${f.traceHash.slice(0, 8)}.json`;
}

/** Write atomically (temp file + rename) so an interrupted run never leaves half a file; returns the path (relative to cwd). */
export function writeFailureFile(draft: FailureDraft, dir = FAILURE_DIR): string {
  const f: FailureFile = { format: FAILURE_FORMAT, ...draft, codeVersion: codeVersion(), writtenAt: new Date().toISOString() };
  mkdirSync(dir, { recursive: true });
  const path = join(dir, failureFileName(draft));
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(f, null, 2)}\n`);
  renameSync(tmp, path);
  return relative(process.cwd(), path) || path;
}

export function readFailureFile(path: string): FailureFile {
  if (!existsSync(path)) throw new InputError(`${path}: no such failure file`);
  const raw = parseJsonText(path, readFileSync(path, 'utf8'));
  const r = failureSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const found = issue.path.reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k as string] : undefined), raw);
    throw fieldError(path, issue.path as (string | number)[], `a replisim failure file field: ${issue.message.replace(/^Invalid input: /, '')}`, found);
  }
  return r.data;
}

/** Does this JSON file look like a failure file (as opposed to a scenario)? */
export function isFailureFile(path: string): boolean {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { format?: unknown }).format === FAILURE_FORMAT;
  } catch {
    return false;
  }
}

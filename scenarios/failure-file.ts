// Self-contained failure files: the scenario that reproduces a failing run, what it produced, and the code that produced it.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readInputFile } from './input-file.ts';
import { join, relative } from 'node:path';
import * as z from 'zod'; // a namespace import lets the bundler drop the parts of zod not used (bin/build.js)
import { codeVersion } from './code-version.ts';
import { InputError } from './errors.ts';
import { zodError } from './zod-errors.ts';
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
  /** sha256 (first 16 hex digits) of the file's JSON without this field: tells an edited file from a nondeterministic run. */
  contentHash: z.string().regex(/^[0-9a-f]{16}$/).optional(),
});

export type FailureFile = z.infer<typeof failureSchema>;

export type FailureDraft = Omit<FailureFile, 'format' | 'codeVersion' | 'writtenAt'>;

export function failureFileName(f: FailureDraft): string {
  return `${f.protocol}-seed${f.seed}-${f.verdict}-${f.traceHash.slice(0, 8)}.json`;
}

/** The hash of a failure file's content: its JSON (keys in file order) without `contentHash`. */
export function contentHashOf(f: Readonly<Record<string, unknown>>): string {
  const { contentHash: _, ...rest } = f;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 16);
}

/** Write atomically (temp file + rename) so an interrupted run never leaves half a file; returns the path (relative to cwd). */
export function writeFailureFile(draft: FailureDraft, dir = FAILURE_DIR): string {
  const body = { format: FAILURE_FORMAT as typeof FAILURE_FORMAT, ...draft, codeVersion: codeVersion(), writtenAt: new Date().toISOString() };
  const f: FailureFile = { ...body, contentHash: contentHashOf(body) };
  mkdirSync(dir, { recursive: true });
  const path = join(dir, failureFileName(draft));
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(f, null, 2)}\n`);
  renameSync(tmp, path);
  return relative(process.cwd(), path) || path;
}

export interface ReadFailure {
  readonly file: FailureFile;
  /** Why the content cannot be trusted to be what was recorded ("edited", "no content hash"), or null when it can. */
  readonly editNote: string | null;
}

/**
 * Reads and checks a failure file: its schema, that the top-level protocol / seed / bugs agree with its `scenario`
 * (the scenario is what runs, so a differing top-level field would be silently ignored: refused), and its content hash.
 */
export function readFailureFileChecked(path: string): ReadFailure {
  const raw = parseJsonText(path, readInputFile(path, 'failure file'));
  const r = failureSchema.safeParse(raw);
  if (!r.success) throw zodError(path, r.error.issues, raw, ' (this is not a valid replisim failure file)');
  const f = r.data;
  const sc = f.scenario;
  const ignored = (field: string, top: unknown, inScenario: unknown): InputError => new InputError(
    `${path}: ${field}: ${JSON.stringify(top)} differs from scenario.${field} ${JSON.stringify(inScenario)}; the run uses scenario.${field}, so the top-level ${field} would be ignored: make them equal (edit scenario.${field} to change the run)`);
  if (sc['protocol'] !== f.protocol) throw ignored('protocol', f.protocol, sc['protocol']);
  if ((sc['seed'] ?? 1) !== f.seed) throw ignored('seed', f.seed, sc['seed'] ?? 1);
  const scBugs = Array.isArray(sc['bugs']) ? (sc['bugs'] as unknown[]) : [];
  if ([...scBugs].map(String).sort().join(',') !== [...f.bugs].sort().join(',')) throw ignored('bugs', f.bugs, scBugs);
  const editNote = f.contentHash === undefined ? 'it has no content hash (written by an older replisim), so edits cannot be detected'
    : contentHashOf(raw as Record<string, unknown>) !== f.contentHash ? `it was edited after it was written (its content hash ${f.contentHash} does not match its content)`
    : null;
  return { file: f, editNote };
}

/**
 * A failure file whose recorded outcome is trusted (replay, shrink): an edited file is refused (exit 2), so a changed
 * scenario is never reported as nondeterminism. Run the edited scenario with `replisim run <file>` instead.
 */
export function readFailureFile(path: string): FailureFile {
  const { file, editNote } = readFailureFileChecked(path);
  if (editNote !== null && file.contentHash !== undefined) {
    throw new InputError(`${path}: ${editNote}; its recorded verdict and trace hash no longer describe its scenario. Run the edited scenario with: npx replisim run ${path}`);
  }
  if (editNote !== null) process.stderr.write(`replisim: warning: ${path}: ${editNote}\n`);
  return file;
}

/** Does this JSON file look like a failure file (as opposed to a scenario)? */
export function isFailureFile(path: string): boolean {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { format?: unknown }).format === FAILURE_FORMAT;
  } catch {
    return false;
  }
}

// Reports for run / replay / fuzz: --report html|json|junit --out FILE through reports/, and the terminal summary.
import type { ProtocolModule, RunConfig, RunResult } from '../../sim/index.ts';
import { renderHtml, renderJson, renderJunit, renderSummary, writeReportAtomic, type JunitCase, type RunRecording } from '../../reports/index.ts';
import { createRecorder, type Recorder } from '../record-run.ts';
import { InputError } from '../errors.ts';
import { checkOutputFile } from '../output-paths.ts';
import { stringFlag, type FlagSpec, type Parsed } from './args.ts';
import { err, out } from './output.ts';

export const REPORT_FLAGS: FlagSpec = { report: { type: 'string' }, out: { type: 'string' } };
const KINDS = ['html', 'json', 'junit'] as const;
export type ReportKind = (typeof KINDS)[number];
export interface ReportRequest { readonly kind: ReportKind; readonly path: string }

/** Validate --report/--out before anything runs (bad input writes nothing). */
export function reportRequest(p: Parsed, command: string, kinds: readonly ReportKind[] = KINDS): ReportRequest | null {
  const kind = stringFlag(p, 'report');
  const path = stringFlag(p, 'out');
  if (kind === undefined) {
    if (path !== undefined) throw new InputError(`${command}: --out needs --report ${kinds.join('|')}`);
    return null;
  }
  if (!(kinds as readonly string[]).includes(kind)) throw new InputError(`${command}: --report: expected one of ${kinds.join(', ')}, found "${kind}"`);
  const file = path ?? `replisim-report.${kind === 'junit' ? 'xml' : kind}`;
  checkOutputFile(`${command}: --out`, file);
  return { kind: kind as ReportKind, path: file };
}

/** A recorder when the report needs per-event node states (html, json); its overrides go into the run. */
export function recorderFor(req: ReportRequest | null, protocol: ProtocolModule, options: Readonly<Record<string, unknown>>): Recorder | null {
  return req !== null && req.kind !== 'junit' ? createRecorder(protocol, options) : null;
}

export const recorderOverrides = (rec: Recorder | null): Partial<RunConfig> => (rec === null ? {} : rec.runOverrides);

export interface ReportContext {
  readonly title: string;
  readonly replayCommand?: string | undefined;
  readonly isPassed: boolean;
  /** Unmet expectations, for JUnit. */
  readonly failures: readonly string[];
  readonly timeSeconds: number;
}

export function printSummary(result: RunResult, recording: RunRecording | null, ctx: ReportContext): void {
  process.stdout.write(renderSummary(recording ?? result, { title: ctx.title, ...(ctx.replayCommand !== undefined ? { replayCommand: ctx.replayCommand } : {}) }));
}

export function writeRunReport(req: ReportRequest | null, result: RunResult, recording: RunRecording | null, ctx: ReportContext): void {
  if (req === null) return;
  const replay = ctx.replayCommand !== undefined ? { replayCommand: ctx.replayCommand } : {};
  const x = recording ?? result;
  const text = req.kind === 'html' ? renderHtml(x, { title: ctx.title, ...replay })
    : req.kind === 'json' ? renderJson(x, replay)
    : renderJunit([{ name: ctx.title, result, isPassed: ctx.isPassed, failures: ctx.failures, timeSeconds: ctx.timeSeconds, ...replay }]);
  writeReportAtomic(req.path, text);
  out(`report written: ${req.path}`);
}

export function writeJunitCases(req: ReportRequest | null, cases: readonly JunitCase[], suiteName: string): void {
  if (req === null) return;
  writeReportAtomic(req.path, renderJunit(cases, { suiteName }));
  // stderr: fuzz --json keeps stdout for the results.
  err(`report written: ${req.path}`);
}

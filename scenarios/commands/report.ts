// --report html|json|junit --out FILE: hands a finished run to reports/ (written by the reports work; loaded lazily).
import type { ProtocolModule, RunResult } from '../../sim/index.ts';
import { InputError } from '../errors.ts';
import { stringFlag, type FlagSpec, type Parsed } from './args.ts';
import { out } from './output.ts';

export const REPORT_FLAGS: FlagSpec = { report: { type: 'string' }, out: { type: 'string' } };
const KINDS = ['html', 'json', 'junit'] as const;
type ReportKind = (typeof KINDS)[number];

/** Validate --report/--out before anything runs (bad input writes nothing). */
export function reportRequest(p: Parsed, command: string): { kind: ReportKind; path: string } | null {
  const kind = stringFlag(p, 'report');
  const path = stringFlag(p, 'out');
  if (kind === undefined) {
    if (path !== undefined) throw new InputError(`${command}: --out needs --report html|json|junit`);
    return null;
  }
  if (!(KINDS as readonly string[]).includes(kind)) throw new InputError(`${command}: --report: expected one of ${KINDS.join(', ')}, found "${kind}"`);
  return { kind: kind as ReportKind, path: path ?? `replisim-report.${kind === 'junit' ? 'xml' : kind}` };
}

type WriteReport = (kind: ReportKind, path: string, result: RunResult, protocol: ProtocolModule) => void | Promise<void>;

export async function writeReportIfAsked(p: Parsed, command: string, result: RunResult, protocol: ProtocolModule): Promise<void> {
  const req = reportRequest(p, command);
  if (req === null) return;
  let write: WriteReport | undefined;
  try {
    const mod = (await import(new URL('../../reports/index.ts', import.meta.url).href)) as { writeReport?: WriteReport };
    write = mod.writeReport;
  } catch {
    write = undefined;
  }
  if (write === undefined) throw new InputError(`${command}: --report is not available yet (reports/ has no writeReport)`);
  await write(req.kind, req.path, result, protocol);
  out(`report written: ${req.path}`);
}

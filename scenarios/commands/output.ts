// Small terminal output helpers shared by the commands: failure lines with ONE replay command, trace lines, bug-flag names.
// (Kept small on purpose: reports/ owns the rich summaries; this is the plain fallback.)
import { escapeControl, paintFor } from '../../reports/colour.ts';
import type { ProtocolModule, TraceRecord } from '../../sim/index.ts';
import { formatUs } from '../../sim/index.ts';
import { InputError, suggest } from '../errors.ts';

/** Every coloured line of the CLI goes through this one chalk: NO_COLOR, FORCE_COLOR, a terminal, chalk's level. */
export const paint = paintFor();
const chalk = paint;
export { escapeControl };

export const out = (line = ''): void => void process.stdout.write(`${line}\n`);
export const err = (line = ''): void => void process.stderr.write(`${line}\n`);

/** The single copy-paste command that replays a failure file. */
export const replayCommand = (failurePath: string): string => `npx replisim replay ${failurePath}`;

export interface FailureLine {
  readonly seed: number;
  readonly protocol: string;
  readonly bugs: readonly string[];
  readonly verdict: string;
  readonly what: string;
  readonly failurePath: string;
}

export function failureLines(f: FailureLine): string[] {
  return [
    `${chalk.red('FAIL')} seed ${f.seed}  protocol ${f.protocol}  bugs ${f.bugs.length > 0 ? f.bugs.join(',') : 'none'}  ${f.verdict}: ${f.what}`,
    `     replay: ${replayCommand(f.failurePath)}`,
  ];
}

const NODE_COLOURS = [chalk.cyan, chalk.magenta, chalk.yellow, chalk.green, chalk.blue, chalk.red, chalk.white];

/** One trace line, coloured per node (stable per node name). */
export function traceLine(r: TraceRecord, nodes: readonly string[]): string {
  const i = r.node === null ? -1 : nodes.indexOf(r.node);
  const colour = i < 0 ? chalk.gray : NODE_COLOURS[i % NODE_COLOURS.length]!;
  const who = (r.node ?? '-').padEnd(6);
  return `${String(r.event).padStart(7)} ${formatUs(r.atUs).padStart(10)} ${colour(who)} ${r.kind.padEnd(13)} ${r.detail}`;
}

/** "--bug name" or "--bug proto/name" → the full flag id, checked against the protocol. */
export function resolveBugs(p: ProtocolModule, bugs: readonly string[], where: string): string[] {
  const ids = p.bugs.map((b) => b.id);
  return bugs.map((b) => {
    const full = b.includes('/') ? b : `${p.name}/${b}`;
    if (!ids.includes(full)) throw new InputError(`${where}: unknown bug flag "${b}" for ${p.name}${suggest(full, ids)}`);
    return full;
  });
}

export function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

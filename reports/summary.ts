// The terminal summary of a run: verdict, seed, options, counts, first leader, the first violation and how to replay it.
import { Chalk, type ChalkInstance } from 'chalk';
import { colorLevel, escapeControl } from './colour.ts';
import type { RunResult } from '../sim/index.ts';
import type { RunRecording } from './recording.ts';
import { formatUs, runFacts, violationCause } from './facts.ts';
import { runMarksLine } from './marks.ts';

export interface SummaryOptions {
  /** The copy-paste command that replays this run (the caller knows how it was started). */
  readonly replayCommand?: string;
  /** Colour on or off; by default the policy of colour.ts (NO_COLOR, FORCE_COLOR, a terminal, chalk's level). */
  readonly isColor?: boolean;
  /** A title line (a scenario name, "fuzz seed 42"). */
  readonly title?: string;
}


const countsLine = (counts: Readonly<Record<string, number>>): string => {
  const keys = Object.keys(counts).sort();
  return keys.length === 0 ? 'none' : keys.map((k) => `${k} ${counts[k]}`).join(', ');
};

function verdictText(c: ChalkInstance, r: RunResult): string {
  switch (r.verdict) {
    case 'pass': return c.green.bold('PASS');
    case 'violation': return c.red.bold('SAFETY VIOLATION');
    case 'liveness': return c.yellow.bold('LIVENESS FAILURE');
    case 'crash': return c.magenta.bold('CRASH');
    default: return unreachable(r.verdict);
  }
}

function unreachable(x: never): never {
  throw new Error(`unreachable: ${String(x)}`);
}

export function renderSummary(x: RunResult | RunRecording, o: SummaryOptions = {}): string {
  const c = new Chalk({ level: o.isColor === undefined ? colorLevel() : o.isColor ? 1 : 0 });
  const f = runFacts(x);
  const r = f.result;
  const s = r.stats;
  const label = (k: string): string => c.dim(`${k}:`.padEnd(16));
  const lines: string[] = [];
  if (o.title !== undefined) lines.push(c.bold(escapeControl(o.title)));
  lines.push(`${verdictText(c, r)}  ${r.protocol}  seed ${r.seed}`);
  lines.push(`${label('bug flags')}${r.bugs.length === 0 ? 'none' : r.bugs.join(', ')}`);
  lines.push(`${label('options')}${Object.keys(r.options).sort().map((k) => `${k}=${JSON.stringify(r.options[k])}`).join(' ')}`);
  lines.push(`${label('virtual time')}${formatUs(r.virtualDurationUs)} (fault phase ${formatUs(r.faultPhaseEndUs)}${r.livenessReachedAtUs !== null ? `, liveness reached at ${formatUs(r.livenessReachedAtUs)}` : ''})`);
  lines.push(`${label('events')}${r.events} (${r.traceRecordCount} trace records, trace hash ${r.traceHash})`);
  lines.push(`${label('messages')}${s.messagesSent} sent, ${s.messagesDelivered} delivered; by type: ${countsLine(s.messagesByType)}`);
  lines.push(`${label('drops')}${s.drops}${s.drops > 0 ? ` (${countsLine(s.dropsByReason)})` : ''}`);
  lines.push(`${label('faults')}${s.faults} steps, ${s.crashes} crashes, ${s.restarts} restarts`);
  if (f.hasRoleHistory) {
    const fl = f.firstLeader;
    lines.push(`${label('first leader')}${fl === null ? 'none (or the protocol has no leader role)' : `${fl.node} as ${fl.role} at ${formatUs(fl.atUs)} (event ${fl.event})`}`);
  }
  const anomalies = Object.keys(r.anomalies);
  if (anomalies.length > 0) lines.push(`${label('anomalies')}${countsLine(r.anomalies)} (design-permitted)`);
  if (r.coverage != null) lines.push(`${label('coverage')}${runMarksLine(r.coverage)}`);
  if (r.linearizability !== null) lines.push(`${label('linearizable')}${r.linearizability.verdict}${r.linearizability.verdict === 'ok' ? '' : `: ${r.linearizability.explanation}`}`);
  const v = r.violation;
  if (v !== null) {
    const where = v.eventIndex >= 0 ? `at event ${v.eventIndex}, ${formatUs(v.atUs)}` : `after the run, ${formatUs(v.atUs)}`;
    lines.push(`${label('violation')}${c.red(`${v.name}`)} ${where}${v.node !== null ? ` on ${v.node}` : ''}`);
    lines.push(`${' '.repeat(16)}${v.message.split('\n')[0]}`);
    const cause = violationCause(r);
    if (cause !== null) lines.push(`${' '.repeat(16)}${c.dim(`caused by ${cause}`)}`);
  }
  for (const n of f.notes) lines.push(`${label('note')}${n}`);
  if (o.replayCommand !== undefined) lines.push(`${label('replay')}${c.cyan(o.replayCommand)}`);
  return `${lines.join('\n')}\n`;
}

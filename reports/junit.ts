// JUnit XML for CI test panels: one test case per scenario or seed; failures carry the replay command.
import type { RunResult } from '../sim/index.ts';
import { formatUs } from './facts.ts';

export interface JunitCase {
  /** The test case name: a scenario name or "seed 42". */
  readonly name: string;
  /** Grouping shown by CI panels (default: "replisim.<protocol>"). */
  readonly classname?: string;
  readonly result: Pick<RunResult, 'protocol' | 'seed' | 'bugs' | 'verdict' | 'violation'>;
  /** Whether the case passed; defaults to verdict === 'pass' (a scenario that expects a violation passes it itself). */
  readonly isPassed?: boolean;
  /** Extra failure lines, e.g. unmet scenario expectations. */
  readonly failures?: readonly string[];
  readonly replayCommand?: string;
  /** Wall-clock seconds the case took. */
  readonly timeSeconds?: number;
  /** Extra properties (name → value) listed with seed, bugs and verdict. */
  readonly properties?: Readonly<Record<string, string>>;
  /** A skipped case (e.g. a "sometimes" mark never reached): the message says why; never a failure. */
  readonly skipped?: string;
}

export interface JunitOptions {
  /** The test suite name (default "replisim"). */
  readonly suiteName?: string;
}

/** XML 1.0 text: escape markup, drop characters XML cannot carry. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const failureType = (c: JunitCase): string => (c.result.verdict === 'pass' ? 'expectation' : c.result.verdict);

function caseXml(c: JunitCase): string {
  const r = c.result;
  const isPassed = c.isPassed ?? r.verdict === 'pass';
  const attrs = `name="${xmlEscape(c.name)}" classname="${xmlEscape(c.classname ?? `replisim.${r.protocol}`)}" time="${(c.timeSeconds ?? 0).toFixed(3)}"`;
  const extra = Object.entries(c.properties ?? {}).map(([k, v]) => `        <property name="${xmlEscape(k)}" value="${xmlEscape(v)}"/>\n`).join('');
  const props = `      <properties>\n        <property name="seed" value="${r.seed}"/>\n        <property name="bugs" value="${xmlEscape(r.bugs.join(','))}"/>\n        <property name="verdict" value="${r.verdict}"/>\n${extra}      </properties>\n`;
  if (c.skipped !== undefined) return `    <testcase ${attrs}>\n${props}      <skipped message="${xmlEscape(c.skipped)}"/>\n    </testcase>\n`;
  if (isPassed) return `    <testcase ${attrs}>\n${props}    </testcase>\n`;
  const v = r.violation;
  const headline = v !== null ? `${r.verdict}: ${v.name}: ${v.message.split('\n')[0]}` : `${r.verdict}: ${(c.failures ?? ['expectation not met'])[0]}`;
  const body = [
    `protocol ${r.protocol}, seed ${r.seed}, bugs ${r.bugs.length === 0 ? 'none' : r.bugs.join(',')}`,
    ...(v !== null ? [`${v.name} at event ${v.eventIndex} (${formatUs(v.atUs)})${v.node !== null ? ` on ${v.node}` : ''}`, v.message] : []),
    ...(c.failures ?? []),
    ...(c.replayCommand !== undefined ? [`replay: ${c.replayCommand}`] : []),
  ].join('\n');
  // A crash inside protocol or kernel code is an error in JUnit terms; a broken property is a failure.
  const tag = r.verdict === 'crash' ? 'error' : 'failure';
  return `    <testcase ${attrs}>\n${props}      <${tag} message="${xmlEscape(headline)}" type="${failureType(c)}">${xmlEscape(body)}</${tag}>\n${c.replayCommand !== undefined ? `      <system-out>${xmlEscape(`replay: ${c.replayCommand}`)}</system-out>\n` : ''}    </testcase>\n`;
}

export function renderJunit(cases: readonly JunitCase[], o: JunitOptions = {}): string {
  const name = xmlEscape(o.suiteName ?? 'replisim');
  const isFailed = (c: JunitCase): boolean => c.skipped === undefined && !(c.isPassed ?? c.result.verdict === 'pass');
  const failures = cases.filter((c) => isFailed(c) && c.result.verdict !== 'crash').length;
  const errors = cases.filter((c) => isFailed(c) && c.result.verdict === 'crash').length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  const time = cases.reduce((t, c) => t + (c.timeSeconds ?? 0), 0).toFixed(3);
  const head = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${name}" tests="${cases.length}" failures="${failures}" errors="${errors}" time="${time}">\n`;
  const suite = `  <testsuite name="${name}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time}">\n${cases.map(caseXml).join('')}  </testsuite>\n`;
  return `${head}${suite}</testsuites>\n`;
}

// Evaluating a scenario's `expect` list: verdicts and anomalies after the run; probes and roles after every event.
import type { ProtocolModule, RunResult, View } from '../sim/index.ts';
import { formatUs } from '../sim/index.ts';
import type { Expectation } from './schema.ts';
import { InputError, suggest } from './errors.ts';

export interface ExpectationOutcome {
  readonly text: string;
  readonly isMet: boolean;
  readonly detail: string;
}

type Timed = { within?: number | undefined; at?: number | undefined; atEnd?: true | undefined; always?: true | undefined; never?: true | undefined };

/** Tracks one timed expectation across events. */
interface Tracker {
  readonly exp: Expectation & Timed;
  readonly text: string;
  observe(view: View<unknown>): void;
  finish(): ExpectationOutcome;
}

export function describeExpectation(e: Expectation): string {
  if ('verdict' in e) return `verdict ${e.verdict}${e.name ? ` (${e.name})` : ''}`;
  if ('anomaly' in e) return `anomaly ${e.anomaly}${e.atLeast !== undefined ? ` at least ${e.atLeast}` : ''}${e.atMost !== undefined ? ` at most ${e.atMost}` : ''}`;
  if ('linearizability' in e) return `linearizability ${e.linearizability}`;
  const t = e as Timed;
  const when = t.within !== undefined ? ` within ${formatUs(t.within)}` : t.at !== undefined ? ` at ${formatUs(t.at)}` : t.atEnd ? ' at end' : t.always ? ' always' : t.never ? ' never' : ' at end';
  if ('probe' in e) return `probe ${e.probe}${when}`;
  const what = e.equals ? `= [${e.equals.join(',')}]` : e.includes ? `includes ${e.includes}` : e.empty ? 'empty' : 'non-empty';
  return `role ${e.role} ${what}${when}`;
}

function predicate(e: Expectation, protocol: ProtocolModule, opts: object): ((v: View<unknown>) => string | null) | null {
  if ('probe' in e) {
    const probe = protocol.probes?.[e.probe];
    if (probe === undefined) throw new InputError(`expect: unknown probe "${e.probe}" for ${protocol.name}${suggest(e.probe, Object.keys(protocol.probes ?? {}))}`);
    return (v) => probe.check(v, opts);
  }
  if ('role' in e) {
    return (v) => {
      const roles = protocol.roles(v, opts);
      const nodes = roles[e.role];
      if (nodes === undefined) throw new InputError(`expect: unknown role "${e.role}" for ${protocol.name}${suggest(e.role, Object.keys(roles))}`);
      const got = `[${nodes.join(',')}]`;
      if (e.equals) return JSON.stringify([...nodes].sort()) === JSON.stringify([...e.equals].sort()) ? null : `${e.role} is ${got}`;
      if (e.includes) return nodes.includes(e.includes as never) ? null : `${e.role} is ${got}`;
      if (e.empty) return nodes.length === 0 ? null : `${e.role} is ${got}`;
      return nodes.length > 0 ? null : `${e.role} is empty`;
    };
  }
  return null;
}

export function makeTrackers(expect: readonly Expectation[], protocol: ProtocolModule, opts: object): Tracker[] {
  const out: Tracker[] = [];
  for (const e of expect) {
    const check = predicate(e, protocol, opts);
    if (check === null) continue;
    const t = e as Expectation & Timed;
    const text = describeExpectation(e);
    let seen = false, last: string | null = 'never evaluated', atValue: string | null = 'never evaluated', firstBad: string | null = null, firstGood: number | null = null;
    out.push({
      exp: t, text,
      observe(view) {
        const now = view.nowUs;
        if (t.within !== undefined && (seen || now > t.within)) return;
        const r = check(view);
        last = r;
        if (r === null) { seen = true; firstGood ??= now; } else if (firstBad === null && t.always) firstBad = `at ${formatUs(now)}: ${r}`;
        if (r === null && t.never && firstBad === null) firstBad = `held at ${formatUs(now)}`;
        if (t.at !== undefined && now <= t.at) atValue = r;
      },
      finish() {
        if (t.within !== undefined) return { text, isMet: seen, detail: seen ? `held at ${formatUs(firstGood!)}` : `not by ${formatUs(t.within)}: ${last}` };
        if (t.at !== undefined) return { text, isMet: atValue === null, detail: atValue ?? 'held' };
        if (t.always || t.never) return { text, isMet: firstBad === null, detail: firstBad ?? 'held throughout' };
        return { text, isMet: last === null, detail: last ?? 'held at end' };
      },
    });
  }
  return out;
}

/**
 * The fewest times an anomaly expectation needs its anomaly: its `atLeast`, else 1 when it gives no bound at all ("this
 * run shows it"), else 0 (only `atMost`: "at most this often"). Exported so a test asking "which scenarios show this
 * anomaly" reads the same rule instead of restating it.
 */
export function anomalyFloor(e: { readonly atLeast?: number | undefined; readonly atMost?: number | undefined }): number {
  return e.atLeast ?? (e.atMost === undefined ? 1 : 0);
}

/** Expectations decided from the finished run alone. */
export function judgeAfterRun(expect: readonly Expectation[], r: RunResult): ExpectationOutcome[] {
  const out: ExpectationOutcome[] = [];
  for (const e of expect) {
    const text = describeExpectation(e);
    if ('verdict' in e) {
      const isMet = r.verdict === e.verdict && (e.name === undefined || r.violation?.name === e.name);
      out.push({ text, isMet, detail: r.violation ? `${r.verdict}: ${r.violation.name}: ${r.violation.message.split('\n')[0]}` : r.verdict });
    } else if ('anomaly' in e) {
      const n = r.anomalies[e.anomaly] ?? 0;
      // Without bounds the anomaly must appear; with only atMost, zero sightings are fine.
      const atLeast = anomalyFloor(e);
      out.push({ text, isMet: n >= atLeast && (e.atMost === undefined || n <= e.atMost), detail: `seen ${n} times` });
    } else if ('linearizability' in e) {
      const got = r.linearizability?.verdict ?? 'no history';
      out.push({ text, isMet: got === e.linearizability, detail: `${got}${r.linearizability?.explanation ? `: ${r.linearizability.explanation.split('\n')[0]}` : ''}` });
    }
  }
  return out;
}

// reports: the JSON report (versioned schema) and JUnit XML for CI panels.
import { describe, expect, it } from 'vitest';
import { renderJson, renderJunit, JSON_REPORT_SCHEMA, JSON_REPORT_VERSION, xmlEscape } from '../../reports/index.ts';
import type { JsonReport, JunitCase } from '../../reports/index.ts';
import { recordRun } from '../../scenarios/record-run.ts';
import { runFuzzSeed } from '../../scenarios/fuzz-run.ts';
import { registerProtocol } from '../support/register.ts';
import { violatingRegisterRun } from './support/violating-run.ts';

describe('reports: JSON', () => {
  const v = violatingRegisterRun();
  const rec = recordRun(v.config);
  const report = JSON.parse(renderJson(rec, { replayCommand: v.replayCommand })) as JsonReport;

  it('declares its schema and version', () => {
    expect(report.schema).toBe(JSON_REPORT_SCHEMA);
    expect(report.schemaVersion).toBe(JSON_REPORT_VERSION);
  });

  it('carries the run: trace hash, verdict, violation with its cause, history, replay command', () => {
    expect(report).toMatchObject({ protocol: 'register', seed: v.seed, bugs: ['register/ack-before-fsync'], verdict: 'violation', traceHash: rec.result.traceHash, events: rec.result.events, replayCommand: v.replayCommand });
    expect(report.violation).toMatchObject({ name: 'acked-write-logged', eventIndex: rec.result.violation!.eventIndex });
    expect(report.violation!.cause).toMatch(/ at n1/);
    expect(report.history).toHaveLength(rec.result.history.length);
    expect(report.history[0]).toMatchObject({ id: rec.result.history[0]!.id, outcome: rec.result.history[0]!.outcome });
    expect(report.trace).toBeUndefined();
  });

  it('summarises every node: roles at the end, counters, final state', () => {
    expect(report.nodes.map((n) => n.id)).toEqual(['n1', 'n2', 'n3']);
    const n1 = report.nodes[0]!;
    expect(n1.roles).toEqual(['primary']);
    expect(n1.counters!.messagesReceived).toBe(rec.counters['n1']!.messagesReceived);
    expect(n1.finalState).toEqual(JSON.parse(JSON.stringify(rec.result.finalStates['n1'])));
    expect(report.firstLeader).toMatchObject({ node: 'n1', role: 'primary' });
  });

  it('includes the trace only when asked', () => {
    const withTrace = JSON.parse(renderJson(rec, { isTraceIncluded: true })) as JsonReport;
    expect(withTrace.trace).toHaveLength(rec.result.trace.length);
  });
});

/** Tags open and close in order (a small well-formedness check; the escaping test below feeds it hostile text). */
function isBalanced(xml: string): boolean {
  const stack: string[] = [];
  for (const m of xml.replace(/<\?xml[^>]*\?>/, '').matchAll(/<(\/?)([a-z-]+)[^>]*?(\/?)>/g)) {
    if (m[3] === '/') continue;
    if (m[1] === '/') { if (stack.pop() !== m[2]) return false; } else stack.push(m[2]!);
  }
  return stack.length === 0 && !/<(?![?/a-z])/.test(xml);
}

describe('reports: JUnit XML', () => {
  const v = violatingRegisterRun();
  const cases: JunitCase[] = [1, 2, v.seed].map((seed) => {
    const r = runFuzzSeed({ protocol: registerProtocol, seed, bugs: ['register/ack-before-fsync'] });
    return { name: `seed ${seed}`, result: r, replayCommand: `replisim replay --protocol register --seed ${seed}`, timeSeconds: 0.01 };
  });
  const xml = renderJunit(cases, { suiteName: 'register fuzz' });

  it('has one test case per seed and counts the failures', () => {
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    const failing = cases.filter((c) => c.result.verdict !== 'pass').length;
    expect(failing).toBeGreaterThan(0);
    expect(xml).toContain(`<testsuite name="register fuzz" tests="3" failures="${failing}" errors="0"`);
    expect(isBalanced(xml)).toBe(true);
  });

  it('puts the replay command in each failure', () => {
    // Within one test case: a lazy [^]*? alone would run from a passing case on into the next case's failure.
    const failure = /<testcase name="seed (\d+)"(?:(?!<\/testcase>)[^])*?<failure message="([^"]*)" type="violation">([^]*?)<\/failure>/.exec(xml);
    expect(failure).not.toBeNull();
    expect(failure![2]).toContain('acked-write-logged');
    expect(failure![3]).toContain(`replay: replisim replay --protocol register --seed ${failure![1]}`);
  });

  it('reports a crash as an error and a scenario expectation as a failure of a passing run', () => {
    const base = { protocol: 'p', seed: 9, bugs: [] as string[] };
    const out = renderJunit([
      { name: 'boom', result: { ...base, verdict: 'crash', violation: { kind: 'crash', name: 'exception', message: 'TypeError: x <y> & "z"', eventIndex: 3, atUs: 10, node: null } } },
      { name: 'expects a violation', result: { ...base, verdict: 'pass', violation: null }, isPassed: false, failures: ['expected verdict violation, got pass'] },
    ]);
    expect(out).toContain('errors="1"');
    expect(out).toContain('failures="1"');
    expect(out).toContain('<error message="crash: exception: TypeError: x &lt;y&gt; &amp; &quot;z&quot;" type="crash">');
    expect(out).toContain('type="expectation">');
    expect(isBalanced(out)).toBe(true);
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    expect(xmlEscape('a<b>&"c\'\u0001')).toBe('a&lt;b&gt;&amp;&quot;c&apos;\uFFFD');
  });
});

// The mutation runner's equivalent-mutant registry, its two scores and the prefix method's re-run, on a small
// Stryker-shaped report (stryker-fixture.json: 7 mutants, 3 survivors, 1 compile error).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchRegistry, parseRegistry } from '../../mutation/equivalent.ts';
import type { StrykerReport } from '../../mutation/report.ts';
import { isSurvivor, mutantsOf } from '../../mutation/report.ts';
import { summarise } from '../../mutation/summary.ts';
import { combine, planRerun, relocate } from '../../mutation/survivors.ts';

const report = JSON.parse(readFileSync(new URL('./stryker-fixture.json', import.meta.url), 'utf8')) as StrykerReport;
const row = (...cols: string[]): string => cols.join('\t');
const REGISTRY = [
  '# demo registry',
  row('protocols/demo/a.ts', "log('slow');", 'StringLiteral', '""', 'cosmetic', 'log text only'),
  '',
  // Same line and mutator, other replacement: names nothing.
  row('protocols/demo/a.ts', "log('slow');", 'StringLiteral', '"x"', 'cosmetic', 'no such mutant'),
  // A killed mutant: not a survivor, so stale.
  row('protocols/demo/a.ts', 'if (x > 1) return true;', 'EqualityOperator', 'x >= 1', 'equivalent', 'was killed'),
].join('\n');
const entries = parseRegistry(REGISTRY, 'demo.tsv');

describe('equivalent-mutant registry', () => {
  it('reads rows, skips comments and blank lines, and rejects malformed rows naming file and line', () => {
    expect(entries.map((e) => e.where)).toEqual(['demo.tsv:2', 'demo.tsv:4', 'demo.tsv:5']);
    expect(() => parseRegistry(row('a.ts', 'x;', 'M', 'y', 'equivalent'), 'r.tsv')).toThrow(/r\.tsv:1: expected 6 or 7 tab-separated fields/);
    expect(() => parseRegistry(row('a.ts', 'x;', 'M', 'y', 'equivalent', 'why', 'x', 'extra'), 'r.tsv')).toThrow(/r\.tsv:1: expected 6 or 7 tab-separated fields/);
    expect(() => parseRegistry(row('a.ts', 'x;', 'M', 'y', 'equivalent', 'why', ' '), 'r.tsv')).toThrow(/r\.tsv:1: the span \(seventh field\) must not be empty/);
    expect(() => parseRegistry(row('a.ts', 'x;', 'M', 'y', 'harmless', 'why'), 'r.tsv')).toThrow(/r\.tsv:1: verdict "harmless"/);
  });

  it('matches survivors by file, line text, mutator and replacement, never by line number; reports stale rows', () => {
    const survivors = mutantsOf(report).filter(isSurvivor);
    expect(survivors.map((m) => `${m.file}:${m.line}`)).toEqual(['protocols/demo/a.ts:3', 'protocols/demo/a.ts:4', 'protocols/demo/b.ts:2']);
    const { matched, unnamed, stale } = matchRegistry(survivors, entries);
    expect(matched.map((x) => [x.mutant.line, x.entry.where])).toEqual([[4, 'demo.tsv:2']]);
    expect(unnamed.map((m) => m.text)).toEqual(['if (x > 1) return true;', 's.trim();']);
    expect(stale.map((e) => e.where)).toEqual(['demo.tsv:4', 'demo.tsv:5']);
  });

  it("prints Stryker's score and the score excluding the named equivalents", () => {
    const s = summarise('demo', mutantsOf(report), entries, '40 seeds');
    // 2 killed + 1 timeout of 6 valid (the compile error does not count): 50 %; without the 1 named survivor, 3 of 5.
    expect(s.tally).toEqual({ killed: 2, timeout: 1, survived: 3, noCoverage: 0, errors: 1, valid: 6 });
    expect(s.score).toBe(50);
    expect(s.named).toBe(1);
    expect(s.scoreExcluding).toBe(60);
    expect(s.lines.filter((l) => l.startsWith('stale'))).toHaveLength(2);
    expect(s.lines.some((l) => l.startsWith('named    protocols/demo/a.ts:4 StringLiteral'))).toBe(true);
    expect(s.lines.at(-1)).toContain('excluding 1 named equivalents');
    // No registry: nothing named, the two scores agree.
    expect(summarise('demo', mutantsOf(report), [], '40 seeds').scoreExcluding).toBe(50);
  });
});

describe('registry: two mutants of one line told apart by their span', () => {
  // paxos.ts onEmptyAnswer's shape: each operand of the guard → `false` is its own mutant with the same line text,
  // mutator and replacement; one is equivalent, the other is not.
  const src = "function g(c: C, m: M): void {\n  if (c.kind !== 'read' || c.valueId !== null || c.entry !== m.entry) return;\n}\n";
  const at = (from: string): { line: number; column: number } => ({ line: 2, column: src.split('\n')[1]!.indexOf(from) + 1 });
  const to = (text: string): { line: number; column: number } => ({ line: 2, column: src.split('\n')[1]!.indexOf(text) + text.length + 1 });
  const twin: StrykerReport = { files: { 'protocols/demo/c.ts': { source: src, mutants: [
    { id: 'v', mutatorName: 'ConditionalExpression', replacement: 'false', status: 'Survived', location: { start: at('c.valueId'), end: to('c.valueId !== null') } },
    { id: 'e', mutatorName: 'ConditionalExpression', replacement: 'false', status: 'Survived', location: { start: at('c.entry'), end: to('c.entry !== m.entry') } },
  ] } } };
  const text = "if (c.kind !== 'read' || c.valueId !== null || c.entry !== m.entry) return;";

  it('reads the span from the report (1-based columns, end exclusive; also across lines)', () => {
    expect(mutantsOf(twin).map((m) => m.span)).toEqual(['c.valueId !== null', 'c.entry !== m.entry']);
    expect(mutantsOf(report).filter((m) => m.line === 4).map((m) => m.span)).toEqual(["'slow'"]);
    // The fixture's multi-line BlockStatement (line 2 column 38 to line 6 column 2): the function body, newlines as spaces.
    expect(mutantsOf(report).find((m) => m.mutator === 'BlockStatement')!.span).toBe("{ if (x > 1) return true; log('slow'); return false; }");
  });

  it('a row with a span names only that mutant; a six-field row (the old format) still names both', () => {
    const withSpan = parseRegistry(row('protocols/demo/c.ts', text, 'ConditionalExpression', 'false', 'equivalent', 'why', 'c.valueId !== null'), 'r.tsv');
    const one = matchRegistry(mutantsOf(twin), withSpan);
    expect(one.matched.map((x) => x.mutant.span)).toEqual(['c.valueId !== null']);
    expect(one.unnamed.map((m) => m.span)).toEqual(['c.entry !== m.entry']);
    const old = parseRegistry(row('protocols/demo/c.ts', text, 'ConditionalExpression', 'false', 'equivalent', 'why'), 'r.tsv');
    expect(matchRegistry(mutantsOf(twin), old).matched).toHaveLength(2);
    const s = summarise('demo', mutantsOf(twin), withSpan, '40 seeds');
    expect(s.lines[0]).toBe('survived protocols/demo/c.ts:2 ConditionalExpression → "false" (replaces "c.entry !== m.entry")');
    expect(s.named).toBe(1);
  });

  it('combine keeps the twins apart: only the one killed in the re-run counts as killed', () => {
    const rerun = { files: { 'protocols/demo/c.ts': { ...twin.files['protocols/demo/c.ts']!, mutants: twin.files['protocols/demo/c.ts']!.mutants.map((m) => ({ ...m, status: m.id === 'e' ? 'Killed' : 'Survived' })) } } };
    const combined = combine(twin, mutantsOf(twin), rerun);
    expect(combined.map((m) => [m.span, m.status])).toEqual([['c.valueId !== null', 'Survived'], ['c.entry !== m.entry', 'Killed']]);
  });
});

describe('prefix method: re-running the survivors', () => {
  // Today's a.ts has two new lines above the survivor; b.ts's survivor line was rewritten.
  const today: Record<string, string> = {
    'protocols/demo/a.ts': '// demo\n// new\n// new\nexport function f(x: number): boolean {\n  if (x > 1) return true;\n  log(\'slow\');\n  return false;\n}\n',
    'protocols/demo/b.ts': 'export const g = (s: string): string =>\n  s.trimEnd();\n',
  };
  const plan = planRerun(report, entries, (f) => today[f] ?? null);

  it('relocates by line text, nearest the old line', () => {
    expect(relocate('a;\nb;\na;\n', 'a;', 3)).toBe(3);
    expect(relocate('a;\nb;\na;\n', 'a;', 1)).toBe(1);
    expect(relocate('a;\n', 'c;', 1)).toBeNull();
  });

  it('re-runs only unnamed survivors whose line still exists, at today\'s line numbers', () => {
    expect(plan.specs).toEqual(['protocols/demo/a.ts:5-5']);
    expect(plan.rerun.map((m) => m.mutator)).toEqual(['ConditionalExpression']);
    expect(plan.named.map((x) => x.mutant.mutator)).toEqual(['StringLiteral']);
    expect(plan.gone.map((m) => m.text)).toEqual(['s.trim();']);
  });

  it('combines: a survivor killed in the re-run counts as killed at the longer seed count, the rest keep their status', () => {
    // The re-run report (line 5 of today's a.ts): the survivor is killed now, its killed sibling dies again.
    const rerunReport: StrykerReport = { files: { 'protocols/demo/a.ts': { source: today['protocols/demo/a.ts']!, mutants: [
      { id: '1', mutatorName: 'EqualityOperator', replacement: 'x >= 1', status: 'Killed', location: { start: { line: 5, column: 7 }, end: { line: 5, column: 12 } } },
      { id: '2', mutatorName: 'ConditionalExpression', replacement: 'true', status: 'Killed', location: { start: { line: 5, column: 7 }, end: { line: 5, column: 12 } } },
    ] } } };
    const combined = combine(report, plan.rerun, rerunReport);
    const s = summarise('demo', combined, entries, '2000 seeds');
    expect(s.tally).toEqual({ killed: 3, timeout: 1, survived: 2, noCoverage: 0, errors: 1, valid: 6 });
    expect(s.score.toFixed(1)).toBe('66.7');
    expect(s.scoreExcluding).toBe(80);
    // A re-run in which it survives again changes nothing.
    const again = { files: { 'protocols/demo/a.ts': { ...rerunReport.files['protocols/demo/a.ts']!, mutants: rerunReport.files['protocols/demo/a.ts']!.mutants.map((m) => ({ ...m, status: m.id === '2' ? 'Survived' : m.status })) } } };
    expect(summarise('demo', combine(report, plan.rerun, again), entries, '2000 seeds').score).toBe(50);
  });
});

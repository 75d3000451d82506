// Reading a Stryker JSON report (mutation-testing-report-schema): its mutants, its survivors, and the mutation score,
// plain and with the registry's named equivalents left out of the denominator.

/** The parts of a Stryker mutant the runner reads (lines and columns are 1-based in the report). */
export interface StrykerMutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
}
export interface StrykerReport { files: Record<string, { source: string; mutants: StrykerMutant[] }> }

/**
 * A mutant named the way the registry names it: file, the mutated line's trimmed source text, mutator, replacement.
 * Line numbers move with every edit above a line; the text of the line rarely does, so the key leaves them out.
 * `span` is the source text the mutant replaces (its location's start to end, whitespace runs as one space): two
 * mutants of one line with the same mutator and replacement (`a !== b || c !== d`, each operand → `false`) differ only
 * there. A report's mutants always have it; a registry row may leave it out (then it names every such mutant).
 */
export interface MutantKey { file: string; text: string; mutator: string; replacement: string; span?: string }
export interface Mutant extends MutantKey { line: number; status: string }

/** Replacements may span lines (`{}` blocks keep their newlines): compared with every whitespace run as one space. */
export const normalise = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** Every mutant of the report with its key (the text read from the report's own copy of the source). */
export function mutantsOf(report: StrykerReport): Mutant[] {
  const out: Mutant[] = [];
  for (const [file, f] of Object.entries(report.files)) {
    const lines = f.source.split('\n');
    for (const m of f.mutants) {
      const line = m.location.start.line;
      out.push({ file, line, text: (lines[line - 1] ?? '').trim(), mutator: m.mutatorName, replacement: normalise(m.replacement ?? ''), span: spanOf(lines, m.location), status: m.status });
    }
  }
  return out;
}

/** The source text between a location's start and end (1-based lines and columns, end column exclusive), normalised. */
export function spanOf(lines: readonly string[], loc: StrykerMutant['location']): string {
  const { start, end } = loc;
  if (start.line === end.line) return normalise((lines[start.line - 1] ?? '').slice(start.column - 1, end.column - 1));
  const mid = lines.slice(start.line, end.line - 1);
  return normalise([(lines[start.line - 1] ?? '').slice(start.column - 1), ...mid, (lines[end.line - 1] ?? '').slice(0, end.column - 1)].join('\n'));
}

/** Stryker counts NoCoverage with the survivors; the command runner has no coverage, so it never occurs here. */
export const isSurvivor = (m: { status: string }): boolean => m.status === 'Survived' || m.status === 'NoCoverage';
export const isDetected = (m: { status: string }): boolean => m.status === 'Killed' || m.status === 'Timeout';

/** Same file, line text, mutator and replacement, and the same span when both have one (a row without one names any). */
export const sameKey = (a: MutantKey, b: MutantKey): boolean =>
  a.file === b.file && a.text === b.text && a.mutator === b.mutator && normalise(a.replacement) === normalise(b.replacement) &&
  (a.span === undefined || b.span === undefined || normalise(a.span) === normalise(b.span));

export interface Tally { killed: number; timeout: number; survived: number; noCoverage: number; errors: number; valid: number }

export function tally(mutants: readonly { status: string }[]): Tally {
  const c: Record<string, number> = {};
  for (const m of mutants) c[m.status] = (c[m.status] ?? 0) + 1;
  const killed = c['Killed'] ?? 0; const timeout = c['Timeout'] ?? 0; const survived = c['Survived'] ?? 0; const noCoverage = c['NoCoverage'] ?? 0;
  return { killed, timeout, survived, noCoverage, errors: (c['RuntimeError'] ?? 0) + (c['CompileError'] ?? 0), valid: killed + timeout + survived + noCoverage };
}

/** Stryker's score: detected (killed or timeout) over valid mutants (errors do not count). */
export const strykerScore = (t: Tally): number => (t.valid === 0 ? 0 : (100 * (t.killed + t.timeout)) / t.valid);

/** The same with `named` surviving equivalents taken out of the denominator: detected / (valid − named). */
export const scoreExcluding = (t: Tally, named: number): number => (t.valid - named <= 0 ? 0 : (100 * (t.killed + t.timeout)) / (t.valid - named));

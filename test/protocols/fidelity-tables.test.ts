// Issue 16's first "done when", made checkable: each protocols/<p>/FIDELITY.md lists every audit row exactly once,
// with a status, and names an existing scenario file or test that exercises it (or says it is unexercised).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

/** Row ids per protocol: the fidelity audit's §1-3 tables (shared/specs/fidelity-audit.md) and zab's own list. */
const ROWS: Readonly<Record<string, { readonly s: number; readonly p: number }>> = {
  tair: { s: 29, p: 16 },
  tfs: { s: 16, p: 23 },
  paxosstore: { s: 29, p: 19 },
  zab: { s: 28, p: 16 },
};

/** The cells of a markdown table row; `\|` inside a cell is not a separator. */
const cellsOf = (line: string): string[] => line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());

/** Backticked names in a cell, with the README's `bug-zk-1653-…` abbreviations kept as prefixes. */
const namesIn = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

function exists(protocol: string, name: string): boolean {
  const scenarios = readdirSync(join(ROOT, 'scenarios', protocol)).map((f) => f.replace(/\.json$/, ''));
  const tests = readdirSync(join(ROOT, 'test/protocols', protocol));
  if (name.endsWith('…')) return scenarios.some((s) => s.startsWith(name.slice(0, -1)));
  if (name.endsWith('.test') || name.endsWith('.test.ts')) return tests.includes(name.endsWith('.ts') ? name : `${name}.ts`);
  return scenarios.includes(name);
}

/**
 * A cell that names nothing to run must point at every run or fuzzing (a behaviour every run goes through). Since the
 * twelfth session no row may be "unexercised" or "unreachable" (issue 16: every row is exercised).
 */
const isExplicitlyGeneral = (cell: string): boolean => /\bfuzz|\bevery\b|\ball\b|\bruns\b/i.test(cell) && !/unexercised|unreachable/i.test(cell);

describe('fidelity tables (issue 16)', () => {
  for (const [protocol, n] of Object.entries(ROWS)) {
    describe(protocol, () => {
      const text = readFileSync(join(ROOT, 'protocols', protocol, 'FIDELITY.md'), 'utf8');
      const rows = text.split('\n').filter((l) => /^\| [SP]\d+ \|/.test(l)).map(cellsOf);

      it('lists every audit row exactly once, each with a status (rows found later continue the numbering)', () => {
        const ids = rows.map((c) => c[0]);
        // A divergence found after the audit (paxosstore P20, clean seed 91) gets the next P number, never a gap.
        const added = Math.max(0, ids.filter((id) => id?.startsWith('P')).length - n.p);
        const expected = [...Array.from({ length: n.s }, (_, i) => `S${i + 1}`), ...Array.from({ length: n.p + added }, (_, i) => `P${i + 1}`)];
        expect(ids).toEqual(expected);
        // Issue 16: every row reads M or D+ (no unadmitted deviation, D−, and nothing missing, X).
        for (const c of rows) expect(c[3], `${c[0]} status`).toMatch(/^(M|D\+)(?!\w)/);
      });

      it('names an existing scenario or test for every row, or says why none runs', () => {
        const bad: string[] = [];
        for (const c of rows) {
          const cell = c[5] ?? '';
          const runnable = namesIn(cell).filter((x) => exists(protocol, x));
          if (runnable.length === 0 && !isExplicitlyGeneral(cell)) bad.push(`${c[0]}: ${cell}`);
        }
        expect(bad).toEqual([]);
      });

      // A row that reads D+ names its option or flag (issue 16: "D+ with a reason and a named option"); a row that reads
      // M and notes a D+ part (a simplification with no safer variant to keep, e.g. no PLog read IO) need not.
      it('names the option or flag of every row that reads D+', () => {
        const bad = rows.filter((c) => /^D\+/.test(c[3] ?? '') && namesIn(c[4] ?? '').length === 0).map((c) => `${c[0]}: ${c[4]}`);
        expect(bad).toEqual([]);
      });

      it('is linked from the README', () => {
        expect(readFileSync(join(ROOT, 'protocols', protocol, 'README.md'), 'utf8')).toContain('(FIDELITY.md)');
      });
    });
  }

  it('every scenario a FIDELITY.md marks as new exists', () => {
    for (const protocol of Object.keys(ROWS)) {
      const text = readFileSync(join(ROOT, 'protocols', protocol, 'FIDELITY.md'), 'utf8');
      for (const m of text.matchAll(/\*\*`([a-z0-9-]+)`\*\*/g)) expect(existsSync(join(ROOT, 'scenarios', protocol, `${m[1]}.json`)), m[1]).toBe(true);
    }
  });
});

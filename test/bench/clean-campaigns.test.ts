// The clean-campaign ledger's code hash covers every module a fuzz seed runs, so no campaign of older code is
// credited to the current code (issue 18).
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFiles, runHash } from '../../bench/clean-campaigns.ts';
import { importClosure } from '../../bench/import-closure.ts';

const ROOT = join(import.meta.dirname, '../..');
const rel = (files: readonly string[]): string[] => files.map((f) => relative(ROOT, f));

describe('clean-campaign run files', () => {
  it('follow the fuzz runner into the modules it imports, such as the option ranges fuzz draws from', () => {
    const files = rel(runFiles('zab'));
    expect(files).toContain('scenarios/fuzz-run.ts');
    expect(files).toContain('scenarios/option-ranges.ts');
    expect(files).toContain('sim/fuzz-plan.ts');
    expect(files.some((f) => f.startsWith('protocols/zab/'))).toBe(true);
  });

  it("leave out the other protocols, so one protocol's edit does not stale another's campaigns", () => {
    const files = rel(runFiles('tair'));
    expect(files.some((f) => f.startsWith('protocols/tair/'))).toBe(true);
    for (const other of ['zab', 'tfs', 'paxosstore']) expect(files.some((f) => f.startsWith(`protocols/${other}/`))).toBe(false);
    expect(runHash('tair')).not.toBe(runHash('zab'));
  });

  it('an import closure reaches a module only through imports', () => {
    const closure = rel(importClosure([join(ROOT, 'scenarios/exit-codes.ts')]));
    expect(closure).toEqual(['scenarios/exit-codes.ts']);
    const job = rel(importClosure([join(ROOT, 'scenarios/run-job.ts')]));
    expect(job).toContain('scenarios/registry.ts');
    expect(job).toContain('sim/run.ts');
  });
});

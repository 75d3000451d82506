// reports: reports are written atomically (temp file + rename), never half-written.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeReportAtomic } from '../../reports/index.ts';

describe('reports: atomic writes', () => {
  it('creates the directory, replaces an old report and leaves no temp file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'replisim-report-'));
    const path = join(dir, 'nested', 'run.json');
    writeReportAtomic(path, 'first');
    writeReportAtomic(path, 'second');
    expect(readFileSync(path, 'utf8')).toBe('second');
    expect(readdirSync(join(dir, 'nested'))).toEqual(['run.json']);
  });

  it('throws on an unwritable target and leaves the old file and no temp behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'replisim-report-'));
    writeFileSync(join(dir, 'keep.txt'), 'old');
    // Renaming a file over a directory fails: the old directory stays, the temp file is removed.
    const target = join(dir, 'is-a-dir');
    writeReportAtomic(join(target, 'x'), 'inside');
    expect(() => writeReportAtomic(target, 'new')).toThrow();
    expect(readdirSync(dir).sort()).toEqual(['is-a-dir', 'keep.txt']);
    expect(readFileSync(join(dir, 'keep.txt'), 'utf8')).toBe('old');
  });
});

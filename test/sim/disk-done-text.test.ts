// The per-run memo of disk-completion details gives exactly the text built per completion, for any op and file, asked
// in any order (one map per op kind: a file completed under two kinds must not get one kind's text for the other).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DiskDoneTexts } from '../../sim/disk-done-text.ts';
import type { DiskOpKind } from '../../sim/types.ts';

const OPS: readonly DiskOpKind[] = ['append', 'replace', 'truncate', 'delete', 'fsync', 'read'];

describe('DiskDoneTexts', () => {
  it('gives `${op} ${file}` for every ask', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom(...OPS), fc.constantFrom('log', 'snap', 'epoch', 'a b', '')), { maxLength: 200 }), (asks) => {
      const t = new DiskDoneTexts();
      for (const [op, file] of asks) if (t.text(op, file) !== `${op} ${file}`) return false;
      return true;
    }));
  });

  it('keeps each op kind apart for one file', () => {
    const t = new DiskDoneTexts();
    for (let round = 0; round < 2; round++) for (const op of OPS) expect(t.text(op, 'log')).toBe(`${op} log`);
  });
});

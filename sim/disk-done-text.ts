// A disk completion's trace detail, `${op} ${file}`, built once per run for each op and file and then handed back:
// built per completion it was two concatenations and, when the hash read it, a flattening copy, on every disk event
// (a run has a handful of files and ops, and zab completes a disk op on about every second event).
import type { DiskOpKind } from './types.ts';

export class DiskDoneTexts {
  /** One map per op kind (opIndex), from file name to the text. */
  private readonly byOp: Map<string, string>[] = [new Map(), new Map(), new Map(), new Map(), new Map(), new Map()];

  text(op: DiskOpKind, file: string): string {
    const m = this.byOp[opIndex(op)]!;
    let s = m.get(file);
    if (s === undefined) {
      s = `${op} ${file}`;
      m.set(file, s);
    }
    return s;
  }
}

/** A switch on the op (the commonest first), not a keyed load: one map per kind, so two kinds never share a text. */
function opIndex(op: DiskOpKind): number {
  switch (op) {
    case 'append': return 0;
    case 'fsync': return 1;
    case 'replace': return 2;
    case 'read': return 3;
    case 'truncate': return 4;
    case 'delete': return 5;
  }
}

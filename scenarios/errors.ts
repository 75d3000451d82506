// Bad input errors (exit code 2): every one names the file, the field path, what was expected and what was found.

export class InputError extends Error {
  override name = 'InputError';
  constructor(message: string) {
    super(message);
  }
}

/** `steps[3].target`, or `(top level)`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(top level)' : path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}

export function fieldError(file: string, path: readonly (string | number)[], expected: string, found: unknown): InputError {
  return new InputError(`${file}: ${fieldPath(path)}: expected ${expected}, found ${describeFound(found)}`);
}

export function describeFound(found: unknown): string {
  if (found === undefined) return 'nothing';
  const text = JSON.stringify(found);
  return text === undefined ? String(found) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Edit distance, to suggest the closest known name. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

export function suggest(name: string, known: readonly string[]): string {
  if (known.length === 0) return '';
  const best = [...known].sort((x, y) => editDistance(name, x) - editDistance(name, y) || x.localeCompare(y))[0]!;
  return editDistance(name, best) <= Math.max(2, Math.floor(best.length / 3)) ? ` (did you mean "${best}"?)` : ` (known: ${known.join(', ')})`;
}

/** Line and column of a character offset, for JSON syntax errors. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

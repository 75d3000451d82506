// Composite keys ('a|b|c', 'from>to') built once per distinct parts: a per-event caller (the catalog's recording run,
// its burst links) that built the text each time made a fresh string that its Map then hashed afresh. The parts here
// are node ids, joined roles, message types and file names, strings whose hashes V8 already keeps, so the nested
// look-ups cost less than the concatenation. The key is exactly the parts joined by the separator.
export class KeyInterner {
  private readonly pairs = new Map<string, Map<string, string>>();
  private readonly triples = new Map<string, Map<string, Map<string, string>>>();
  constructor(private readonly separator: string) {}

  /** `${a}${separator}${b}`, the same string object for the same parts. */
  pair(a: string, b: string): string {
    let byB = this.pairs.get(a);
    if (byB === undefined) this.pairs.set(a, (byB = new Map()));
    let k = byB.get(b);
    if (k === undefined) byB.set(b, (k = a + this.separator + b));
    return k;
  }

  /** `${a}${separator}${b}${separator}${c}`, the same string object for the same parts. */
  triple(a: string, b: string, c: string): string {
    let byB = this.triples.get(a);
    if (byB === undefined) this.triples.set(a, (byB = new Map()));
    let byC = byB.get(b);
    if (byC === undefined) byB.set(b, (byC = new Map()));
    let k = byC.get(c);
    if (k === undefined) byC.set(c, (k = a + this.separator + b + this.separator + c));
    return k;
  }
}

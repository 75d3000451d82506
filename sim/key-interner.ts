// Composite keys ('role|node') built once per distinct parts: a caller that built the text each time made a fresh
// string that its Map then hashed afresh. The parts are node ids and role keys, strings whose hashes V8 already keeps,
// so the nested look-up costs less than the concatenation. The key is exactly the parts joined by the separator. (The
// catalog's points and burst links no longer need key texts: sim/catalog.ts files them by node index and roles number;
// its role entries, made only when roles change, still use pair.)
export class KeyInterner {
  private readonly pairs = new Map<string, Map<string, string>>();
  constructor(private readonly separator: string) {}

  /** `${a}${separator}${b}`, the same string object for the same parts. */
  pair(a: string, b: string): string {
    let byB = this.pairs.get(a);
    if (byB === undefined) this.pairs.set(a, (byB = new Map()));
    let k = byB.get(b);
    if (k === undefined) byB.set(b, (k = a + this.separator + b));
    return k;
  }
}

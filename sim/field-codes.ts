// Small integer codes for the string values of one field, for coverage keys interned by codes (zab's and tair's
// coverage.ts): a key is looked up by integers built from its fields, and its text is built only once per distinct key.

/** Codes in first-seen order, at most 8 (3 bits): a value past that gives -1 and the caller builds its key without the table. */
export class FieldCodes {
  private readonly codes = new Map<string, number>();
  of(v: string): number {
    let c = this.codes.get(v);
    if (c === undefined) this.codes.set(v, (c = this.codes.size));
    return c < 8 ? c : -1;
  }
}

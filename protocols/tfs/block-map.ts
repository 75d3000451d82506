// A nameserver's or dataserver's block map (block id -> servers, or -> allocation tag), persistent and dense.
//
// Why not a plain record keyed by String(id): block ids are sparse integers (100101, 200101, ...), so V8 keeps such a
// record in dictionary elements, where a copy-on-write spread costs about a microsecond per block and every for-in or
// Object.keys gathers and sorts the keys (sixteenth session, perftfs: withKey was ~11 % of a tfs seed). Here the ids sit
// in a sorted array of numbers and the values in a parallel array (both fast elements): a copy is two slices, a read a
// binary search, and a walk goes over `ids` in ascending order, the order a record's integer keys iterated in. toJSON
// gives the record's JSON text back (same keys, same order), so reports print what they printed.
//
// Ids are whatever the oplog parsed (a damaged record may carry any 64-bit value); a record kept keys at or past 2^32-1
// after the integer ones, in insertion order, which this map does not: no walk whose order shows holds such an id in a
// clean run, and the trace hashes over every bug variant say the same (README, seventeenth session, tfsmodel).

export class BlockMap<V> {
  /** The ids, ascending; `values[i]` belongs to `ids[i]`. Never written after construction. */
  readonly ids: readonly number[];
  readonly values: readonly V[];

  constructor(ids: readonly number[], values: readonly V[]) {
    this.ids = ids;
    this.values = values;
  }

  get size(): number {
    return this.ids.length;
  }

  /** The position of `id` in `ids`, or -(insertion point) - 1 when absent. */
  indexOf(id: number): number {
    return searchIds(this.ids, id);
  }

  get(id: number): V | undefined {
    const i = this.indexOf(id);
    return i >= 0 ? this.values[i] : undefined;
  }

  has(id: number): boolean {
    return this.indexOf(id) >= 0;
  }

  /** The map with `id` set to `value` (this very map when it already holds exactly that, as withKey). */
  with(id: number, value: V): BlockMap<V> {
    const i = this.indexOf(id);
    if (i >= 0) {
      if (Object.is(this.values[i], value)) return this;
      const values = this.values.slice();
      values[i] = value;
      return new BlockMap(this.ids, values);
    }
    const at = -i - 1;
    const ids = this.ids.slice();
    const values = this.values.slice();
    ids.splice(at, 0, id);
    values.splice(at, 0, value);
    return new BlockMap(ids, values);
  }

  /** The map without `ids` (this very map when it holds none of them). */
  without(gone: readonly number[]): BlockMap<V> {
    if (!gone.some((id) => this.indexOf(id) >= 0)) return this;
    const ids: number[] = [];
    const values: V[] = [];
    for (let i = 0; i < this.ids.length; i++) {
      if (gone.includes(this.ids[i]!)) continue;
      ids.push(this.ids[i]!);
      values.push(this.values[i]!);
    }
    return new BlockMap(ids, values);
  }

  /** A writable copy for a handler that sets many ids in one step (a block report); `done` gives the new map. */
  draft(): BlockMapDraft<V> {
    return new BlockMapDraft(this);
  }

  /** The record this map stands for: JSON.stringify writes the old record's text (integer keys ascending). */
  toJSON(): Record<string, V> {
    const o: Record<string, V> = {};
    for (let i = 0; i < this.ids.length; i++) o[String(this.ids[i])] = this.values[i]!;
    return o;
  }

  /** A map from a record (tests and literals). */
  static of<V>(record: Readonly<Record<string, V>>): BlockMap<V> {
    const keys = Object.keys(record).sort((a, b) => Number(a) - Number(b));
    return keys.length === 0 ? (EMPTY as BlockMap<V>) : new BlockMap(keys.map(Number), keys.map((k) => record[k]!));
  }
}

const EMPTY = new BlockMap<never>([], []);

/** The empty block map (one shared object: nothing ever writes a map). */
export const emptyBlocks = <V>(): BlockMap<V> => EMPTY as BlockMap<V>;

/** Sets on copies of a map's arrays, made on the first change; `done` returns the base itself when nothing changed. */
export class BlockMapDraft<V> {
  private ids: number[] | null = null;
  private values: V[] | null = null;
  constructor(private readonly base: BlockMap<V>) {}

  get(id: number): V | undefined {
    if (this.ids === null) return this.base.get(id);
    const i = searchIds(this.ids, id);
    return i >= 0 ? this.values![i] : undefined;
  }

  set(id: number, value: V): void {
    if (this.ids === null) {
      this.ids = this.base.ids.slice();
      this.values = this.base.values.slice();
    }
    const i = searchIds(this.ids, id);
    if (i >= 0) { this.values![i] = value; return; }
    this.ids.splice(-i - 1, 0, id);
    this.values!.splice(-i - 1, 0, value);
  }

  /** The edited map, or null when nothing was set. */
  done(): BlockMap<V> | null {
    return this.ids === null ? null : new BlockMap(this.ids, this.values!);
  }
}

/** Binary search of sorted `ids`: the position of `id`, or -(insertion point) - 1 when absent. */
function searchIds(ids: readonly number[], id: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = ids[mid]!;
    if (x < id) lo = mid + 1;
    else if (x > id) hi = mid - 1;
    else return mid;
  }
  return -lo - 1;
}

// A nameserver's or dataserver's block map (block id -> servers, or -> allocation tag), persistent and dense; also a
// client's records by request id (state.ts ClientState: the same sparse-integer-key problem, the same JSON text).
//
// Why not a plain record keyed by String(id): block ids are sparse integers (100101, 200101, ...), so V8 keeps such a
// record in dictionary elements, where a copy-on-write spread costs about a microsecond per block and every for-in or
// Object.keys gathers and sorts the keys (sixteenth session, perftfs: withKey was ~11 % of a tfs seed). Here the ids sit
// in a sorted array of numbers and the values in a parallel array (both fast elements): a copy is two slices, a read a
// binary search, and a walk goes over `ids` in ascending order, the order a record's integer keys iterated in. toJSON
// gives the record's JSON text back (same keys, same order), so reports print what they printed.
//
// Ids are whatever the oplog parsed (a damaged record may carry any 64-bit value). A record keeps keys that are not
// array indices (at or past 2^32-1, negative, fractional) after the integer ones, in insertion order; so does this map:
// `ids` holds the index ids ascending, then (in the rare run that has any) the others in the order they were added.

import { frozenIfRunFreezes } from '../../sim/index.ts';

/**
 * Maps made from one another by appends, each append extending the longest of them so far: they agree on every entry
 * below the smaller one's size (an append only adds past the end, and no map's entries ever change). `size` is the
 * longest one's, so an append onto a shorter member (a branch) starts a line of its own. Lets a check that found one
 * map clean look only at the entries a later map of its line added (invariants.ts block-servers-are-dataservers).
 */
class Line {
  constructor(public size: number) {}
}

export class BlockMap<V> {
  /**
   * Backing arrays in a record's key order (`backValues[i]` belongs to `backIds[i]`). Only the first `size` entries are
   * this map's: an append may push onto the arrays of the map it extends (see `with`), so an older map's arrays can run
   * on past its size. Never written in place below `size`.
   */
  private backIds: number[];
  private backValues: V[];
  readonly size: number;
  /** How many of `ids` are array-index ids (those come first, ascending). */
  readonly indexCount: number;
  /**
   * May `with` push an appended id onto this map's arrays instead of copying them? Only when this map made them (an
   * append's copy or push), nothing appended past it, and `ids`/`values` never handed them out (a caller holding them
   * would see them grow). A map built from arrays it was given, or whose arrays were frozen, never does.
   */
  private canAppendInPlace = false;
  /** This map's line (see Line); a JS-private field, so deep equality and JSON never see it. */
  readonly #line: Line;

  constructor(ids: readonly number[], values: readonly V[], indexCount = ids.length, line?: Line) {
    // immer's deep freeze stops at a class instance, so a run that freezes its states (the test suite) freezes the
    // map's arrays here: a handler writing into a block map then throws, as it would on a frozen record.
    this.backIds = frozenIfRunFreezes(ids) as number[];
    this.backValues = frozenIfRunFreezes(values) as V[];
    this.size = ids.length;
    this.indexCount = indexCount;
    this.#line = line ?? new Line(this.size);
  }

  /**
   * How many first entries this map and `older` are known to share (the same ids and the same value objects): the
   * smaller size when one was made from the other by appends (one line), else 0 (not known, not necessarily unequal).
   */
  sharedPrefix(older: BlockMap<V>): number {
    return this.#line === older.#line ? Math.min(this.size, older.size) : 0;
  }

  /** `ids[i]` and `values[i]` for i below size, without handing out the arrays (so appends may still push in place). */
  idAt(i: number): number {
    return this.backIds[i]!;
  }

  valueAt(i: number): V {
    return this.backValues[i]!;
  }

  /** The ids in a record's key order; `values[i]` belongs to `ids[i]`. Never to be written. */
  get ids(): readonly number[] {
    if (this.backIds.length !== this.size) this.ownExact();
    this.canAppendInPlace = false;
    return this.backIds;
  }

  get values(): readonly V[] {
    if (this.backValues.length !== this.size) this.ownExact();
    this.canAppendInPlace = false;
    return this.backValues;
  }

  /** Trade shared arrays that run past this map's size for copies of its own entries (for `ids`/`values` readers). */
  private ownExact(): void {
    this.backIds = frozenIfRunFreezes(this.backIds.slice(0, this.size));
    this.backValues = frozenIfRunFreezes(this.backValues.slice(0, this.size));
  }

  /** The position of `id` in `ids`, or -(insertion point) - 1 when absent. */
  indexOf(id: number): number {
    return searchIds(this.backIds, this.indexCount, this.size, id);
  }

  get(id: number): V | undefined {
    const i = this.indexOf(id);
    return i >= 0 ? this.backValues[i] : undefined;
  }

  has(id: number): boolean {
    return this.indexOf(id) >= 0;
  }

  /** The map with `id` set to `value` (this very map when it already holds exactly that, as withKey). */
  with(id: number, value: V): BlockMap<V> {
    const i = this.indexOf(id);
    if (i >= 0) {
      if (Object.is(this.backValues[i], value)) return this;
      const values = this.backValues.slice(0, this.size);
      values[i] = value;
      // The new map shares this map's ids: neither may push onto them now (the other would see them grow).
      this.canAppendInPlace = false;
      return new BlockMap(this.backIds.length === this.size ? this.backIds : this.backIds.slice(0, this.size), values, this.indexCount);
    }
    const at = -i - 1;
    const isAppend = at === this.size;
    const indexCount = this.indexCount + (isIndexId(id) ? 1 : 0);
    // The new map stays in this map's line when this one is its longest (see Line).
    const line = isAppend && this.#line.size === this.size ? this.#line : undefined;
    if (line !== undefined) line.size = this.size + 1;
    // An append onto arrays this map alone may extend: pushed in place, the new map sharing them (this map keeps
    // reading its first `size` entries). Ids are allocated ascending, so most block map changes are this append, and a
    // copy of both arrays per new block (each dataserver's map and the nameservers') was 8 % of a tfs seed's bytes.
    if (isAppend && this.canAppendInPlace && this.backIds.length === this.size) {
      this.canAppendInPlace = false;
      this.backIds.push(id);
      this.backValues.push(value);
      return BlockMap.appendable(this.backIds, this.backValues, indexCount, line);
    }
    // Else each new array built at its final length by concat: a copy then a splice grew each copy again, past its
    // length. Every argument an array (the id wrapped too, as the value is): V8's concat keeps its fast path only when
    // all of them are arrays; `ids.concat(id)` took the generic one, ~5x dearer (micro, node 20: ~1.7 us against
    // ~0.4 us at 65 ids), and `with` was 8 % of tfs's handler time.
    const ownIds = this.backIds.length === this.size ? this.backIds : this.backIds.slice(0, this.size);
    const ownValues = this.backValues.length === this.size ? this.backValues : this.backValues.slice(0, this.size);
    const ids = isAppend ? ownIds.concat([id]) : ownIds.slice(0, at).concat([id], ownIds.slice(at));
    const values = isAppend ? ownValues.concat([value]) : ownValues.slice(0, at).concat([value], ownValues.slice(at));
    return BlockMap.appendable(ids, values, indexCount, line);
  }

  /** A map over arrays `with` made (a fresh copy, or arrays it just pushed onto): the next append may push again. */
  private static appendable<V>(ids: number[], values: V[], indexCount: number, line: Line | undefined): BlockMap<V> {
    const m = new BlockMap(ids, values, indexCount, line);
    m.canAppendInPlace = !Object.isFrozen(ids) && !Object.isFrozen(values);
    return m;
  }

  /** The map without `ids` (this very map when it holds none of them). */
  without(gone: readonly number[]): BlockMap<V> {
    // Positions found by indexOf, the one lookup rule get/has/with use (by number among index ids, by key text after).
    let drop: number[] | null = null;
    for (const id of gone) {
      const i = this.indexOf(id);
      if (i >= 0) (drop ??= []).push(i);
    }
    if (drop === null) return this;
    const ids: number[] = [];
    const values: V[] = [];
    let indexCount = 0;
    for (let i = 0; i < this.size; i++) {
      if (drop.includes(i)) continue;
      ids.push(this.backIds[i]!);
      values.push(this.backValues[i]!);
      if (i < this.indexCount) indexCount++;
    }
    return new BlockMap(ids, values, indexCount);
  }

  /** A writable copy for a handler that sets many ids in one step (a block report); `done` gives the new map. */
  draft(): BlockMapDraft<V> {
    return new BlockMapDraft(this);
  }

  /** The record this map stands for: JSON.stringify writes the old record's text (integer keys ascending). */
  toJSON(): Record<string, V> {
    const o: Record<string, V> = {};
    for (let i = 0; i < this.size; i++) o[String(this.backIds[i])] = this.backValues[i]!;
    return o;
  }

  /** A map from a record (tests and literals). */
  static of<V>(record: Readonly<Record<string, V>>): BlockMap<V> {
    const keys = Object.keys(record); // index keys ascending, then the others in insertion order: this map's order
    if (keys.length === 0) return EMPTY as BlockMap<V>;
    const ids = keys.map(Number);
    let indexCount = 0;
    while (indexCount < ids.length && isIndexId(ids[indexCount]!)) indexCount++;
    return new BlockMap(ids, keys.map((k) => record[k]!), indexCount);
  }
}

const EMPTY = new BlockMap<never>([], []);

/** The empty block map (one shared object: nothing ever writes a map). */
export const emptyBlocks = <V>(): BlockMap<V> => EMPTY as BlockMap<V>;

/** Sets on copies of a map's arrays, made on the first change; `done` returns the base itself when nothing changed. */
export class BlockMapDraft<V> {
  private ids: number[] | null = null;
  private values: V[] | null = null;
  private indexCount: number;
  constructor(private readonly base: BlockMap<V>) {
    this.indexCount = base.indexCount;
  }

  get(id: number): V | undefined {
    if (this.ids === null) return this.base.get(id);
    const i = searchIds(this.ids, this.indexCount, this.ids.length, id);
    return i >= 0 ? this.values![i] : undefined;
  }

  set(id: number, value: V): void {
    if (this.ids === null) {
      this.ids = this.base.ids.slice();
      this.values = this.base.values.slice();
    }
    const i = searchIds(this.ids, this.indexCount, this.ids.length, id);
    if (i >= 0) { this.values![i] = value; return; }
    this.ids.splice(-i - 1, 0, id);
    this.values!.splice(-i - 1, 0, value);
    if (isIndexId(id)) this.indexCount++;
  }

  /** The edited map, or null when nothing was set. */
  done(): BlockMap<V> | null {
    return this.ids === null ? null : new BlockMap(this.ids, this.values!, this.indexCount);
  }
}

/** Whether a record keeps key String(id) among its integer keys: an array index, 0 <= id < 2^32-1 and whole. */
function isIndexId(id: number): boolean {
  return Number.isInteger(id) && id >= 0 && id < 4294967295;
}

/**
 * The position of `id` in the first `size` of `ids` (index ids ascending in the first `indexCount`, then the others in
 * insertion order), or -(insertion point) - 1 when absent: a binary search for an index id, a scan by key text for
 * the rare other.
 */
function searchIds(ids: readonly number[], indexCount: number, size: number, id: number): number {
  if (!isIndexId(id)) {
    const key = String(id);
    for (let i = indexCount; i < size; i++) if (String(ids[i]) === key) return i;
    return -size - 1;
  }
  let lo = 0;
  let hi = indexCount - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = ids[mid]!;
    if (x < id) lo = mid + 1;
    else if (x > id) hi = mid - 1;
    else return mid;
  }
  return -lo - 1;
}

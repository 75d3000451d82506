// Coverage keys across the worker boundary. A seed's keys were most of its result message (a zab seed: ~190 keys of
// ~150 characters, 30 of its 37 KB structured-cloned), and nearly all of them are keys the same worker sent before. So
// each worker numbers the keys it sends and sends a key's text once, the first time, then only its number; the pool keeps
// one table per worker back to the strings. The decoded coverage equals the run's (same keys in the same order, same
// reaches, same marks), and the main thread gets the same string object for a key every time, so the campaign's key set
// finds it without hashing and comparing fresh text (what a structured clone hands over: a new string per key per seed).
// Reaches travel as two typed arrays (node as a number from the same table, virtual time) instead of an object per key.
import type { KeyReach, MarkHit, RunCoverage } from '../sim/index.ts';

/** A run's coverage as a worker sends it: keys (and reach nodes) as numbers in that worker's table. */
export interface WireCoverage {
  /** Per key of the run (sorted, as RunCoverage.keys), its number in the worker's table. */
  readonly ids: Int32Array;
  /** Strings new to the worker's table with this message: they take the next numbers, in this order. */
  readonly added: readonly string[];
  /** Per key, the number of the node it was first reached on, and when (null: the run had no reaches). */
  readonly reachNodes: Int32Array | null;
  readonly reachAtUs: Float64Array | null;
  readonly marks: Readonly<Record<string, MarkHit | null>>;
}

/** The worker's side: numbers strings as they are first sent. One per worker, for its lifetime. */
export class KeyEncoder {
  private readonly ids = new Map<string, number>();
  private added: string[] = [];

  private id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(s, id);
      this.added.push(s);
    }
    return id;
  }

  /** Encodes one run's coverage; what it numbers is taken as sent, so call it only for a message that is posted. */
  encode(cov: RunCoverage | null): WireCoverage | null {
    if (cov === null) return null;
    this.added = [];
    const n = cov.keys.length;
    const ids = new Int32Array(n);
    for (let i = 0; i < n; i++) ids[i] = this.id(cov.keys[i]!);
    let reachNodes: Int32Array | null = null;
    let reachAtUs: Float64Array | null = null;
    if (cov.reachedAt !== undefined) {
      reachNodes = new Int32Array(n);
      reachAtUs = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const r = cov.reachedAt[i]!;
        reachNodes[i] = this.id(r.node);
        reachAtUs[i] = r.atUs;
      }
    }
    return { ids, added: this.added, reachNodes, reachAtUs, marks: cov.marks };
  }
}

/** The pool's side, one per worker (a fresh one when a worker is replaced): messages arrive in the order sent. */
export class KeyDecoder {
  private readonly strings: string[] = [];

  decode(w: WireCoverage | null): RunCoverage | null {
    if (w === null) return null;
    for (const s of w.added) this.strings.push(s);
    const n = w.ids.length;
    const keys: string[] = new Array(n);
    for (let i = 0; i < n; i++) keys[i] = this.string(w.ids[i]!);
    if (w.reachNodes === null || w.reachAtUs === null) return { keys, marks: w.marks };
    const reachedAt: KeyReach[] = new Array(n);
    for (let i = 0; i < n; i++) reachedAt[i] = { node: this.string(w.reachNodes[i]!), atUs: w.reachAtUs[i]! };
    return { keys, reachedAt, marks: w.marks };
  }

  private string(id: number): string {
    const s = this.strings[id];
    // A number the table never got means the two sides fell out of step: fail loudly, never count a wrong key.
    if (s === undefined) throw new Error(`coverage key #${id} not in the worker's table (${this.strings.length} keys): encoder and decoder out of step`);
    return s;
  }
}

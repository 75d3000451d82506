// The doubly linked list of call/return entries the search lifts operations out of (in typed arrays).
import { assert } from '../assert.ts';
import type { Op } from './types.ts';

export interface EntryList {
  /** Node index of the sentinel head (= 2 × ops). */
  readonly head: number;
  /** next/prev node, -1 for none. */
  readonly next: Int32Array;
  readonly prev: Int32Array;
  /** For a call node its return node; -1 for a return node. */
  readonly match: Int32Array;
  /** The op (index into the partition's ops) of each node. */
  readonly opOf: Int32Array;
  readonly callNode: Int32Array;
}

/** Event a before event b: by position, then calls (even) before returns (odd), then by index (a total order). */
function isBefore(pos: Float64Array, a: number, b: number): boolean {
  const d = pos[a]! - pos[b]!;
  if (d !== 0 && !Number.isNaN(d)) return d < 0;
  const ka = a & 1, kb = b & 1;
  if (ka !== kb) return ka < kb;
  return a < b;
}

/**
 * Events 0..count-1 in `isBefore` order: a bottom-up merge sort here rather than Array.prototype.sort with a comparator
 * closing over `pos`, made per call (V8 holds a closure's optimised code weakly, so a campaign worker recompiled it
 * after every full GC). The order is total, so any correct sort gives the same result.
 */
function sortEvents(pos: Float64Array, count: number): Int32Array {
  let src = new Int32Array(count);
  let dst = new Int32Array(count);
  for (let e = 0; e < count; e++) src[e] = e;
  for (let width = 1; width < count; width *= 2) {
    for (let lo = 0; lo < count; lo += 2 * width) {
      const mid = Math.min(lo + width, count);
      const hi = Math.min(lo + 2 * width, count);
      let i = lo, j = mid, k = lo;
      while (i < mid && j < hi) dst[k++] = isBefore(pos, src[j]!, src[i]!) ? src[j++]! : src[i++]!;
      while (i < mid) dst[k++] = src[i++]!;
      while (j < hi) dst[k++] = src[j++]!;
    }
    const t = src; src = dst; dst = t;
  }
  return src;
}

/**
 * Orders all call and return events: by position, calls before returns at equal positions (closed
 * intervals, as Porcupine), then by op index. Unknown outcomes return after everything else.
 */
export function buildEntryList(ops: readonly Op<unknown, unknown>[]): EntryList {
  const n = ops.length;
  const count = 2 * n;
  const pos = new Float64Array(count);
  for (let k = 0; k < n; k++) {
    const op = ops[k]!;
    assert(op.ret === null || op.ret >= op.call, `op ${op.id} returns (${op.ret}) before its call (${op.call})`);
    pos[2 * k] = op.call;
    pos[2 * k + 1] = op.ret === null ? Number.POSITIVE_INFINITY : op.ret;
  }
  // Event e = 2k (call of op k) or 2k+1 (its return).
  const order = sortEvents(pos, count);
  const head = count;
  const next = new Int32Array(count + 1);
  const prev = new Int32Array(count + 1);
  const match = new Int32Array(count + 1).fill(-1);
  const opOf = new Int32Array(count + 1).fill(-1);
  const callNode = new Int32Array(n);
  const nodeOfEvent = new Int32Array(count);
  for (let i = 0; i < count; i++) nodeOfEvent[order[i]!] = i;
  for (let k = 0; k < n; k++) {
    const c = nodeOfEvent[2 * k]!;
    const r = nodeOfEvent[2 * k + 1]!;
    callNode[k] = c;
    match[c] = r;
    opOf[c] = k;
    opOf[r] = k;
  }
  // Sentinel head first, then nodes 0..count-1 in event order.
  next[head] = count > 0 ? 0 : -1;
  prev[head] = -1;
  for (let i = 0; i < count; i++) {
    prev[i] = i === 0 ? head : i - 1;
    next[i] = i + 1 < count ? i + 1 : -1;
  }
  return { head, next, prev, match, opOf, callNode };
}

/** Unlinks a call node and its return node (the op is now linearized). */
export function lift(next: Int32Array, prev: Int32Array, call: number, ret: number): void {
  const cp = prev[call]!, cn = next[call]!;
  next[cp] = cn;
  prev[cn] = cp; // a call is always followed by its own return, so cn ≠ -1
  const rp = prev[ret]!, rn = next[ret]!;
  next[rp] = rn;
  if (rn !== -1) prev[rn] = rp;
}

/** Relinks them, in the reverse order of `lift`. */
export function unlift(next: Int32Array, prev: Int32Array, call: number, ret: number): void {
  const rp = prev[ret]!, rn = next[ret]!;
  next[rp] = ret;
  if (rn !== -1) prev[rn] = ret;
  const cp = prev[call]!, cn = next[call]!;
  next[cp] = call;
  prev[cn] = call;
}

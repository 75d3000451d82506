// Structural diffs between two immutable node states (immer shares unchanged subtrees, so identity finds changes fast).
import type { DiffOp } from './recording.ts';

/** Deeper than this, a changed subtree is sent whole. */
const DIFF_DEPTH_MAX = 8;
/** Same-length arrays with more changed slots than this fraction are sent whole. */
const ARRAY_PATCH_FRACTION_MAX = 0.5;

type Path = (string | number)[];

const isPlainObject = (x: unknown): x is Record<string, unknown> => {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
};

/** A JSON-safe deep copy: Maps become objects (sorted keys), Sets arrays, bigints strings, undefined null. */
export function toJsonSafe(x: unknown, depthLeft = 64): unknown {
  if (x === undefined || typeof x === 'function' || typeof x === 'symbol') return null;
  if (typeof x === 'bigint') return x.toString();
  if (typeof x === 'number') return Number.isFinite(x) ? x : String(x);
  if (typeof x !== 'object' || x === null) return x;
  if (depthLeft <= 0) return '[too deep]';
  if (Array.isArray(x)) return x.map((v) => toJsonSafe(v, depthLeft - 1));
  if (x instanceof Map) {
    const out: Record<string, unknown> = {};
    const keys = [...x.keys()].map(String).sort();
    const byKey = new Map([...x.entries()].map(([k, v]) => [String(k), v]));
    for (const k of keys) out[k] = toJsonSafe(byKey.get(k), depthLeft - 1);
    return out;
  }
  if (x instanceof Set) return [...x].map((v) => toJsonSafe(v, depthLeft - 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) if (v !== undefined) out[k] = toJsonSafe(v, depthLeft - 1);
  return out;
}

/** The ops that turn `prev` into `cur` (both raw states; undefined = node down). */
export function diffState(prev: unknown, cur: unknown): DiffOp[] {
  const ops: DiffOp[] = [];
  diffInto(prev, cur, [], 0, ops);
  return ops;
}

function diffInto(prev: unknown, cur: unknown, path: Path, depth: number, ops: DiffOp[]): void {
  if (prev === cur) return;
  const isDeep = depth < DIFF_DEPTH_MAX;
  if (isDeep && Array.isArray(prev) && Array.isArray(cur)) return diffArray(prev, cur, path, depth, ops);
  if (isDeep && isPlainObject(prev) && isPlainObject(cur)) {
    for (const k of Object.keys(prev)) if (prev[k] !== undefined && cur[k] === undefined) ops.push(['d', [...path, k]]);
    for (const k of Object.keys(cur)) {
      const v = cur[k];
      if (v === undefined) continue;
      if (prev[k] === undefined) ops.push(['s', [...path, k], toJsonSafe(v)]);
      else diffInto(prev[k], v, [...path, k], depth + 1, ops);
    }
    return;
  }
  ops.push(['s', path, toJsonSafe(cur)]);
}

function diffArray(prev: readonly unknown[], cur: readonly unknown[], path: Path, depth: number, ops: DiffOp[]): void {
  if (prev.length === cur.length) {
    const changed: number[] = [];
    for (let i = 0; i < cur.length; i++) if (prev[i] !== cur[i]) changed.push(i);
    if (changed.length <= cur.length * ARRAY_PATCH_FRACTION_MAX) {
      for (const i of changed) diffInto(prev[i], cur[i], [...path, i], depth + 1, ops);
      return;
    }
    ops.push(['s', path, toJsonSafe(cur)]);
    return;
  }
  // Logs and queues grow at the end or lose their head: keep the common prefix, resend the rest.
  let keep = 0;
  const n = Math.min(prev.length, cur.length);
  while (keep < n && prev[keep] === cur[keep]) keep++;
  if (keep === 0 && prev.length > 0) { ops.push(['s', path, toJsonSafe(cur)]); return; }
  ops.push(['t', path, keep, cur.slice(keep).map((v) => toJsonSafe(v))]);
}

function unreachable(x: never): never {
  throw new Error(`unreachable: ${JSON.stringify(x)}`);
}

/** Apply ops to a JSON value in place where possible (values are copied in); returns the new root. */
export function applyOps(root: unknown, ops: readonly DiffOp[]): unknown {
  let out = root;
  for (const op of ops) {
    const path = op[1];
    if (path.length === 0) {
      if (op[0] === 's') out = structuredClone(op[2]);
      else if (op[0] === 't') out = [...(out as unknown[]).slice(0, op[2]), ...structuredClone(op[3])];
      continue;
    }
    let parent = out as Record<string | number, unknown>;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i]!;
      if (typeof parent[key] !== 'object' || parent[key] === null) parent[key] = typeof path[i + 1] === 'number' ? [] : {};
      parent = parent[key] as Record<string | number, unknown>;
    }
    const last = path[path.length - 1]!;
    switch (op[0]) {
      case 's': parent[last] = structuredClone(op[2]); break;
      case 'd': delete parent[last]; break;
      case 't': {
        const arr = Array.isArray(parent[last]) ? (parent[last] as unknown[]) : [];
        arr.length = Math.min(arr.length, op[2]);
        for (const item of op[3]) arr.push(structuredClone(item));
        parent[last] = arr;
        break;
      }
      default: return unreachable(op);
    }
  }
  return out;
}

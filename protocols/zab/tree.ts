// The data tree: znodes with values and versions; preparing a client write into a txn and applying txns.
import type { ClientOp } from '../../sim/index.ts';
import type { Entry, Txn } from './zxid.ts';

export interface Znode { readonly value: number; readonly version: number }
export type Tree = Readonly<Record<string, Znode>>;

/** Client operations of the workload. version -1 means "any version" as in ZooKeeper. */
export type ZabOp =
  | { readonly type: 'create'; readonly path: string; readonly value: number }
  | { readonly type: 'set'; readonly path: string; readonly value: number; readonly version: number }
  | { readonly type: 'delete'; readonly path: string; readonly version: number }
  | { readonly type: 'get'; readonly path: string }
  | { readonly type: 'sync-get'; readonly path: string };

export type ZabResult =
  | { readonly ok: true; readonly version?: number; readonly value?: number | null }
  | { readonly ok: false; readonly err: string };

export const isWriteOp = (op: ClientOp): boolean => op.type === 'create' || op.type === 'set' || op.type === 'delete';

/** PrepRequestProcessor: check the request against the tree as it will be after every outstanding txn. */
export function prepare(tree: Tree, raw: ClientOp): Txn {
  const op = raw as ZabOp;
  const cur = tree[op.path];
  switch (op.type) {
    case 'create':
      return cur !== undefined ? { kind: 'error', path: op.path, err: 'node-exists' } : { kind: 'create', path: op.path, value: op.value };
    case 'set':
      if (cur === undefined) return { kind: 'error', path: op.path, err: 'no-node' };
      if (op.version !== -1 && op.version !== cur.version) return { kind: 'error', path: op.path, err: 'bad-version' };
      return { kind: 'set', path: op.path, value: op.value, version: cur.version + 1 };
    case 'delete':
      if (cur === undefined) return { kind: 'error', path: op.path, err: 'no-node' };
      if (op.version !== -1 && op.version !== cur.version) return { kind: 'error', path: op.path, err: 'bad-version' };
      return { kind: 'delete', path: op.path };
    case 'get': case 'sync-get':
      return { kind: 'error', path: op.path, err: 'not-a-write' };
    default:
      return { kind: 'error', path: '', err: 'unknown-op' };
  }
}

export function applyTxn(tree: Tree, txn: Txn): Tree {
  switch (txn.kind) {
    case 'create': return { ...tree, [txn.path]: { value: txn.value, version: 0 } };
    case 'set': return { ...tree, [txn.path]: { value: txn.value, version: txn.version } };
    case 'delete': { const { [txn.path]: _gone, ...rest } = tree; return rest; }
    case 'error': return tree;
    default: return tree;
  }
}

export function buildTree(history: readonly Entry[], count: number): Tree {
  let t: Tree = {};
  for (let i = 0; i < count && i < history.length; i++) t = applyTxn(t, history[i]!.txn);
  return t;
}

/** What the client that asked for this txn is told. */
export function resultOf(txn: Txn): ZabResult {
  switch (txn.kind) {
    case 'create': return { ok: true, version: 0 };
    case 'set': return { ok: true, version: txn.version };
    case 'delete': return { ok: true };
    case 'error': return { ok: false, err: txn.err };
    default: return { ok: false, err: 'unknown' };
  }
}

export function readResult(tree: Tree, path: string): ZabResult {
  const z = tree[path];
  return z === undefined ? { ok: true, value: null } : { ok: true, value: z.value, version: z.version };
}

// The sequential model of the znode tree the client history is checked against (linearizability): a check, not
// workload code, so mutation samples leave it out (mutation/run.ts isCheckFile); its rules are pinned by unit tests
// (test/protocols/zab/units.test.ts).
import type { SequentialModel } from '../../sim/index.ts';
import type { Tree, ZabOp, ZabResult } from './tree.ts';

/**
 * Does a conditional write of version `v` (-1: any) apply to `cur`? Module-level, not a closure made per step: a
 * closure's optimised code is held only weakly, so a warm worker recompiled it after every full GC (issue 17).
 */
const isVersionOk = (cur: { readonly version: number } | undefined, v: number): boolean => cur !== undefined && (v === -1 || v === cur.version);

/**
 * Writes and sync-gets must be linearizable (a sync-get a deposed leader answered is excused at its reply, not here:
 * sync-excuse.ts). Plain gets are served from the local replica and may be stale by design,
 * so the model accepts any value for them. 'not-serving' means the server refused the request: no effect.
 */
export const zabModel: SequentialModel<Tree, ZabOp, ZabResult | undefined> = {
  name: 'zab-znodes',
  init: () => ({}),
  partitionKey: (op) => op.path,
  step(st, op, out) {
    if (out !== undefined && !out.ok && out.err === 'not-serving') return [true, st];
    const cur = st[op.path];
    switch (op.type) {
      case 'get': return [true, st];
      case 'sync-get':
        if (out === undefined) return [true, st];
        return [out.ok && (out.value ?? null) === (cur?.value ?? null), st];
      case 'create': {
        const next = cur === undefined ? { ...st, [op.path]: { value: op.value, version: 0 } } : st;
        if (out === undefined) return [true, next];
        return out.ok ? [cur === undefined, next] : [out.err === 'node-exists' && cur !== undefined, st];
      }
      case 'set': {
        const next = isVersionOk(cur, op.version) ? { ...st, [op.path]: { value: op.value, version: cur!.version + 1 } } : st;
        if (out === undefined) return [true, next];
        if (out.ok) return [isVersionOk(cur, op.version) && out.version === cur!.version + 1, next];
        return [(out.err === 'no-node' && cur === undefined) || (out.err === 'bad-version' && cur !== undefined && !isVersionOk(cur, op.version)), st];
      }
      case 'delete': {
        let next = st;
        if (isVersionOk(cur, op.version)) { const { [op.path]: _gone, ...rest } = st; next = rest; }
        if (out === undefined) return [true, next];
        if (out.ok) return [isVersionOk(cur, op.version), next];
        return [(out.err === 'no-node' && cur === undefined) || (out.err === 'bad-version' && cur !== undefined && !isVersionOk(cur, op.version)), st];
      }
      default: return [false, st];
    }
  },
  describe: (op, out) => `${JSON.stringify(op)} -> ${out === undefined ? '?' : JSON.stringify(out)}`,
};

// slave-replays-replication: a slave that replayed a REPLICATE record holds the relation the master built from it.
import type { Invariant, View } from '../../sim/index.ts';
import type { NsState, TfsState } from './state.ts';
import { NAMESERVERS, asNs } from './state.ts';
import { isKnownServer } from './ns-support.ts';

const upNs = (view: View<TfsState>, id: string): NsState | undefined => {
  const n = view.nodes.find((x) => x.id === id);
  return n?.isUp ? asNs(n.state) : undefined;
};

/**
 * Judged from the master's own records, not from the slave's replay code: within one lease and while the slave's
 * replayed prefix is contiguous (no gap, drop or misread), every REPLICATE record (not a move) in that prefix whose
 * block was INSERTed earlier in the same prefix must have left the slave with (a) the destination among the block's
 * servers, unless a later RELIEVE record in the prefix drops it, and (b) a version of at least
 * VERSION_INC_STEP_REPLICATE per such record. Blocks known from before the lease are not judged (the slave may have
 * missed their INSERT in an earlier loss window, and then handle_complete finds no block).
 */
export const slaveReplaysReplication: Invariant<TfsState> = {
  name: 'slave-replays-replication',
  description: "a slave that replayed (contiguously, under the master's lease) a REPLICATE record for a block inserted under that lease holds the destination relation and the replicate version step, as the master's handle_complete built them",
  scope: 'states',
  check(view) {
    const a0 = upNs(view, NAMESERVERS[0]);
    const b0 = upNs(view, NAMESERVERS[1]);
    if (a0 === undefined || b0 === undefined) return null;
    const [master, slave] = a0.role === 'master' ? [a0, b0] : [b0, a0];
    const o = master.oplog;
    const a = slave.applied;
    if (o === null || a === null || slave.role !== 'slave' || o.leaseKey !== a.leaseKey || !a.isContiguous) return null;
    const inserted = new Set<number>();
    const expected = new Map<number, { dests: Set<string>; steps: number }>();
    for (const r of o.records.slice(0, Math.min(a.count, o.records.length))) {
      const b = r.body;
      if (b.kind === 'block-op' && b.cmd === 'insert') inserted.add(b.blockId);
      else if (b.kind === 'block-op' && (b.cmd === 'relieve' || b.cmd === 'remove')) {
        const e = expected.get(b.blockId);
        if (e !== undefined) for (const x of b.cmd === 'remove' ? [...e.dests] : b.servers) e.dests.delete(x);
        if (b.cmd === 'remove') expected.delete(b.blockId);
      } else if (b.kind === 'replicate' && !b.isMove && inserted.has(b.blockId) && isKnownServer(b.dest)) {
        const e = expected.get(b.blockId) ?? { dests: new Set<string>(), steps: 0 };
        e.dests.add(b.dest);
        e.steps++;
        expected.set(b.blockId, e);
      }
    }
    for (const [id, e] of expected) {
      const servers = slave.blocks[String(id)];
      if (servers === undefined) continue;
      const missing = [...e.dests].find((x) => !servers.includes(x));
      if (missing !== undefined) return `${slave.self} replayed a REPLICATE of block ${id} to ${missing} (${master.self}'s oplog, lease ${o.leaseKey}) but lists it on ${JSON.stringify(servers)}`;
      const version = slave.blockVersions?.[String(id)] ?? 0;
      if (version < 2 * e.steps) return `${slave.self} replayed ${e.steps} REPLICATE record(s) of block ${id} but holds version ${version}`;
    }
    return null;
  },
};

// Probes for the redundant-replica cleanup (redundant.ts): a dataserver deleted the copy the master's redundant thread
// removed, and a slave replayed that RELIEVE_RELATION record.
import type { Probe, View } from '../../sim/index.ts';
import type { NsState, TfsState } from './state.ts';
import { NAMESERVERS, asNs } from './state.ts';

const upNs = (view: View<TfsState>): NsState[] =>
  NAMESERVERS.map((id) => view.nodes.find((n) => n.id === id)).flatMap((n) => {
    const s = n?.isUp ? asNs(n.state) : undefined;
    return s === undefined ? [] : [s];
  });

/** The master's last redundant removal, with its RELIEVE record's seqno under the current lease (0 if not found). */
function lastRemoval(master: NsState): { blockId: number; server: string; seqno: number } | null {
  const r = master.lastRedundant;
  if (r === undefined) return null;
  const records = master.oplog?.records ?? [];
  let seqno = 0;
  records.forEach((rec, i) => {
    const b = rec.body;
    if (b.kind === 'block-op' && b.cmd === 'relieve' && b.blockId === r.blockId && b.servers.includes(r.server)) seqno = i + 1;
  });
  return { blockId: r.blockId, server: r.server, seqno };
}

export const REDUNDANT_PROBES: Readonly<Record<string, Probe<TfsState>>> = {
  'redundant-copy-deleted': {
    description: "a master's redundant thread removed a copy beyond max_replication_ (RELIEVE_RELATION logged, RemoveBlockMessage sent) and that dataserver, up, no longer holds the block, while the master lists it on two servers",
    check(view) {
      for (const m of upNs(view)) {
        const r = m.role === 'master' ? m.lastRedundant : undefined;
        if (r === undefined) continue;
        const ds = view.nodes.find((n) => n.id === r.server);
        const held = ds?.isUp === true && ds.state?.kind === 'ds' ? ds.state.blocks.get(r.blockId) : 'down';
        if (held === undefined && (m.blocks.get(r.blockId)?.length ?? 0) >= 2) return null;
      }
      return 'no redundant copy deleted';
    },
  },
  'slave-replayed-redundant-relieve': {
    description: "the slave replayed the master's last redundant RELIEVE_RELATION record (its seqno within the slave's replayed count under the same lease) and lists the block without that server",
    check(view) {
      const all = upNs(view);
      const master = all.find((s) => s.role === 'master');
      const slave = all.find((s) => s.role === 'slave');
      const r = master === undefined ? null : lastRemoval(master);
      if (r === null || slave === undefined || r.seqno === 0) return 'no redundant removal logged under the current lease';
      const a = slave.applied;
      if (a === null || a.leaseKey !== master!.oplog?.leaseKey || a.count < r.seqno) return `slave has not replayed seqno ${r.seqno}`;
      const servers = slave.blocks.get(r.blockId);
      return servers !== undefined && !servers.includes(r.server) ? null : `slave lists block ${r.blockId} on ${JSON.stringify(servers)}`;
    },
  },
};

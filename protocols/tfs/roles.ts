// Roles for targets and reports: master, slave, vip-holder, plus the node kinds.
import type { NodeId, View } from '../../sim/index.ts';
import type { TfsState } from './state.ts';
import { VIP, asNs } from './state.ts';

export function tfsRoles(view: View<TfsState>): Readonly<Record<string, readonly NodeId[]>> {
  const up = view.nodes.filter((n) => n.isUp);
  const ns = up.filter((n) => n.kind === 'nameserver');
  const holder = view.aliasHolder(VIP);
  return {
    // A frozen master cannot act: it is not listed until it resumes (and then finds out whether it still holds the VIP).
    master: ns.filter((n) => !n.isPaused && asNs(n.state)?.role === 'master' && asNs(n.state)?.status === 'initialized').map((n) => n.id),
    slave: ns.filter((n) => asNs(n.state)?.role === 'slave' && asNs(n.state)?.status === 'initialized').map((n) => n.id),
    'vip-holder': holder === null ? [] : [holder],
    nameserver: ns.map((n) => n.id),
    agent: up.filter((n) => n.kind === 'agent').map((n) => n.id),
    dataserver: up.filter((n) => n.kind === 'dataserver').map((n) => n.id),
    client: up.filter((n) => n.kind === 'client').map((n) => n.id),
  };
}

// Roles for targets and reports: master, slave, vip-holder, plus the node kinds.
import type { NodeId, View } from '../../sim/index.ts';
import { perRun } from '../../sim/index.ts';
import type { TfsState } from './state.ts';
import { VIP, asNs } from './state.ts';

type Roles = Record<string, readonly NodeId[]>;

/**
 * The last answer of a run and what it was computed from: each role's members as bits in node order (master, slave,
 * nameserver, agent, dataserver, client) and the VIP holder. roles() is asked after every event that changed a node, its
 * liveness or the network (the catalog's recording run) and its answer changes rarely, while a nameserver's state object
 * changes on most of its events (connections, leases, blocks), so the memo compares what the answer is made of, not the
 * states: the same object is handed back while the masks and holder are unchanged (sim/catalog-roles.ts then skips
 * reading it again; callers only read answers).
 */
interface RolesMemo { masks: Int32Array; holder: NodeId | null; roles: Roles | null }
const ROLE_MASKS = 6;
const lastRoles = perRun((): RolesMemo => ({ masks: new Int32Array(ROLE_MASKS), holder: null, roles: null }));

export function tfsRoles(view: View<TfsState>): Readonly<Roles> {
  const nodes = view.nodes;
  // 31 nodes fit a small integer's bits; a larger (hand-built) view is computed afresh every time.
  if (nodes.length > 31) return rolesFresh(view);
  let master = 0, slave = 0, ns = 0, agent = 0, ds = 0, client = 0;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (!n.isUp) continue;
    const bit = 1 << i;
    const kind = n.kind;
    if (kind === 'nameserver') {
      ns |= bit;
      const s = asNs(n.state);
      if (s?.status !== 'initialized') continue;
      if (s.role === 'master') { if (!n.isPaused) master |= bit; }
      else if (s.role === 'slave') slave |= bit;
    } else if (kind === 'agent') agent |= bit;
    else if (kind === 'dataserver') ds |= bit;
    else if (kind === 'client') client |= bit;
  }
  const holder = view.aliasHolder(VIP);
  const m = lastRoles(view);
  const k = m.masks;
  if (m.roles !== null && m.holder === holder && k[0] === master && k[1] === slave && k[2] === ns && k[3] === agent && k[4] === ds && k[5] === client) return m.roles;
  k[0] = master; k[1] = slave; k[2] = ns; k[3] = agent; k[4] = ds; k[5] = client;
  m.holder = holder;
  return (m.roles = rolesFresh(view));
}

/** tfsRoles computed afresh (tests compare the remembered answer with it). */
export function rolesFresh(view: View<TfsState>): Roles {
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

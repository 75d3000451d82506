// Roles for targets and reports: master, slave, vip-holder, plus the node kinds.
import type { NodeId, NodeView, View } from '../../sim/index.ts';
import { perRun } from '../../sim/index.ts';
import type { TfsState } from './state.ts';
import { VIP, asNs } from './state.ts';

type Roles = Record<string, readonly NodeId[]>;

/**
 * The last answer of a run and exactly what it was read from: each node's state object, up and paused flags, and the
 * VIP's holder. roles() is asked after most events (the catalog's recording run, triggers, coverage) and its answer
 * changes rarely; states are copy-on-write and a node's kind never changes, so the same inputs give the same roles,
 * and the same object is handed back (callers only read it, or copy it: sim/catalog.ts).
 */
interface RolesMemo { states: (TfsState | undefined)[]; flags: number[]; holder: NodeId | null; roles: Roles | null }
const lastRoles = perRun((): RolesMemo => ({ states: [], flags: [], holder: null, roles: null }));

const flagsOf = (n: NodeView<TfsState>): number => (n.isUp ? 1 : 0) | (n.isPaused ? 2 : 0);

export function tfsRoles(view: View<TfsState>): Readonly<Roles> {
  const nodes = view.nodes;
  const holder = view.aliasHolder(VIP);
  const m = lastRoles(view);
  if (m.roles !== null && m.holder === holder && isSameInputs(nodes, m)) return m.roles;
  m.states.length = nodes.length;
  m.flags.length = nodes.length;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    m.states[i] = n.state;
    m.flags[i] = flagsOf(n);
  }
  m.holder = holder;
  return (m.roles = tfsRolesFresh(view));
}

function isSameInputs(nodes: readonly NodeView<TfsState>[], m: RolesMemo): boolean {
  if (nodes.length !== m.states.length) return false;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (n.state !== m.states[i] || flagsOf(n) !== m.flags[i]) return false;
  }
  return true;
}

/** tfsRoles computed afresh (tests compare the remembered answer with it). One pass, each list in node order. */
export function tfsRolesFresh(view: View<TfsState>): Roles {
  const master: NodeId[] = [];
  const slave: NodeId[] = [];
  const nameserver: NodeId[] = [];
  const agent: NodeId[] = [];
  const dataserver: NodeId[] = [];
  const client: NodeId[] = [];
  for (const n of view.nodes) {
    if (!n.isUp) continue;
    if (n.kind === 'nameserver') {
      nameserver.push(n.id);
      const s = asNs(n.state);
      if (s?.status !== 'initialized') continue;
      // A frozen master cannot act: it is not listed until it resumes (and then finds out whether it still holds the VIP).
      if (s.role === 'master' && !n.isPaused) master.push(n.id);
      else if (s.role === 'slave') slave.push(n.id);
    } else if (n.kind === 'agent') agent.push(n.id);
    else if (n.kind === 'dataserver') dataserver.push(n.id);
    else if (n.kind === 'client') client.push(n.id);
  }
  const holder = view.aliasHolder(VIP);
  return { master, slave, 'vip-holder': holder === null ? [] : [holder], nameserver, agent, dataserver, client };
}

// Roles for targets and reports: master (configservers that believe they are), slave, dataservers, clients.
import type { NodeId } from '../../sim/index.ts';
import { nodeId, perRun } from '../../sim/index.ts';
import { CS_IDS } from './options.ts';
import type { TairView } from './view-helpers.ts';
import { csState } from './view-helpers.ts';
import { isMaster } from './state.ts';

type Roles = Record<string, readonly NodeId[]>;

/**
 * The last answer of a run and what it was computed from: which nodes were up (bits in node order) and each
 * configserver's part (0 down or not a configserver state, 1 slave, 2 master). roles() is asked after most events (the
 * catalog's recording run, triggers, client-op targets) and its answer changes rarely, while a configserver's state
 * object is new after most of its events (every dataserver heartbeat): keyed on the states, the memo missed on most
 * configserver events and rolesFresh was 6 % of a seed's allocation. Keyed on what the answer is made of (as tfs's
 * roles.ts), the same object is handed back while the masks are unchanged (every caller reads it, or copies it:
 * sim/catalog.ts).
 */
interface RolesMemo { cs: number; up: number; roles: Roles | null }
const lastRoles = perRun((): RolesMemo => ({ cs: 0, up: 0, roles: null }));

/** A configserver's part of the roles: 0 down (or no configserver state), 1 slave, 2 master. */
function csRole(view: TairView, id: string): number {
  const s = csState(view, id);
  return s === undefined ? 0 : isMaster(s, id) ? 2 : 1;
}

export function tairRoles(view: TairView): Readonly<Roles> {
  const nodes = view.nodes;
  // 31 nodes fit a small integer's bits; a larger (hand-built) view is computed afresh every time.
  if (nodes.length > 31) return rolesFresh(view);
  let up = 0;
  for (let i = 0; i < nodes.length; i++) if (nodes[i]!.isUp) up |= 1 << i;
  const cs = csRole(view, CS_IDS[0]) | (csRole(view, CS_IDS[1]) << 2);
  const m = lastRoles(view);
  if (m.roles !== null && m.cs === cs && m.up === up) return m.roles;
  m.cs = cs; m.up = up;
  return (m.roles = rolesFresh(view));
}

/** tairRoles computed afresh (tests compare the remembered answer with it). */
export function rolesFresh(view: TairView): Roles {
  // One pass, no intermediate arrays.
  const master: NodeId[] = [];
  const slave: NodeId[] = [];
  const configservers: NodeId[] = [];
  for (const id of CS_IDS) {
    const s = csState(view, id);
    if (s === undefined) continue;
    const n = nodeId(id);
    configservers.push(n);
    (isMaster(s, id) ? master : slave).push(n);
  }
  const dataservers: NodeId[] = [];
  const clients: NodeId[] = [];
  for (const n of view.nodes) {
    if (!n.isUp) continue;
    if (n.kind === 'dataserver') dataservers.push(n.id);
    else if (n.kind === 'client') clients.push(n.id);
  }
  return { master, slave, configservers, dataservers, clients };
}

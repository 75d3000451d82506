// Roles for targets and reports: master (configservers that believe they are), slave, dataservers, clients.
import type { NodeId } from '../../sim/index.ts';
import { nodeId, perRun } from '../../sim/index.ts';
import { CS_IDS } from './options.ts';
import type { TairView } from './view-helpers.ts';
import { csState } from './view-helpers.ts';
import { isMaster } from './state.ts';

type Roles = Record<string, readonly NodeId[]>;

/**
 * The last answer of a run and what it was computed from: the two configservers' states (undefined when down) and which
 * nodes were up, as bits in node order. roles() is asked after most events (the catalog's recording run, triggers,
 * client-op targets) and its answer changes rarely; states are copy-on-write, so the same objects and the same up set
 * give the same roles, and the same object is handed back (every caller reads it, or copies it: sim/catalog.ts).
 */
interface RolesMemo { s0: unknown; s1: unknown; up: number; roles: Roles | null }
const lastRoles = perRun((): RolesMemo => ({ s0: undefined, s1: undefined, up: 0, roles: null }));

export function tairRoles(view: TairView): Readonly<Roles> {
  const nodes = view.nodes;
  // 31 nodes fit a small integer's bits; a larger (hand-built) view is computed afresh every time.
  if (nodes.length > 31) return rolesFresh(view);
  let up = 0;
  for (let i = 0; i < nodes.length; i++) if (nodes[i]!.isUp) up |= 1 << i;
  const s0 = csState(view, CS_IDS[0]);
  const s1 = csState(view, CS_IDS[1]);
  const m = lastRoles(view);
  if (m.roles !== null && m.s0 === s0 && m.s1 === s1 && m.up === up) return m.roles;
  m.s0 = s0; m.s1 = s1; m.up = up;
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

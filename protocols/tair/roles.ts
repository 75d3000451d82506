// Roles for targets and reports: master (configservers that believe they are), slave, dataservers, clients.
import type { NodeId } from '../../sim/index.ts';
import { nodeId } from '../../sim/index.ts';
import { CS_IDS } from './options.ts';
import type { TairView } from './view-helpers.ts';
import { csState } from './view-helpers.ts';
import { isMaster } from './state.ts';

export function tairRoles(view: TairView): Record<string, readonly NodeId[]> {
  // One pass, no intermediate arrays: the aimed fuzzer's catalog and the triggers ask after every event.
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

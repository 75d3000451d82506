// Roles for targets and reports: master (configservers that believe they are), slave, dataservers, clients.
import type { NodeId } from '../../sim/index.ts';
import { nodeId } from '../../sim/index.ts';
import { CS_IDS } from './options.ts';
import type { TairView } from './view-helpers.ts';
import { csState, masters } from './view-helpers.ts';

export function tairRoles(view: TairView): Record<string, readonly NodeId[]> {
  const m = masters(view);
  const slave = CS_IDS.filter((id) => csState(view, id) !== undefined && !m.includes(nodeId(id))).map(nodeId);
  const up = (kind: string) => view.nodes.filter((n) => n.kind === kind && n.isUp).map((n) => n.id);
  return { master: m, slave, configservers: CS_IDS.filter((id) => csState(view, id) !== undefined).map(nodeId), dataservers: up('dataserver'), clients: up('client') };
}

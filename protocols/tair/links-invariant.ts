// links-to-nodes: every outgoing link a tair node holds (links.ts, tbnet's connection manager) is to a node of the run.
// A configserver dials its peer, dataservers and clients dial configservers and dataservers: an address that names no
// node is a packet sent nowhere, with its bookkeeping (a push's connection, a resend flag) tied to a dial that can
// only fail. Mutation survivor cs-common.ts:66 (pushGroupFile's `if (to === null) return s` → `if (false)`, ninth,
// tenth and twelfth sessions): a master reloading group.conf with its slave DOWN dials a peer named `null`, the failed
// dial marks a group.conf resend due, and a slave DOWN at the edit gets the file at its next reconnect, which Tair's
// does not (the permitted anomaly slave-down-misses-group-conf-edit). The link keyed "null" is in the state at once.
import type { Invariant } from '../../sim/index.ts';
import { nodeInvariant } from '../../sim/index.ts';
import type { TairState } from './state.ts';

export const linksToNodes: Invariant<TairState> = nodeInvariant<TairState>('links-to-nodes',
  'every outgoing link a configserver, dataserver or client holds is to a node of the run',
  (view, n) => {
    const s = n.state;
    if (!n.isUp || s === undefined) return null;
    for (const peer of Object.keys(s.links)) {
      if (!view.nodes.some((x) => x.id === peer)) return `${n.id} holds a link to ${peer}, which is no node of the run`;
    }
    return null;
  });

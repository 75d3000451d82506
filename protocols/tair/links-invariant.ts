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
import type { TairView } from './view-helpers.ts';
import { nodeOfRun } from './view-helpers.ts';

/** A link table's verdict for the node holding it: its first link to no node of the run, or null. */
function strangerLink(view: TairView, id: string, links: object): string | null {
  for (const peer in links) {
    if (nodeOfRun(view, peer) === undefined) return `${id} holds a link to ${peer}, which is no node of the run`;
  }
  return null;
}

/**
 * The last verdict per node id with the run's view and link table it was reached from, overwritten in place: the
 * check runs for every node an event changed, and most events leave the node's link table the same object (states
 * are copy-on-write); the run's node list does not change within a run (one view per run).
 */
interface LinksMemo { view: TairView; links: object; verdict: string | null }
const lastVerdicts = new Map<string, LinksMemo>();

export const linksToNodes: Invariant<TairState> = nodeInvariant<TairState>('links-to-nodes',
  'every outgoing link a configserver, dataserver or client holds is to a node of the run',
  (view, n) => {
    const s = n.state;
    if (!n.isUp || s === undefined) return null;
    const m = lastVerdicts.get(n.id);
    if (m !== undefined && m.links === s.links && m.view === view) return m.verdict;
    const verdict = strangerLink(view, n.id, s.links);
    if (m === undefined) lastVerdicts.set(n.id, { view, links: s.links, verdict });
    else { m.view = view; m.links = s.links; m.verdict = verdict; }
    return verdict;
  });

// The election sender's records: what QuorumCnxManager keeps per peer to send (queueSendMap) or re-send on a new
// connection (lastMessageSent) is a notification built by buildMsg, never an empty or partial one.
import type { Invariant } from '../../sim/index.ts';
import type { Cnx, ZabNode, ZabNotification } from './state.ts';

/** Cnx objects already checked: states are copy-on-write, so an unchanged cnx is the same object and needs no re-check. */
const checked = new WeakSet<Cnx>();

const FIELDS = ['state', 'leader', 'zxid', 'electionEpoch', 'peerEpoch', 'version', 'len'] as const;

/** What is missing from a record that should be a notification, or null. */
function malformed(n: ZabNotification): string | null {
  if (n.type !== 'notification') return `type ${JSON.stringify(n.type)}`;
  const missing = FIELDS.filter((f) => n[f] === undefined);
  return missing.length === 0 ? null : `no ${missing.join(', ')}`;
}

/**
 * SendWorker sends the queued message, or on a fresh connection the last one sent (lastMessageSent), and records what
 * it sent; both come from buildMsg, so each carries a whole vote. A record without one would put an empty frame on
 * the wire that every receiver drops: elections then settle only over other connections, which no other check sees.
 */
export const electionSendsWellFormed: Invariant<ZabNode> = {
  name: 'election-sends-well-formed',
  description: "every notification a server queues for a peer or records as last sent to it is a whole notification (type, vote, round, wire fields)",
  // Reads node states only; an unchanged cnx is skipped.
  scope: 'states',
  check(view) {
    for (const n of view.nodes) {
      const c = n.state?.cnx;
      if (c === undefined || checked.has(c)) continue;
      for (const [what, map] of [['queued', c.queued], ['last sent', c.lastSent]] as const) {
        for (const [peer, msg] of Object.entries(map) as [string, ZabNotification][]) {
          const bad = malformed(msg);
          if (bad !== null) return `${n.id}'s ${what} notification for ${peer} is not a whole notification (${bad})`;
        }
      }
      checked.add(c);
    }
    return null;
  },
};

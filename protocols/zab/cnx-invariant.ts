// The election sender's records: what QuorumCnxManager keeps per peer to send (queueSendMap) or re-send on a new
// connection (lastMessageSent) is a notification built by buildMsg, never an empty or partial one.
import type { Invariant } from '../../sim/index.ts';
import { NodeMemory, nodeInvariant } from '../../sim/index.ts';
import type { Cnx, ZabNode, ZabNotification } from './state.ts';

/**
 * Per run and server, the cnx object last found whole: states are copy-on-write, so an unchanged cnx is the same object
 * and needs no re-check, and a new one mostly shares its queued and lastSent records with it (those are not walked
 * again). One entry per node, not a WeakSet of every cnx (an ephemeron per new cnx); in sim's NodeMemory (a slot of the
 * kernel's node object) rather than a Map by id, which hashed the id after every event of the node.
 */
const lastWhole = new NodeMemory<Cnx>();

const FIELDS = ['state', 'leader', 'zxid', 'electionEpoch', 'peerEpoch', 'version', 'len'] as const;

/** What is missing from a record that should be a notification, or null. */
function malformed(n: ZabNotification): string | null {
  if (n.type !== 'notification') return `type ${JSON.stringify(n.type)}`;
  // A loop first: every new notification is judged once, and filter built an array and a closure for each.
  let isWhole = true;
  for (let i = 0; i < FIELDS.length; i++) if (n[FIELDS[i]!] === undefined) isWhole = false;
  if (isWhole) return null;
  const missing = FIELDS.filter((f) => n[f] === undefined);
  return missing.length === 0 ? null : `no ${missing.join(', ')}`;
}

/** Notifications found whole: a cnx copy shares its unchanged records with the original, so each is checked once. */
const wholeMessages = new WeakSet<object>();

/**
 * The first record of `map` (key order) that is not a whole notification, or null; no arrays built per check. `was` is
 * the same record of the cnx last found whole: an entry still identical to its entry there is whole (a new cnx mostly
 * changes one peer's entry), without the WeakSet lookup.
 */
function firstMalformed(map: Readonly<Record<string, ZabNotification>>, was: Readonly<Record<string, ZabNotification>> | undefined): { readonly peer: string; readonly why: string } | null {
  for (const peer in map) {
    const msg = map[peer]!;
    if (was !== undefined && msg !== undefined && msg === was[peer]) continue;
    if (typeof msg === 'object' && msg !== null && wholeMessages.has(msg)) continue;
    const why = malformed(msg);
    if (why !== null) return { peer, why };
    if (typeof msg === 'object' && msg !== null) wholeMessages.add(msg);
  }
  return null;
}

/**
 * SendWorker sends the queued message, or on a fresh connection the last one sent (lastMessageSent), and records what
 * it sent; both come from buildMsg, so each carries a whole vote. A record without one would put an empty frame on
 * the wire that every receiver drops: elections then settle only over other connections, which no other check sees.
 */
export const electionSendsWellFormed: Invariant<ZabNode> = nodeInvariant<ZabNode>(
  'election-sends-well-formed',
  "every notification a server queues for a peer or records as last sent to it is a whole notification (type, vote, round, wire fields)",
  // Per node: reads the node's state only; an unchanged cnx is skipped.
  (view, n) => {
    const c = n.state?.cnx;
    if (c === undefined) return null;
    const last = lastWhole.get(view, n);
    if (last === c) return null;
    const queued = last !== undefined && last.queued === c.queued ? null : firstMalformed(c.queued, last?.queued);
    if (queued !== null) return `${n.id}'s queued notification for ${queued.peer} is not a whole notification (${queued.why})`;
    const sent = last !== undefined && last.lastSent === c.lastSent ? null : firstMalformed(c.lastSent, last?.lastSent);
    if (sent !== null) return `${n.id}'s last sent notification for ${sent.peer} is not a whole notification (${sent.why})`;
    lastWhole.set(view, n, c);
    return null;
  },
);

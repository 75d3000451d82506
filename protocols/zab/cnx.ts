// QuorumCnxManager: one election connection per pair, kept only when the larger sid initiated it; latest-wins send queue.
import type { ConnId, NodeId } from '../../sim/index.ts';
import type { D, Env, Mut } from './env.ts';
import { dropKey, own, setKey } from './env.ts';
import type { Cnx, ZabNotification } from './state.ts';
import { sidOf } from './options.ts';
import { isServerSid, onForeignHello } from './frames.ts';

// Written out field by field (creation order) rather than `{ ...x }`: V8 copies a literal of known shape ~3x faster.
const copyCnx = (c: Cnx): Cnx => ({
  conns: c.conns, dialing: c.dialing, queued: c.queued, lastSent: c.lastSent, busy: c.busy, unknown: c.unknown, foreign: c.foreign,
  badFrames: c.badFrames, scans: c.scans,
});

/** The election connection state, writable (copied into the working state on first write). */
export function ownCnx(d: D): Mut<Cnx> {
  d.cnx = own(d.cnx, copyCnx);
  return d.cnx as Mut<Cnx>;
}

type CnxMap = Exclude<keyof Cnx, 'badFrames'>;

/**
 * `d.cnx[k][key] = value`: the only writes of the maps besides dropCnx (settle.ts settles them from the keys written,
 * keyed.ts). A write of the value already there copies nothing.
 */
export function setCnx<K extends CnxMap>(d: D, k: K, key: string | number, value: Cnx[K][keyof Cnx[K]], copy?: (x: Cnx[K]) => Cnx[K]): void {
  if ((d.cnx[k] as Readonly<Record<string, unknown>>)[key] === value) return;
  setKey(ownCnx(d), k, key, value, copy);
}

/** `d.cnx[k]` without `key`; nothing is copied when it has no such key. */
export function dropCnx(d: D, k: CnxMap, key: string | number): void {
  if (!(key in d.cnx[k])) return;
  dropKey(ownCnx(d), k, key, k === 'unknown' || k === 'foreign' || k === 'scans');
}

/** Queue a notification for a peer (capacity 1: a newer one replaces an unsent older one) and make sure we connect. */
export function toSend(d: D, env: Env, peer: NodeId, msg: ZabNotification): void {
  const conn = d.cnx.conns[peer];
  setCnx(d, 'queued', peer, msg);
  if (conn === undefined) { connectOne(d, env, peer); return; }
  if (d.cnx.busy[peer] !== true) flush(d, env, peer, conn);
}

/** The pacing timer of one peer's SendWorker: send what was queued meanwhile (only the newest survived). */
export function onSendGap(d: D, env: Env, peer: NodeId): void {
  dropCnx(d, 'busy', peer);
  const conn = d.cnx.conns[peer];
  if (conn !== undefined && d.cnx.queued[peer] !== undefined) flush(d, env, peer, conn);
}

/**
 * connectOne → initiateConnectionAsync (3.8): at most one dial per peer in progress (`inprogressConnections`), each a
 * `sock.connect(addr, cnxTO)`. The cnx-timeout timer abandons a dial still pending after cnxTimeoutUs (zookeeper.cnxTimeout,
 * 5 s), whatever the kernel's own connect timeout is, so the next connectOne (a poll's resend or connectAll) dials anew.
 */
export function connectOne(d: D, env: Env, peer: NodeId): void {
  if (d.cnx.conns[peer] !== undefined || d.cnx.dialing[peer] !== undefined) return;
  const conn = env.ctx.connect(peer);
  setCnx(d, 'dialing', peer, conn);
  env.ctx.setTimer('cnx-timeout', env.opts.cnxTimeoutUs, { gen: -1, peer, conn });
}

/** Is `conn` still our dial to `peer` (not opened, closed or given up since)? */
export const isPendingDial = (c: Cnx, peer: NodeId, conn: ConnId): boolean => c.dialing[peer] === conn;

/** sock.connect timed out (SocketTimeoutException): the dial is given up; a conn-closed for it later is ignored. */
export function onCnxTimeout(d: D, env: Env, peer: NodeId, conn: ConnId): void {
  if (!isPendingDial(d.cnx, peer, conn)) return;
  dropCnx(d, 'dialing', peer);
  env.ctx.close(conn);
}

/**
 * SendWorker: send the queued notification, else re-send the last one (on a new connection). At most one notification
 * per peer leaves every electionSendGapUs; newer ones overwrite the queued one (SEND_CAPACITY = 1, latest wins).
 */
function flush(d: D, env: Env, peer: NodeId, conn: ConnId): void {
  const found = d.cnx.queued[peer] ?? d.cnx.lastSent[peer];
  if (found === undefined) return;
  const msg: ZabNotification = { ...found };
  env.ctx.send(conn, msg);
  setCnx(d, 'lastSent', peer, msg);
  dropCnx(d, 'queued', peer);
  setCnx(d, 'busy', peer, true);
  env.ctx.setTimer('cnx-send-gap', env.opts.electionSendGapUs, { gen: -1, peer });
}

/**
 * Our dial to `peer` opened: send our sid; keep it only if we are the larger sid. startConnection: "Have smaller server
 * identifier, so dropping the connection" — the sid still reaches the peer before the FIN, and the peer dials back.
 */
export function onDialOpened(d: D, env: Env, conn: ConnId, peer: NodeId): void {
  env.ctx.send(conn, { type: 'cnx-hello', sid: d.sid });
  dropCnx(d, 'dialing', peer);
  if (sidOf(peer) > d.sid) { env.ctx.close(conn); return; }
  const old = d.cnx.conns[peer];
  if (old !== undefined && old !== conn) env.ctx.close(old);
  setCnx(d, 'conns', peer, conn);
  flush(d, env, peer, conn);
}

/** The first packet on an accepted connection said it is an election connection from `sid`. */
export function onHello(d: D, env: Env, conn: ConnId, peer: NodeId, sid: number): void {
  dropCnx(d, 'unknown', conn);
  if (!isServerSid(env.opts, sid)) return onForeignHello(d, env, conn, sid);
  if (sid < d.sid) {
    // Only the larger sid keeps a connection: drop it and dial back.
    env.ctx.close(conn);
    const old = d.cnx.conns[peer];
    if (old !== undefined) { env.ctx.close(old); dropCnx(d, 'conns', peer); }
    connectOne(d, env, peer);
    return;
  }
  const old = d.cnx.conns[peer];
  if (old !== undefined && old !== conn) env.ctx.close(old);
  setCnx(d, 'conns', peer, conn);
  flush(d, env, peer, conn);
}

/**
 * Does any election map hold `conn` (with `peer`)? onElectionClosed forgets a closed connection only then, and node.ts
 * isNoOp asks it of a conn-closed before making a working copy.
 */
export const holdsConn = (c: Cnx, conn: ConnId, peer: NodeId): boolean =>
  c.conns[peer] === conn || c.dialing[peer] === conn || c.unknown[conn] !== undefined || c.foreign[conn] !== undefined || c.scans[conn] !== undefined;

/** Forget a closed election connection; returns whether it was one. */
export function onElectionClosed(d: D, conn: ConnId, peer: NodeId): boolean {
  if (!holdsConn(d.cnx, conn, peer)) return false;
  let isOurs = false;
  if (d.cnx.conns[peer] === conn) { dropCnx(d, 'conns', peer); isOurs = true; }
  if (d.cnx.dialing[peer] === conn) { dropCnx(d, 'dialing', peer); isOurs = true; }
  if (d.cnx.unknown[conn] !== undefined) { dropCnx(d, 'unknown', conn); isOurs = true; }
  if (d.cnx.foreign[conn] !== undefined) { dropCnx(d, 'foreign', conn); isOurs = true; }
  if (d.cnx.scans[conn] !== undefined) { dropCnx(d, 'scans', conn); isOurs = true; }
  return isOurs;
}

export const isElectionConn = (d: D, conn: ConnId, peer: NodeId): boolean =>
  d.cnx.conns[peer] === conn || d.cnx.dialing[peer] === conn;

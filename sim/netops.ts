// Network operations on the world: dialling, sending on connections and datagrams, breaking connections.
import type { World } from './world.ts';
import type { NodeRec } from './node.ts';
import type { Address, CloseReason, ConnId, Message, NodeId } from './types.ts';
import type { Connection } from './network.ts';
import { corruptValue } from './corrupt.ts';
import { crcOf } from './crc32.ts';

export function dial(w: World, from: NodeRec, connId: ConnId, address: Address): void {
  const to = w.net.resolve(address, w.isNode);
  if (to === null) {
    w.schedule(w.nowUs + w.netOpts.connectTimeoutUs, from, { kind: 'conn-closed', connId, peer: address as NodeId, reason: 'refused' });
    return;
  }
  const target = w.node(to);
  const conn: Connection = {
    id: connId, a: from.id, b: to, address, aIncarnation: from.incarnation, bIncarnation: target.incarnation,
    state: 'connecting', closedBy: null, isOpenAtB: false, lastDeliveryAtoBUs: 0, lastDeliveryBtoAUs: 0,
  };
  w.net.connections.set(connId, conn);
  w.schedule(w.nowUs + w.latencyUs(from.id, to), target, { kind: 'conn-establish', connId });
}

/** The acceptor's side of a dial, when the SYN arrives. Returns true when the acceptor should be told. */
export function establish(w: World, conn: Connection, acceptor: NodeRec): boolean {
  const initiator = w.node(conn.a);
  if (acceptor.isUp) conn.bIncarnation = acceptor.incarnation;
  const isAlive = initiator.isUp && initiator.incarnation === conn.aIncarnation && acceptor.isUp && !acceptor.isPaused;
  const isAliasOk = !w.net.aliases.has(conn.address) || w.net.aliases.get(conn.address) === conn.b;
  if (conn.state !== 'connecting' || !isAlive || !isAliasOk || !w.canConnect(conn.a, conn.b)) {
    if (conn.state === 'connecting') {
      conn.state = 'closed';
      w.net.connections.delete(conn.id);
      const isBlocked = w.net.isBlocked(conn.a, conn.b) || w.net.isBlocked(conn.b, conn.a);
      const delay = isBlocked ? w.netOpts.connectTimeoutUs : 2 * w.latencyUs(conn.b, conn.a);
      if (initiator.isUp && initiator.incarnation === conn.aIncarnation) {
        w.schedule(w.nowUs + delay, initiator, { kind: 'conn-closed', connId: conn.id, peer: conn.b, reason: 'refused' });
      }
    }
    return false;
  }
  conn.state = 'open';
  conn.isOpenAtB = true;
  const ackAt = w.nowUs + w.latencyUs(conn.b, conn.a);
  conn.lastDeliveryBtoAUs = ackAt;
  w.schedule(ackAt, initiator, { kind: 'conn-opened', connId: conn.id });
  return true;
}

/** Break a connection: both ends that know of it are told after the detection delay. */
export function breakConnection(w: World, conn: Connection, reason: CloseReason): void {
  if (conn.state === 'closed') {
    // A break after a graceful close loses what was still in flight, and the close notice with it.
    conn.closedBy = null;
    w.net.connections.delete(conn.id);
    return;
  }
  conn.state = 'closed';
  w.net.connections.delete(conn.id);
  const at = w.nowUs + w.netOpts.connectionDetectionDelayUs;
  const a = w.node(conn.a);
  const b = w.node(conn.b);
  if (a.isUp && a.incarnation === conn.aIncarnation) w.schedule(at, a, { kind: 'conn-closed', connId: conn.id, peer: conn.b, reason });
  if (conn.isOpenAtB && b.isUp && b.incarnation === conn.bIncarnation) w.schedule(at, b, { kind: 'conn-closed', connId: conn.id, peer: conn.a, reason });
}

/**
 * A test of one connection against two strings (node ids or an address) and the world. The callers below pass a
 * module-level test and its arguments instead of a closure made per call: a closure's optimised code is held only
 * weakly, so a warm worker recompiled the crash, partition and alias-move predicates after every full GC
 * (bench/deopt-census.ts).
 */
type ConnTest = (w: World, c: Connection, x: string, y: string) => boolean;

const byConnId = (p: Connection, q: Connection): number => p.id - q.id;

/** Breaks, in id order, every connection `test` holds for (with x and y). */
function breakMatching(w: World, test: ConnTest, x: string, y: string, reason: CloseReason): void {
  const hit: Connection[] = [];
  for (const c of w.net.connections.values()) if (test(w, c, x, y)) hit.push(c);
  hit.sort(byConnId);
  for (const c of hit) breakConnection(w, c, reason);
}

const touchesNode: ConnTest = (_w, c, id) => c.a === id || c.b === id;
const isBlockedEitherWay: ConnTest = (w, c) => w.net.isBlocked(c.a, c.b) || w.net.isBlocked(c.b, c.a);
const joinsPair: ConnTest = (_w, c, a, b) => (c.a === a && c.b === b) || (c.a === b && c.b === a);
const dialledAddress: ConnTest = (_w, c, address) => c.address === address;

/** A crash: every connection of the node. */
export const breakConnectionsOf = (w: World, id: NodeId, reason: CloseReason): void => breakMatching(w, touchesNode, id, '', reason);
/** A partition: every connection whose link is now blocked in either direction. */
export const breakBlockedConnections = (w: World, reason: CloseReason): void => breakMatching(w, isBlockedEitherWay, '', '', reason);
/** A one-way partition: the connections between the two nodes, in either direction. */
export const breakConnectionsBetween = (w: World, a: NodeId, b: NodeId, reason: CloseReason): void => breakMatching(w, joinsPair, a, b, reason);
/** An alias moved: the connections dialled to it. */
export const breakConnectionsTo = (w: World, address: Address, reason: CloseReason): void => breakMatching(w, dialledAddress, address, '', reason);

/** Close from one end: the other end learns it after one latency. */
export function closeFrom(w: World, from: NodeRec, connId: ConnId): void {
  const conn = w.net.connections.get(connId);
  if (conn === undefined || conn.state === 'closed') return;
  const isA = conn.a === from.id;
  const wasOpen = conn.state === 'open';
  conn.state = 'closed';
  conn.closedBy = wasOpen ? from.id : null;
  const peer = w.node(isA ? conn.b : conn.a);
  const peerInc = isA ? conn.bIncarnation : conn.aIncarnation;
  const peerKnows = isA ? conn.isOpenAtB : true;
  if (peerKnows && peer.isUp && peer.incarnation === peerInc) {
    // The FIN follows the data: the peer learns of the close after the closer's last message arrives.
    const last = isA ? conn.lastDeliveryAtoBUs : conn.lastDeliveryBtoAUs;
    const at = Math.max(w.nowUs + w.latencyUs(from.id, peer.id), last);
    w.schedule(at, peer, { kind: 'conn-closed', connId, peer: from.id, reason: 'closed-by-peer' });
  } else {
    w.net.connections.delete(connId);
  }
}

function maybeCorrupt<M extends Message>(w: World, from: NodeId, to: NodeId, msg: M): M {
  if (!w.net.takeCorruption(from, to)) return msg;
  const { type, ...rest } = msg as Message & Record<string, unknown>;
  const bad = corruptValue(rest, crcOf(rest), w.netPrng) as Record<string, unknown>;
  w.record('fault', to, `corrupted ${type} in transit from ${from}`);
  return { ...bad, type } as unknown as M;
}

function countSend(w: World, msg: Message): void {
  w.stats.messagesSent++;
  w.stats.messagesByType[msg.type] = (w.stats.messagesByType[msg.type] ?? 0) + 1;
}

export function sendOnConnection(w: World, from: NodeRec, connId: ConnId, msg: Message): void {
  countSend(w, msg);
  const conn = w.net.connections.get(connId);
  if (conn === undefined || conn.state !== 'open' || (conn.a !== from.id && conn.b !== from.id)) {
    w.drop('connection-not-open', from.id, conn ? (conn.a === from.id ? conn.b : conn.a) : '?', msg.type, w.nowUs);
    return;
  }
  const isA = conn.a === from.id;
  const to = isA ? conn.b : conn.a;
  const clog = w.net.clogUntil(from.id, to);
  let at = Math.max(w.nowUs + w.latencyUs(from.id, to), clog);
  if (isA) { at = Math.max(at, conn.lastDeliveryAtoBUs); conn.lastDeliveryAtoBUs = at; }
  else { at = Math.max(at, conn.lastDeliveryBtoAUs); conn.lastDeliveryBtoAUs = at; }
  const out = maybeCorrupt(w, from.id, to, msg);
  w.schedule(at, w.node(to), { kind: 'deliver', from: from.id, msg: out, connId, sentAtUs: w.nowUs });
}

export function sendDatagram(w: World, from: NodeRec, address: Address, msg: Message): void {
  countSend(w, msg);
  const to = w.net.resolve(address, w.isNode);
  if (to === null) return w.drop('no-such-address', from.id, address, msg.type, w.nowUs);
  if (w.net.isBlocked(from.id, to)) return w.drop('partition', from.id, to, msg.type, w.nowUs);
  const loss = w.net.datagramLossOverride ?? w.netOpts.datagramLoss;
  if (w.netPrng.chance(loss)) return w.drop('loss', from.id, to, msg.type, w.nowUs);
  const copies = w.netPrng.chance(w.netOpts.datagramDuplication) ? 2 : 1;
  const target = w.node(to);
  for (let i = 0; i < copies; i++) {
    if (!target.isUp) {
      w.drop('node-down', from.id, to, msg.type, w.nowUs);
      continue;
    }
    // Datagrams are not tied to an incarnation: a restarted node receives what was in flight.
    const at = Math.max(w.nowUs + w.latencyUs(from.id, to), w.net.clogUntil(from.id, to));
    w.heap.push(w.newEvent(at, target, -1, { kind: 'deliver', from: from.id, msg: maybeCorrupt(w, from.id, to, msg), connId: null, sentAtUs: w.nowUs }, 'deliver'));
  }
}

// Election-connection framing (QuorumCnxManager 3.8): the notification's frame length and config fields, the first
// packet's sid when it names no server, and RecvWorker's frame-length check that closes the connection.
import type { ConnId, NodeId } from '../../sim/index.ts';
import type { D, Env } from './env.ts';
import type { ZabOptions } from './options.ts';
import { allIds, sidOf } from './options.ts';
import { ownCnx, setCnx } from './cnx.ts';
import { dropKey } from './env.ts';
import { copyIndexed } from './indexed.ts';

/** QuorumCnxManager.PACKETMAXSIZE: the largest frame a RecvWorker accepts (512 KiB). */
export const PACKETMAXSIZE = 512 * 1024;

/** Notification.CURRENTVERSION in 3.8: a notification that carries the sender's quorum config. */
export const NOTIFICATION_VERSION = 2;

/** RecvWorker.run: `length <= 0 || length > PACKETMAXSIZE` → IOException("Received packet with invalid packet"). */
export const isBadFrameLength = (len: number): boolean => !(len > 0 && len <= PACKETMAXSIZE);

const configBytes = new WeakMap<ZabOptions, number>();

/**
 * The bytes of the config every notification carries (QuorumMaj.toString: one `server.N=host:2888:3888:role;port`
 * line per server, then `version=0`: the static config of zoo.cfg, reconfig not enabled). Only its length and version
 * reach the wire model: without reconfig every server has the same one and nothing reads the rest.
 */
export function configLength(o: ZabOptions): number {
  let n = configBytes.get(o);
  if (n === undefined) {
    const lines = allIds(o).map((id) => `server.${sidOf(id)}=${id}:2888:3888:${o.observerIds.includes(id) ? 'observer' : 'participant'};0.0.0.0:2181`);
    n = [...lines, 'version=0'].join('\n').length;
    configBytes.set(o, n);
  }
  return n;
}

/** FastLeaderElection.buildMsg: 4 state + 8 leader + 8 zxid + 8 electionEpoch + 8 peerEpoch + 4 version + 4 config length + config. */
export const notificationLength = (o: ZabOptions): number => 44 + configLength(o);

/** Is `sid` a server of the configuration? (the first packet of a foreign program can name any long) */
export const isServerSid = (o: ZabOptions, sid: number): boolean => Number.isInteger(sid) && sid >= 1 && sid <= o.serverCount;

/**
 * handleConnection, for a first packet whose sid names no server: a smaller sid is closed (connectOne to it finds no
 * address), our own is closed, a larger one gets a SendWorker and RecvWorker like any peer's (3.8 does not check the sid
 * against the config); nothing is ever sent to it, and its RecvWorker reads the next bytes as a frame length.
 */
export function onForeignHello(d: D, env: Env, conn: ConnId, sid: number): void {
  if (sid <= d.sid) { env.ctx.log(`election connection claims sid ${sid}, no server: closed`); env.ctx.close(conn); return; }
  setCnx(d, 'foreign', conn, sid, copyIndexed);
}

/**
 * RecvWorker: a frame length ≤ 0 or > PACKETMAXSIZE throws; the finally block finishes the SendWorker (it leaves
 * senderWorkerMap) and closes the socket. A peer's next notification dials again (connectOne).
 */
export function onBadFrame(d: D, env: Env, conn: ConnId, from: NodeId, len: number): void {
  const c = ownCnx(d);
  const sid = d.cnx.foreign[conn] ?? sidOf(from);
  env.ctx.log(`Received packet with invalid packet: ${len}; connection broken for id ${sid}`);
  if (d.cnx.conns[from] === conn) dropKey(c, 'conns', from);
  dropKey(c, 'foreign', conn, true);
  c.badFrames = d.cnx.badFrames + 1;
  env.ctx.close(conn);
}

// A program that is not ZooKeeper, on a server's machine: a port scanner (or an HTTP health check pointed at the wrong
// port) that connects to every other server's election port and writes "GET / HTTP/1.1\r\n" (ZOOKEEPER-2186's kind
// of garbage). Lives in the node's state only because the kernel runs one actor per machine; it sends nothing else.
import type { ConnId, Ctx, NodeId } from '../../sim/index.ts';
import type { D, Env } from './env.ts';
import type { ZabMsg } from './messages.ts';
import type { ZabOptions } from './options.ts';
import { allIds } from './options.ts';
import { setCnx } from './cnx.ts';
import { copyIndexed } from './indexed.ts';

export const SCAN_TIMER = 'port-scan';

/** "GET / HT" read as QuorumCnxManager's first long (0x474554202f204854 ≥ 0, so it is taken as a server id). */
export const GARBAGE_SID = 0x4745_5420_2f20_4854;
/** "TP/1" read as RecvWorker's frame length: 1,414,541,105 > PACKETMAXSIZE. */
export const GARBAGE_LENGTH = 0x5450_2f31;

/** At boot: a scanner on this machine whose time has not come yet waits for it (a restart after it does nothing). */
export function armScanner(id: NodeId, ctx: Ctx<ZabMsg>, opts: ZabOptions): void {
  if (opts.portScannerIds.includes(id) && ctx.nowUs < opts.portScanAtUs) ctx.setTimer(SCAN_TIMER, opts.portScanAtUs - ctx.nowUs);
}

/** The scan: one connection to every other server's election port. */
export function onScanTimer(d: D, env: Env): void {
  for (const peer of allIds(env.opts)) if (peer !== d.id) setCnx(d, 'scans', env.ctx.connect(peer), peer, copyIndexed);
}

/** Connected: write the request; a ZooKeeper server reads its first 12 bytes as a sid and a frame length. */
export function onScanOpened(d: D, env: Env, conn: ConnId): void {
  env.ctx.log(`port scanner: GET / HTTP/1.1 to ${d.cnx.scans[conn]}'s election port`);
  env.ctx.send(conn, { type: 'cnx-hello', sid: GARBAGE_SID });
  env.ctx.send(conn, { type: 'raw-frame', len: GARBAGE_LENGTH });
}

export const isScanConn = (d: D, conn: ConnId): boolean => d.cnx.scans[conn] !== undefined;

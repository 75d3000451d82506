// Liveness after heal: one master with the VIP, the slave holds its lease, the slave's oplog position reaches the master's,
// a client's tail create-block and write-file succeed (liveness-tail.ts), every up dataserver is registered with the
// master, some read-block was served (read-answer-check.ts), and every reported block is located (block-report-check.ts).
import type { LivenessPredicate, View } from '../../sim/index.ts';
import type { NsState, TfsState } from './state.ts';
import { NAMESERVERS, VIP, asNs } from './state.ts';
import type { TfsOptions } from './options.ts';
import { TAIL_GAP_US, TAIL_START_US, tailBlockCreated, tailFileWritten } from './liveness-tail.ts';
import { readBlockServed } from './read-answer-check.ts';
import { reportedBlocksLocated } from './block-report-check.ts';
import { reportGapMaxUs } from './ns-report-periodic.ts';

type V = View<TfsState>;

/** The VIP holder as an initialized master ready to allocate, and the other NS as an initialized slave. */
export function masterAndSlave(view: V): { master: NsState; slave: NsState } | string {
  const holder = view.aliasHolder(VIP);
  if (holder === null) return 'VIP unbound';
  const master = asNs(view.node(holder).state);
  if (master === undefined) return `VIP holder ${holder} is down`;
  if (master.role !== 'master' || master.status !== 'initialized') return `VIP holder ${holder} is ${master.status} ${master.role}`;
  if (!master.isAllocGateOpen) return `${holder} has not confirmed its block-id base`;
  const other = NAMESERVERS.find((n) => n !== holder)!;
  const slave = asNs(view.node(other as never).state);
  if (slave === undefined) return `${other} is down`;
  if (slave.role !== 'slave' || slave.status !== 'initialized') return `${other} is ${slave.status} ${slave.role}`;
  return { master, slave };
}

/**
 * A dataserver whose connection to the VIP closed redials after reconnectDelayUs and registers with its first
 * heartbeat (dataserver.ts); the master files it in dsConns (ns-serve.ts). The tail ops need only one dataserver
 * (create-block places a block on the connected ones, write-file on one leased block), so a DS that never came back
 * after a VIP move or a partition passed every other check while the cluster lost its capacity. After the heal,
 * within the liveness bound (reconnect + a heartbeat, well under the control plane's time), every up dataserver is
 * back in the master's dsConns.
 */
export const dataserversRegistered: LivenessPredicate<TfsState> = {
  name: 'dataservers-registered',
  description: "every up dataserver is registered with the master (in its dsConns): one whose connection closed has reconnected",
  check(view) {
    const p = masterAndSlave(view);
    if (typeof p === 'string') return p;
    const missing = view.nodes.filter((n) => n.kind === 'dataserver' && n.isUp && p.master.dsConns[n.id] === undefined).map((n) => n.id);
    return missing.length === 0 ? null : `${missing.join(', ')} not registered with ${p.master.self}`;
  },
};

export const TFS_LIVENESS: readonly LivenessPredicate<TfsState>[] = [
  {
    name: 'one-master-holds-vip',
    description: 'the VIP holder is master (with its block-id base confirmed) and the other nameserver is slave',
    check(view) {
      const p = masterAndSlave(view);
      return typeof p === 'string' ? p : null;
    },
  },
  {
    name: 'slave-holds-lease',
    description: "the slave holds the master's current lease",
    check(view) {
      const p = masterAndSlave(view);
      if (typeof p === 'string') return p;
      const key = p.master.slaveLease?.key;
      return key !== undefined && p.slave.lease?.key === key ? null : `${p.slave.self} holds lease ${p.slave.lease?.key ?? 'none'}, master granted ${key ?? 'none'}`;
    },
  },
  {
    name: 'slave-caught-up',
    description: "the slave's oplog position reaches the master's file queue (records still in the RAM slots ship at the next flush)",
    check(view) {
      const p = masterAndSlave(view);
      if (typeof p === 'string') return p;
      const o = p.master.oplog;
      const a = p.slave.applied;
      if (o === null || a === null || a.leaseKey !== o.leaseKey) return 'no shared lease';
      return a.count >= o.queuedCount ? null : `${p.slave.self} replayed ${a.count} of ${o.queuedCount} queued records`;
    },
  },
  tailBlockCreated,
  tailFileWritten,
  dataserversRegistered,
  readBlockServed,
  reportedBlocksLocated,
];

/**
 * Dataserver heartbeats allowed after the apply_block window before a lease is granted: every DS applies at a beat with
 * probability 1/2, so all of them missing this many beats in a row has probability at most 2^-8 per DS.
 */
const LEASE_BEATS = 8;

/**
 * Agent detection + resource restart + role switch + LOGIN + a flush and a couple of re-sends; then the write path
 * (tail-file-written): the apply_block safe window a switch (or start-up) opens, LEASE_BEATS dataserver heartbeats to
 * be granted a lease, and two tail rounds to use it. A run ends as soon as every predicate holds, so the longer bound
 * only lengthens failing runs.
 */
export function tailBoundUs(o: TfsOptions): number {
  const controlPlaneUs = o.agentDeadtimeUs + 2 * o.agentKeepaliveUs + o.agentMonitorUs + 6 * o.heartIntervalUs + 2 * o.oplogFlushIntervalUs + 4 * o.oplogAckTimeoutUs + 2 * o.keepaliveTimeoutUs * o.keepaliveTriesMax;
  return controlPlaneUs + o.dsLeaseExpireTimeUs + LEASE_BEATS * o.dsHeartbeatIntervalUs + TAIL_START_US + 2 * TAIL_GAP_US;
}

/**
 * The tail bound, then the wait reported-blocks-located may need: a copy whose completion died with its source during
 * the faults is listed on its target only by the target's next periodic full report (ns-report-periodic.ts), at most one
 * report gap after the heal, plus a heartbeat for the ask and one for the report. With the real day that is a day of
 * virtual time, spent only by a failing run (the workload's tail ops stop at tailBoundUs: the tail checks need no more).
 */
export function livenessBoundUs(o: TfsOptions): number {
  return tailBoundUs(o) + reportGapMaxUs(o) + 2 * o.dsHeartbeatIntervalUs;
}

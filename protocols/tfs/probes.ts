// Named predicates scenario files can expect (safe mode after a switch, CRC errors re-requested, LOGIN then RENEW, ...).
import type { Probe, View } from '../../sim/index.ts';
import type { NsState, TfsState } from './state.ts';
import { NAMESERVERS, VIP, asNs } from './state.ts';

type V = View<TfsState>;

const nsStates = (view: V): NsState[] =>
  NAMESERVERS.map((id) => view.nodes.find((n) => n.id === id)).flatMap((n) => {
    const s = n?.isUp ? asNs(n.state) : undefined;
    return s === undefined ? [] : [s];
  });

/** The VIP holder, if it is a master that got there by a slave->master switch. */
function switchedMaster(view: V): NsState | undefined {
  const h = view.aliasHolder(VIP);
  const s = h === null ? undefined : asNs(view.node(h).state);
  return s?.role === 'master' && s.failoverLosses.length > 0 ? s : undefined;
}

const probe = (description: string, check: (view: V) => string | null): Probe<TfsState> => ({ description, check });

export const TFS_PROBES: Readonly<Record<string, Probe<TfsState>>> = {
  'new-master-in-safe-mode': probe('the VIP holder became master by a switch (not at start-up) and is in safe mode: no replicate/compact tasks', (view) => {
    const s = switchedMaster(view);
    return s !== undefined && view.nowUs < s.switchTimeUs ? null : 'no master that switched in and is in safe mode';
  }),
  'new-master-in-new-block-safe-mode': probe('the VIP holder became master by a switch and still refuses create-block-by-id (discard_newblk safe mode)', (view) => {
    const s = switchedMaster(view);
    return s !== undefined && view.nowUs < s.discardNewblkSafeModeTimeUs ? null : 'no master that switched in and is in new-block safe mode';
  }),
  'create-by-id-open-after-switch': probe('the VIP holder became master by a switch more than safe_mode_time after its start-up, so it accepts create-block-by-id at once (no re-armed discard_newblk window)', (view) => {
    const s = switchedMaster(view);
    return s !== undefined && view.nowUs >= s.discardNewblkSafeModeTimeUs ? null : 'no switched-in master outside the new-block safe mode';
  }),
  'ns-in-initialize': probe('a nameserver that booted with the VIP is still in initialize() (uninitialized: asking its peer\'s role; clients refused)', (view) =>
    nsStates(view).some((s) => s.status === 'uninitialized') ? null : 'no nameserver in initialize()'),
  'vip-not-local-on-old-master': probe('a nameserver is still master although is_local_addr(vip) is false (between the news and its next check_)', (view) =>
    nsStates(view).some((s) => s.role === 'master' && s.status === 'initialized' && !s.isVipLocal) ? null : 'no master without the VIP'),
  'master-acted-without-vip': probe('a nameserver acted as master (answered a keepalive, shipped, allocated, issued a task) while is_local_addr(vip) was false: the stale window before its next check_', (view) =>
    nsStates(view).some((s) => s.lastMasterAct !== null && !s.lastMasterAct.isVipLocal) ? null : 'no master act without the VIP'),
  'two-masters': probe('both nameservers are initialized masters at once (HA split brain with the NS link cut)', (view) => {
    const masters = nsStates(view).filter((s) => s.role === 'master' && s.status === 'initialized');
    return masters.length === 2 ? null : `${masters.length} masters`;
  }),
  'two-dataservers-hold-leases': probe('at least two dataservers hold a block write lease (so a new master that grants at once can hand one of those blocks out again)', (view) => {
    const n = view.nodes.filter((x) => x.isUp && x.state?.kind === 'ds' && x.state.lease !== null && view.nowUs < x.state.lease.expiresAtUs).length;
    return n >= 2 ? null : `${n} dataservers hold a lease`;
  }),
  'at-most-one-master': probe('no two nameservers are initialized masters at once', (view) => {
    const masters = nsStates(view).filter((s) => s.role === 'master' && s.status === 'initialized');
    return masters.length <= 1 ? null : `masters: ${masters.map((s) => s.self).join(', ')}`;
  }),
  'crc-error-rerequested': probe('a slave caught a CRC error in replay_helper and asked the master again', (view) =>
    nsStates(view).some((s) => s.crcErrors > 0 && s.rerequests > 0) ? null : 'no CRC error detected and re-requested'),
  'slave-login-then-renew': probe('the slave logged in (LOGIN) and has since renewed (RENEW) its lease', (view) =>
    nsStates(view).some((s) => s.role === 'slave' && s.loginCount >= 1 && s.renewsSinceLogin >= 1) ? null : 'no slave with LOGIN followed by RENEW'),
  'slave-logged-in-again': probe('the slave logged in a second time (its lease had lapsed) and has renewed the new lease', (view) =>
    nsStates(view).some((s) => s.role === 'slave' && s.loginCount >= 2 && s.renewsSinceLogin >= 1) ? null : 'no slave with a second LOGIN followed by RENEW'),
  'three-switches': probe('the nameservers switched roles at least three times in all', (view) => {
    const n = nsStates(view).reduce((acc, s) => acc + s.switchCount, 0);
    return n >= 3 ? null : `${n} switches`;
  }),
  'oplog-sync-dropped-at-master': probe('an OpLogSyncMessage reached a nameserver that was master and was dropped (transfer_log_msg_ at @0365c90 never sends it on, and nothing answers it)', (view) =>
    nsStates(view).some((s) => s.oplogSyncDroppedAsMaster > 0) ? null : 'no oplog batch reached a master'),
  'slave-keeps-deleted-block': probe('a slave holds a block with no servers left: it replayed the RELIEVE_RELATION records of an admin delete-block, and trunk logs no OPLOG_REMOVE, while the master dropped the block object', (view) =>
    nsStates(view).some((s) => s.role === 'slave' && s.blocks.values.some((servers) => servers.length === 0)) ? null : 'no slave with an emptied block'),
  'slave-replayed-task': probe('a slave replayed a REPLICATE_MSG or COMPACT_MSG record (replay_helper_do_msg; a counter here)', (view) =>
    nsStates(view).some((s) => s.role === 'slave' && s.replayedTasks > 0) ? null : 'no task record replayed on a slave'),
  'slave-in-sync': probe("the slave holds the master's lease and has replayed everything in the master's file queue", (view) => {
    const ss = nsStates(view);
    const m = ss.find((s) => s.role === 'master');
    const sl = ss.find((s) => s.role === 'slave');
    if (m?.oplog == null || sl?.applied == null || m.oplog.leaseKey !== sl.applied.leaseKey) return 'no shared lease';
    return sl.applied.count >= m.oplog.queuedCount ? null : `${sl.applied.count}/${m.oplog.queuedCount}`;
  }),
};

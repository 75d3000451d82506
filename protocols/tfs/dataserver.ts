// Dataservers: a lease (heartbeat + block report) with each nameserver, apply_block and the replicate END to the VIP,
// create blocks the master allocates, keep them on disk.
//
// Trunk @0365c90 (row P25): dataservice.cpp L377-425 initialize_nameserver_ip_addr_ keeps every NS's real address
// besides the VIP; lease_managerv2.cpp L56-76, L145-297, L321-373 run one lease thread per NS (apply / renew / giveup
// to its heart port, whatever its role), and client_request_server.cpp L127-166 sends a full block report to the NS
// that asked for it. Tasks' answers, apply_block and giveup_block go to the VIP (the master). The model's lease is a
// connection to each NS's address: the heartbeat stands for apply/renew, its reply may ask for the report.
import type { BugSet, ConnId, Ctx, DiskContents, Input } from '../../sim/index.ts';
import { isRecordIntact, patched, ratio, unreachable, withKey } from '../../sim/index.ts';
import { patchedDs } from './state-patch.ts';
import { BlockMap } from './block-map.ts';
import type { TfsMsg } from './messages.ts';
import { DS_HEARTBEAT, isIntact, resent, seal } from './messages.ts';
import type { DsLease, DsState } from './state.ts';
import { NAMESERVERS, VIP } from './state.ts';
import type { TfsOptions } from './options.ts';
import { BUG_LEASE_EXPIRY_IGNORED } from './bugs.ts';
import { onCopyBlock, onCopyBlockDone, onReplicateBlock } from './ds-replicate.ts';

const BLOCKS_FILE = 'blocks';
const FILES_FILE = 'files';
const WRITE_DEMAND = ratio(1, 2);

/** The master term of an allocation tag (`<ns>:<termNonce>:<id>`). */
const termOf = (tag: string): string => tag.split(':', 2).join(':');

/** The blocks a dataserver's disk holds (block id -> allocation tag): what its boot loads. */
export function blocksOnDisk(disk: DiskContents): Record<string, string> {
  const blocks: Record<string, string> = {};
  for (const r of disk.get(BLOCKS_FILE) ?? []) {
    if (!isRecordIntact(r)) continue;
    const b = r.data as { blockId: number; tag: string; isRemoved?: boolean };
    if (b.isRemoved === true) delete blocks[String(b.blockId)];
    else blocks[String(b.blockId)] = b.tag;
  }
  return blocks;
}

export function bootDs(disk: DiskContents, ctx: Ctx<TfsMsg>, opts: TfsOptions): DsState {
  const blocks = BlockMap.of(blocksOnDisk(disk));
  // Dataservers start at different moments: a random phase keeps their heartbeats and leases apart.
  ctx.setTimer('ds-heartbeat', 1 + ctx.prng.int(opts.dsHeartbeatIntervalUs));
  const leases: Record<string, DsLease> = {};
  // isDsLeaseVipOnly (the seed's picture): no NS leases, the heartbeat and the report go over the VIP connection.
  if (!opts.isDsLeaseVipOnly) for (const ns of NAMESERVERS) leases[ns] = { conn: ctx.connect(ns), isOpen: false, isReportDue: false };
  return { kind: 'ds', conn: ctx.connect(VIP), isConnOpen: false, blocks, collisions: [], isReportDue: false, leases, lease: null, applying: null, applySeq: 0, lastGrant: null, filesWritten: 0, lastWrite: null };
}

/** The nameserver whose lease runs over `connId`, if any. */
const leaseOf = (s: DsState, connId: ConnId): string | undefined => NAMESERVERS.find((ns) => s.leases[ns]?.conn === connId);

/** Replace one lease; isReportDue follows the leases (some NS asked). */
function withLease(s: DsState, ns: string, l: DsLease): DsState {
  const leases = withKey(s.leases, ns, l);
  return patchedDs(s, { leases, isReportDue: NAMESERVERS.some((x) => leases[x]?.isReportDue === true) });
}

/** isDsLeaseVipOnly: the heartbeat, and the report the master asked for, over the VIP connection. */
function beatVip(s: DsState, ctx: Ctx<TfsMsg>): DsState {
  if (s.conn === null || !s.isConnOpen) return s;
  ctx.send(s.conn, resent(DS_HEARTBEAT));
  if (!s.isReportDue) return s;
  ctx.send(s.conn, seal({ type: 'block-report', blocks: s.blocks.ids.slice() }));
  return patchedDs(s, { isReportDue: false });
}

/** The heartbeat tick of every lease: renew with each nameserver, and send the full report one of them asked for. */
function beatLeases(s: DsState, ctx: Ctx<TfsMsg>): DsState {
  let next = s;
  for (const ns of NAMESERVERS) {
    const l = s.leases[ns];
    if (l === undefined || l.conn === null || !l.isOpen) continue;
    ctx.send(l.conn, resent(DS_HEARTBEAT));
    if (!l.isReportDue) continue;
    ctx.send(l.conn, seal({ type: 'block-report', blocks: s.blocks.ids.slice() }));
    next = withLease(next, ns, patched(l, { isReportDue: false }));
  }
  return next;
}

/** The lease runs from when the request left, minus the safe time: the DS gives it up before the master would. */
function onApplyReply(s: DsState, m: Extract<TfsMsg, { type: 'apply-block-reply' }>, from: string, ctx: Ctx<TfsMsg>, opts: TfsOptions): DsState {
  const a = s.applying;
  if (a === null || a.id !== m.id) return s;
  const expiresAtUs = a.sentAtUs + m.leaseUs - opts.dsLeaseSafeTimeUs;
  const remainingUs = expiresAtUs - ctx.nowUs;
  if (m.blockId === null || remainingUs <= 0) return patchedDs(s, { applying: null });
  const seq = (s.lastGrant?.seq ?? 0) + 1;
  ctx.setTimer('lease-expire', remainingUs, { seq });
  return patchedDs(s, { applying: null, lease: { blockId: m.blockId, expiresAtUs }, lastGrant: { seq, blockId: m.blockId, remainingUs, from } });
}

export function handleDs(s: DsState, input: Input<TfsMsg>, ctx: Ctx<TfsMsg>, opts: TfsOptions, bugs: BugSet): DsState {
  switch (input.type) {
    case 'timer':
      if (input.name === 'reconnect') return patchedDs(s, { conn: ctx.connect(VIP), isConnOpen: false });
      if (input.name === 'lease-reconnect') {
        const ns = (input.data as { ns: string }).ns;
        return withLease(s, ns, { conn: ctx.connect(ns), isOpen: false, isReportDue: false });
      }
      if (input.name === 'lease-expire') {
        const seq = (input.data as { seq: number }).seq;
        if (bugs.has(BUG_LEASE_EXPIRY_IGNORED)) return s;
        return s.lease !== null && s.lastGrant?.seq === seq ? patchedDs(s, { lease: null }) : s;
      }
      ctx.setTimer('ds-heartbeat', opts.dsHeartbeatIntervalUs);
      const next = opts.isDsLeaseVipOnly ? beatVip(s, ctx) : beatLeases(s, ctx);
      if (s.conn === null || !s.isConnOpen) return next;
      const isLeaseValid = s.lease !== null && (ctx.nowUs < s.lease.expiresAtUs || bugs.has(BUG_LEASE_EXPIRY_IGNORED));
      // The apply RPC has a timeout (lease_managerv2 calls the NS synchronously): one unanswered for a whole beat is
      // given up (a late reply no longer matches), else a DS whose apply reached a nameserver that stopped itself
      // (role-conflict exit keeps its connections) would never apply again (clean seed 1270291, found by tail-file-written).
      const isApplyPending = s.applying !== null && ctx.nowUs - s.applying.sentAtUs < opts.dsHeartbeatIntervalUs;
      // Without a writable block a DS applies for a block lease (lease_managerv2) when it has data to write: every other beat.
      if (isLeaseValid || isApplyPending || !ctx.prng.chance(WRITE_DEMAND)) return next;
      const id = s.applySeq + 1;
      ctx.send(s.conn, seal({ type: 'apply-block', id }));
      return patchedDs(next, { applySeq: id, applying: { id, sentAtUs: ctx.nowUs }, lease: null });
    case 'conn-opened': {
      const ns = leaseOf(s, input.connId);
      if (ns !== undefined) {
        // Apply for the lease with this nameserver at once; the block report waits until it is asked for.
        ctx.send(input.connId, resent(DS_HEARTBEAT));
        return withLease(s, ns, patched(s.leases[ns]!, { isOpen: true }));
      }
      if (input.connId !== s.conn) return s;
      if (opts.isDsLeaseVipOnly) ctx.send(input.connId, resent(DS_HEARTBEAT));
      return patchedDs(s, { isConnOpen: true });
    }
    case 'conn-closed': {
      const ns = leaseOf(s, input.connId);
      if (ns !== undefined) {
        ctx.setTimer('lease-reconnect', opts.reconnectDelayUs, { ns });
        return withLease(s, ns, { conn: null, isOpen: false, isReportDue: false });
      }
      if (input.connId !== s.conn) return s;
      ctx.setTimer('reconnect', opts.reconnectDelayUs);
      return patchedDs(s, { conn: null, isConnOpen: false, applying: null, ...(opts.isDsLeaseVipOnly ? { isReportDue: false } : {}) });
    }
    case 'message': {
      const m = input.msg;
      if (!isIntact(m)) return s;
      if (m.type === 'ds-heartbeat-reply' && opts.isDsLeaseVipOnly) return m.isReportWanted && !s.isReportDue ? patchedDs(s, { isReportDue: true }) : s;
      if (m.type === 'ds-heartbeat-reply') {
        const ns = input.connId === null ? undefined : leaseOf(s, input.connId);
        const l = ns === undefined ? undefined : s.leases[ns];
        return l !== undefined && m.isReportWanted && !l.isReportDue ? withLease(s, ns!, patched(l, { isReportDue: true })) : s;
      }
      if (m.type === 'apply-block-reply') return onApplyReply(s, m, input.from, ctx, opts);
      if (m.type === 'replicate-block') return onReplicateBlock(s, m, ctx);
      if (m.type === 'copy-block') return onCopyBlock(s, m, ctx, BLOCKS_FILE);
      if (m.type === 'copy-block-done') return onCopyBlockDone(s, m, ctx);
      if (m.type === 'ds-write') {
        // Only the lease holder takes writes, and only while its lease is valid by its own clock.
        const isOk = s.lease !== null && s.lease.blockId === m.blockId && (ctx.nowUs < s.lease.expiresAtUs || bugs.has(BUG_LEASE_EXPIRY_IGNORED));
        ctx.sendDatagram(input.from, seal({ type: 'ds-write-reply', id: m.id, isOk, error: isOk ? null : 'EXIT_NO_LEASE' }));
        if (!isOk) return s;
        ctx.append(FILES_FILE, { blockId: m.blockId, from: input.from, id: m.id });
        return patchedDs(s, { filesWritten: s.filesWritten + 1, lastWrite: { seq: s.filesWritten + 1, blockId: m.blockId } });
      }
      if (m.type === 'remove-block') {
        // RemoveBlockMessageV2: drop the block (a removal record in the blocks file) and any write lease on it.
        if (!s.blocks.has(m.blockId)) return s;
        ctx.append(BLOCKS_FILE, { blockId: m.blockId, isRemoved: true });
        return patchedDs(s, { blocks: s.blocks.without([m.blockId]), lease: s.lease?.blockId === m.blockId ? null : s.lease });
      }
      if (m.type !== 'new-block') return s;
      const old = s.blocks.get(m.blockId);
      if (old === m.tag) return s;
      if (old !== undefined) {
        if (m.tag.includes(':by-id:')) {
          // A block opened by id that the master did not know (not shipped, not yet reported; no discard_newblk window
          // after a late switch): the DS refuses to create a block it holds (EXIT_BLOCK_EXIST). TFS's design hole, not a bug.
          ctx.anomaly('create-by-id-collision', `block ${m.blockId}: held as ${old}, opened by id again as ${m.tag}; refused`);
          return s;
        }
        if (m.mirror !== undefined && m.blockId > m.mirror && termOf(old) !== termOf(m.tag)) {
          // stable-2.5.5's residual window: this term's base came from a Tair value saved before the id was handed
          // out (more than blockIdSkip ids within one save interval, or saves lost): the real design re-issues it.
          // The DS refuses it (EXIT_BLOCK_EXIST), as for any id it holds.
          ctx.anomaly('block-id-reissued', `block ${m.blockId}: held as ${old}, allocated again as ${m.tag} from a Tair value (${m.mirror}) saved before it`);
          return s;
        }
        // EXIT_BLOCK_EXIST: the id was already handed out by another allocation (the DS stands for every replica).
        return patchedDs(s, { collisions: [...s.collisions, `block ${m.blockId}: held as ${old}, allocated again as ${m.tag}`] });
      }
      ctx.append(BLOCKS_FILE, { blockId: m.blockId, tag: m.tag });
      return patchedDs(s, { blocks: s.blocks.with(m.blockId, m.tag) });
    }
    case 'disk-done': return s;
    case 'client': ctx.reply(input.reqId, { ok: false, error: 'not a client node' }); return s;
    default: return unreachable(input);
  }
}

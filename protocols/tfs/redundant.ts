// Redundant-replica cleanup (S15): a block never lists more than max_replication_ servers; a copy beyond that is
// queued for deletion, and the master's redundant thread later logs RELIEVE_RELATION and tells the DS to delete it.
//
// Trunk @0365c90 (taobao TFS, trunk/src/nameserver):
// - BlockCollect holds its servers in an array of max_replication_ slots (block_collect.cpp L64-99 `add`: a full block
//   answers EXIT_INSERT_SERVER_ERROR), so no path lists a block on more servers; a copy beyond that lives only on disk.
// - A block report (block_manager.cpp L400-545 `update_relation`) judges a reported block the DS is not listed on:
//   * under a valid write lease: built while the block has fewer than max_replication_ servers, else
//     EXIT_EXPIRE_SELF_ERROR (L446-460);
//   * otherwise `BlockCollect::check_version` (block_collect.cpp L163-228): versions within VERSION_DIFF (1) and the
//     copies complete (server_size_ == max_replication_, block_collect.h L97-101) → choose_excess_backup_server over
//     the listed servers plus the reporter (server_manager.cpp L614-671); the reporter chosen → EXIT_EXPIRE_SELF_ERROR,
//     else the chosen one is removed from the block ("expires") and the reporter built in its place;
//   * on the master, every expired server and an expire-self reporter go to the delete queue (block_manager.cpp
//     L527-538 `push_to_delete_queue`, only while the block keeps a server).
// - The redundant thread (layout_manager.cpp L797-813 `redundant_`: idle while `in_report_block_time`, up to 256 per
//   pass every 500 ms) runs `build_redundant_` (L1544-1560): `pop_from_delete_queue` (block_manager.cpp L139-165) takes
//   an entry whose block and server exist, whose block keeps at least MIN_REPLICATE (2, or max_replication_ if that
//   is 1) servers and does not list that server; an entry whose block has fewer (but some) servers is pushed back for
//   later. Then `TaskManager::remove_block_from_dataserver_` (task_manager.cpp L411-425) logs BLOCK_OP
//   RELIEVE_RELATION {block, [server]} and posts RemoveBlockMessageV2, not awaited; the DS deletes its copy.
// The queue is master memory (nothing clears it but the admin's clear-system-table; the model's new master starts empty).
import { patchedNs } from './state-patch.ts';
import type { BugSet } from '../../sim/index.ts';
import { OPLOG_TYPE_BLOCK_OP } from './oplog.ts';
import type { NsState } from './state.ts';
import type { TfsOptions } from './options.ts';
import type { NsCtx } from './ns-support.ts';
import { send } from './ns-support.ts';
import { masterMayAct } from './ns-role.ts';
import { logOp } from './ns-oplog.ts';

/** MAX_REDUNDNAT_NUMS (layout_manager.cpp L799): entries one pass of the redundant thread takes at most. */
const REDUNDANT_PER_PASS = 256;

/** A delete-queue entry: `server` holds a copy of `blockId` the master does not want. */
export interface RedundantEntry { readonly blockId: number; readonly server: string }

/** MIN_REPLICATE (block_manager.cpp L147): a cleanup leaves a block at least this many listed servers. */
export const minReplicate = (maxReplication: number): number => (maxReplication > 1 ? 2 : maxReplication);

const dsNumber = (id: string): number => Number(/^ds([0-9]+)$/.exec(id)?.[1] ?? Number.MAX_SAFE_INTEGER);

/**
 * choose_excess_backup_server with the shipped group_mask 255.255.255.255 (ns.conf L35, parameter.cpp L135-138): each
 * dataserver machine is its own group of one, so neither the per-server pass (a group of more than one) nor the
 * biggest-group pass after its first group picks another: the result is the server of the first group, the lowest
 * machine address (GROUP_MAP is ordered by it). Capacity only orders servers within a group. The model's dataservers
 * are one per machine, addressed in the order of their numbers: the lowest-numbered one.
 */
export function excessServer(candidates: readonly string[]): string {
  return [...candidates].sort((a, b) => dsNumber(a) - dsNumber(b))[0]!;
}

/** What a report does with a block `from` holds but is not listed on: the block's new list and a server to delete it from. */
export function judgeUnlisted(servers: readonly string[], from: string, isLeased: boolean, maxReplication: number): { servers: readonly string[]; expire: string | null } {
  if (servers.length < maxReplication) return { servers: [...servers, from].sort(), expire: null };
  // EXIT_EXPIRE_SELF_ERROR under a lease; with copies complete (or beyond: never, the list is capped) the excess one goes.
  const excess = isLeased ? from : excessServer([...servers, from]);
  if (excess === from) return { servers, expire: from };
  return { servers: [...servers.filter((x) => x !== excess), from].sort(), expire: excess };
}

/** A report's path for the blocks `from` lists: build, or swap (and on the master queue) the excess copy (update_relation). */
export function learnReported(s: NsState, from: string, reported: readonly number[], nowUs: number): NsState {
  const cap = s.maxReplication ?? Number.MAX_SAFE_INTEGER;
  const blocks = s.blocks.draft();
  const queued: RedundantEntry[] = [];
  for (const id of reported) {
    const servers = blocks.get(id) ?? [];
    if (servers.includes(from)) continue;
    const lease = s.blockLeases[id];
    const j = judgeUnlisted(servers, from, lease !== undefined && lease.expiresAtUs > nowUs, cap);
    // push_to_delete_queue only on the master (the slave applies reports too: row P25) and while the block keeps a server.
    if (j.expire !== null && servers.length > 0 && s.role === 'master') queued.push({ blockId: id, server: j.expire });
    if (j.servers === servers) continue;
    blocks.set(id, j.servers);
  }
  const edited = blocks.done();
  if (edited === null && queued.length === 0) return s;
  return patchedNs(s, {
    ...(edited !== null ? { blocks: edited } : {}),
    ...(queued.length > 0 ? { deleteQueue: [...(s.deleteQueue ?? []), ...queued] } : {}),
  });
}

/**
 * One pass of the redundant thread on the master, after in_report_block_time (switch_time_ + reportBlockTimeUs): each
 * entry whose block keeps MIN_REPLICATE listed servers without its server is relieved in the oplog and deleted on the
 * DS; a block with fewer keeps its entry; an unknown block or an unregistered server drops it.
 */
export function runRedundant(s0: NsState, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  const queue = s0.deleteQueue ?? [];
  if (queue.length === 0 || s0.role !== 'master' || s0.status !== 'initialized') return s0;
  if (ctx.nowUs < s0.switchTimeUs + opts.reportBlockTimeUs) return s0;
  const min = minReplicate(opts.maxReplication);
  // Only a pass that removes something is a master action (the thread's pops of stale entries change nothing outside).
  // (An unnamed arrow: one bound to a name here is named by an Object.defineProperty at every call under tsx's keepNames.)
  const isAnyDue = queue.some((e) => {
    const listed = s0.blocks.get(e.blockId);
    return listed !== undefined && s0.dsConns[e.server] !== undefined && listed.length >= min && !listed.includes(e.server);
  });
  const [mayAct, s1] = isAnyDue ? masterMayAct(s0, ctx, opts, bugs, 'remove-redundant') : [true, s0] as const;
  if (!mayAct) return s1;
  let s = s1;
  const kept: RedundantEntry[] = [];
  let taken = 0;
  for (const e of queue) {
    if (taken >= REDUNDANT_PER_PASS) { kept.push(e); continue; }
    const listed = s.blocks.get(e.blockId);
    const conn = s.dsConns[e.server];
    if (listed === undefined || conn === undefined) continue;
    if (listed.length < min || listed.includes(e.server)) {
      if (listed.length < min && listed.length > 0) kept.push(e);
      continue;
    }
    taken++;
    s = logOp(s, ctx, opts, OPLOG_TYPE_BLOCK_OP, { kind: 'block-op', cmd: 'relieve', blockId: e.blockId, servers: [e.server] });
    send(ctx, conn, { type: 'remove-block', blockId: e.blockId });
    s = patchedNs(s, { lastRedundant: { atUs: ctx.nowUs, blockId: e.blockId, server: e.server, listed, min, cap: opts.maxReplication } });
  }
  return patchedNs(s, { deleteQueue: kept });
}

// The master's replication: plan a replicate task for a block on fewer than max_replication_ servers, and complete it.
//
// Trunk (layout_manager.cpp L1198-1305, block_collect.cpp L264-283, task.cpp L139-265 @0365c90): the plan thread scans
// for blocks whose server count is below max_replication_ (1 server: emergency), not being written (no valid lease),
// not expired from a failed task and with no task in flight (TaskManager::exist_block); it picks a live source among
// the block's servers and a target that lacks it, neither in a running task, adds a ReplicateTask and sends ReplicateBlockMessage (BEGIN) to the
// source DS. The source copies the block to the target and sends ReplicateBlockMessage (END) to the NS; the master's
// TaskManager::handle(msg, seqno) finds the task by seqno and runs handle_complete: version += VERSION_INC_STEP_REPLICATE,
// build_relation(dest), and logs the message as an OPLOG_TYPE_REPLICATE_MSG record, which a slave replays through the
// same handle_complete (ns-support.ts replicateComplete). Tasks live in master memory only; a task not completed within
// move_task_expired_time_ is dropped and its block waits that long before it is planned again. The rate is trunk's:
// a pass a second, one task per server at a time, at most has_space_in_task_queue_() / max_replication_ per pass
// (planSpace, candidates): with 2 dataservers one copy a second while each task completes within the second.
import { withKey } from '../../sim/index.ts';
import { patchedNs } from './state-patch.ts';
import type { BugSet, NodeId } from '../../sim/index.ts';
import type { TfsMsg } from './messages.ts';
import { OPLOG_TYPE_REPLICATE_MSG } from './oplog.ts';
import type { NsState } from './state.ts';
import type { TfsOptions } from './options.ts';
import type { NsCtx } from './ns-support.ts';
import { replicateComplete, send } from './ns-support.ts';
import { masterMayAct } from './ns-role.ts';
import { logOp } from './ns-oplog.ts';

/**
 * The plan pass: build_ (layout_manager.cpp L584-680 @0365c90) sleeps MIN_SLEEP_TIME_US = 1 s after each pass (L593,
 * L677-678), a constant, not heart_interval_. The model runs the pass on its own 1 s timer (ns.ts 'replicate-plan').
 */
export const PLAN_PASS_US = 1_000_000;

/**
 * How many tasks a pass may build: has_space_in_task_queue_() = registered servers - the task manager's server entries
 * (layout_manager.cpp L1679-1682; TaskManager::size_, task_manager.cpp L427-436: a replicate task enters its source and
 * its target, L103-170), divided by max_replication_ (or by 2 when it is 1; L618-623). With 2 dataservers and
 * max_replication_ 2 that is one task while none runs and none while one runs. Trunk's pass waits (1 ms polls) while
 * the space is not positive; the model's pass then plans nothing and looks again a pass later.
 */
export function planSpace(s: NsState, nowUs: number, opts: TfsOptions): number {
  let entries = 0;
  for (const t of Object.values(s.replicateTasks ?? {})) if (t.expiresAtUs > nowUs) entries += 2;
  const space = Object.keys(s.dsConns).length - entries;
  return space <= 0 ? 0 : Math.floor(space / (opts.maxReplication > 1 ? opts.maxReplication : 2));
}

/**
 * check_copies_complete (block_collect.h L97-101 @0365c90: server_size_ == max_replication_): BlockManager::apply_lease
 * and renew_lease (block_manager.cpp L887, L922) and the writable scan (server_collect.cpp L379, is_writable) grant a
 * write lease only on a block with all its copies. So a block short of copies is never leased and check_replicate's
 * `!has_valid_lease` never holds it back for long. The model used to lease any block the DS held: a block on one DS,
 * its lowest id, was leased again at the DS's next apply after each lease ended, before the next plan pass, and never
 * replicated (clean seed 1510570, block 100101).
 */
export function isCopiesComplete(servers: readonly string[], opts: TfsOptions): boolean {
  return servers.length === opts.maxReplication;
}

/**
 * Blocks below max_replication_ with a free live source and a free live target, at most planSpace of them. A server
 * takes part in one task at a time: choose_replicate_source_server and choose_replicate_target_server
 * (server_manager.cpp L552-583, L884-904 @0365c90) skip a server with TaskManager::exist_server (a source or target
 * entry of a running task; TaskManager::Machine keys each direction's tasks by server, so a second one would fail
 * EXIT_TASK_EXIST_ERROR, task_manager.cpp L31-37). has_space_do_task_in_machine (L378-386: at most
 * max_task_in_machine_nums_ / 2 + 1 = 8 sources, and as many targets, per machine IP) bounds the DS processes of one
 * machine; the model runs one dataserver per machine (each its own address; group_mask 255.255.255.255 makes every
 * address its own lan, S15), so with one task per server that bound never binds and is not modelled.
 * Order: block id from the block after the previous pass's last plan, wrapping (trunk pops its emergency replicate
 * queue front to back, pushing a block it cannot plan to the back, and scan_block_ resumes at block_start): a block
 * whose task keeps failing does not hold the servers every pass ahead of the others. Trunk picks at random among the
 * free servers; the model takes the first free one in address order.
 */
function candidates(s: NsState, nowUs: number, opts: TfsOptions): { blockId: number; source: string; dest: string }[] {
  const live = Object.keys(s.dsConns).sort();
  const tasks = s.replicateTasks ?? {};
  const out: { blockId: number; source: string; dest: string }[] = [];
  let need = planSpace(s, nowUs, opts);
  if (need <= 0) return out;
  const busy = new Set<string>();
  for (const t of Object.values(tasks)) if (t.expiresAtUs > nowUs) { busy.add(t.source); busy.add(t.dest); }
  const ids = s.blocks.ids;
  const from = s.replicateScanFrom ?? 0;
  const start = ids.findIndex((id) => id >= from);
  const ordered = start <= 0 ? ids : [...ids.slice(start), ...ids.slice(0, start)];
  for (const id of ordered) {
    if (need <= 0) break;
    const key = String(id);
    const servers = s.blocks.get(id)!;
    // server_size_ <= 0: "has been lost, do not replicate"; at or above max_replication_: nothing to do.
    if (servers.length === 0 || servers.length >= opts.maxReplication) continue;
    const t = tasks[key];
    if (t !== undefined && t.expiresAtUs > nowUs) continue;
    const lease = s.blockLeases[key];
    if (lease !== undefined && lease.expiresAtUs > nowUs) continue;
    const source = servers.find((x) => live.includes(x) && !busy.has(x));
    const dest = live.find((x) => !servers.includes(x) && !busy.has(x));
    if (source === undefined || dest === undefined) continue;
    busy.add(source);
    busy.add(dest);
    need--;
    out.push({ blockId: id, source, dest });
  }
  return out;
}

/** build_replicate_task_ for every candidate: send ReplicateBlockMessage (BEGIN) to the source DS, remember the task. */
export function planReplicate(s0: NsState, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  if (s0.role !== 'master' || s0.status !== 'initialized' || ctx.nowUs < s0.switchTimeUs) return s0;
  const planned = candidates(s0, ctx.nowUs, opts);
  if (planned.length === 0) return s0;
  const [mayAct, s1] = masterMayAct(s0, ctx, opts, bugs, 'issue-task');
  if (!mayAct) return s1;
  let tasks = s1.replicateTasks ?? {};
  let taskSeq = s1.taskSeq;
  for (const p of planned) {
    taskSeq++;
    send(ctx, s1.dsConns[p.source]!, { type: 'replicate-block', seqno: taskSeq, blockId: p.blockId, source: p.source, dest: p.dest });
    tasks = withKey(tasks, String(p.blockId), { seqno: taskSeq, source: p.source, dest: p.dest, expiresAtUs: ctx.nowUs + opts.replicateTaskExpiredTimeUs });
  }
  const replicateScanFrom = planned[planned.length - 1]!.blockId + 1;
  return patchedNs(s1, { taskSeq, replicateTasks: tasks, replicateScanFrom, lastTask: { atUs: ctx.nowUs, switchTimeUs: s1.switchTimeUs } });
}

type Done = Extract<TfsMsg, { type: 'replicate-block-done' }>;

/**
 * TaskManager::handle on the master: the task with the message's seqno, else EXIT_TASK_NO_EXIST_ERROR and nothing
 * happens (a new master has none of its predecessor's tasks: the destination's block report tells it). On END,
 * handle_complete applies the message (its block, source and destination) and logs it whether or not the relation was
 * built; on FAILURE it does neither. Either way the task is removed (task_manager.cpp L475-530).
 */
export function onReplicateDone(s0: NsState, from: NodeId, m: Done, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  if (s0.role !== 'master' || s0.status !== 'initialized') return s0;
  const key = String(m.blockId);
  const task = s0.replicateTasks?.[key];
  if (task === undefined || task.seqno !== m.seqno) {
    ctx.log(`task ${m.seqno} (block ${m.blockId}) from ${from}: EXIT_TASK_NO_EXIST_ERROR`);
    return s0;
  }
  if (m.isFailed === true) {
    // PLAN_STATUS_FAILURE: handle_complete builds and logs nothing ("complete, but status error"), and handle removes
    // the task, so its servers are free for the next pass.
    ctx.log(`task ${m.seqno} (block ${m.blockId}) from ${from}: status FAILURE, task removed`);
    const rest = { ...(s0.replicateTasks ?? {}) };
    delete rest[key];
    return patchedNs(s0, { replicateTasks: rest });
  }
  const [mayAct, s1] = masterMayAct(s0, ctx, opts, bugs, 'complete-task');
  if (!mayAct) return s1;
  const rest = { ...(s1.replicateTasks ?? {}) };
  delete rest[key];
  // get_server_manager().get(dest): the destination must be a registered (connected) dataserver here.
  const isDestRegistered = s1.dsConns[m.dest] !== undefined;
  const done = isDestRegistered ? replicateComplete(s1, m.blockId, m.source, m.dest, m.isMove) : s1;
  const s = patchedNs(done, { replicateTasks: rest });
  return logOp(s, ctx, opts, OPLOG_TYPE_REPLICATE_MSG, { kind: 'replicate', blockId: m.blockId, source: m.source, dest: m.dest, isMove: m.isMove });
}

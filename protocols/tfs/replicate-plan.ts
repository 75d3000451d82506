// The master's replication: plan a replicate task for a block on fewer than max_replication_ servers, and complete it.
//
// Trunk (layout_manager.cpp L1198-1305, block_collect.cpp L264-283, task.cpp L139-265 @0365c90): the plan thread scans
// for blocks whose server count is below max_replication_ (1 server: emergency), not being written (no valid lease),
// not expired from a failed task and with no task in flight (TaskManager::exist_block); it picks a live source among
// the block's servers and a target that lacks it, adds a ReplicateTask and sends ReplicateBlockMessage (BEGIN) to the
// source DS. The source copies the block to the target and sends ReplicateBlockMessage (END) to the NS; the master's
// TaskManager::handle(msg, seqno) finds the task by seqno and runs handle_complete: version += VERSION_INC_STEP_REPLICATE,
// build_relation(dest), and logs the message as an OPLOG_TYPE_REPLICATE_MSG record, which a slave replays through the
// same handle_complete (ns-support.ts replicateComplete). Tasks live in master memory only; a task not completed within
// move_task_expired_time_ is dropped and its block waits that long before it is planned again.
import { patched, withKey } from '../../sim/index.ts';
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
 * max_task_in_machine_nums_ (parameter.cpp L91, default 14): tasks a dataserver takes part in at once, as source or
 * target (has_space_in_task_queue_ bounds the plan thread by it). The model's plan thread runs once per background pass
 * and fills up to this bound.
 */
export const TASKS_PER_DS = 14;

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

/** Blocks below max_replication_ with a live source and a live target, in block id order. */
function candidates(s: NsState, nowUs: number, opts: TfsOptions): { blockId: number; source: string; dest: string }[] {
  const live = Object.keys(s.dsConns).sort();
  const tasks = s.replicateTasks ?? {};
  const out: { blockId: number; source: string; dest: string }[] = [];
  const busy = new Map<string, number>();
  const take = (ds: string) => busy.set(ds, (busy.get(ds) ?? 0) + 1);
  for (const t of Object.values(tasks)) if (t.expiresAtUs > nowUs) { take(t.source); take(t.dest); }
  const isFree = (ds: string) => (busy.get(ds) ?? 0) < TASKS_PER_DS;
  for (const id of Object.keys(s.blocks).map(Number).sort((a, b) => a - b)) {
    const key = String(id);
    const servers = s.blocks[key]!;
    // server_size_ <= 0: "has been lost, do not replicate"; at or above max_replication_: nothing to do.
    if (servers.length === 0 || servers.length >= opts.maxReplication) continue;
    const t = tasks[key];
    if (t !== undefined && t.expiresAtUs > nowUs) continue;
    const lease = s.blockLeases[key];
    if (lease !== undefined && lease.expiresAtUs > nowUs) continue;
    const source = servers.find((x) => live.includes(x));
    const dest = live.find((x) => !servers.includes(x));
    if (source === undefined || dest === undefined || !isFree(source) || !isFree(dest)) continue;
    take(source);
    take(dest);
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
  return patched(s1, { taskSeq, replicateTasks: tasks, lastTask: { atUs: ctx.nowUs, switchTimeUs: s1.switchTimeUs } });
}

type Done = Extract<TfsMsg, { type: 'replicate-block-done' }>;

/**
 * TaskManager::handle on the master: the task with the message's seqno, else EXIT_TASK_NO_EXIST_ERROR and nothing
 * happens (a new master has none of its predecessor's tasks: the destination's block report tells it). handle_complete
 * applies the message (its block, source and destination) and logs it whether or not the relation was built.
 */
export function onReplicateDone(s0: NsState, from: NodeId, m: Done, ctx: NsCtx, opts: TfsOptions, bugs: BugSet): NsState {
  if (s0.role !== 'master' || s0.status !== 'initialized') return s0;
  const key = String(m.blockId);
  const task = s0.replicateTasks?.[key];
  if (task === undefined || task.seqno !== m.seqno) {
    ctx.log(`task ${m.seqno} (block ${m.blockId}) from ${from}: EXIT_TASK_NO_EXIST_ERROR`);
    return s0;
  }
  const [mayAct, s1] = masterMayAct(s0, ctx, opts, bugs, 'complete-task');
  if (!mayAct) return s1;
  const rest = { ...(s1.replicateTasks ?? {}) };
  delete rest[key];
  // get_server_manager().get(dest): the destination must be a registered (connected) dataserver here.
  const isDestRegistered = s1.dsConns[m.dest] !== undefined;
  const done = isDestRegistered ? replicateComplete(s1, m.blockId, m.source, m.dest, m.isMove) : s1;
  const s = patched(done, { replicateTasks: rest });
  return logOp(s, ctx, opts, OPLOG_TYPE_REPLICATE_MSG, { kind: 'replicate', blockId: m.blockId, source: m.source, dest: m.dest, isMove: m.isMove });
}

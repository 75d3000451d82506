// Dataserver side of a replicate task: the source copies the block to the destination, then reports the task done.
//
// Trunk (dataserver/task.cpp ReplicateTask::handle, report_to_ns L483-587 @0365c90): the source DS takes
// ReplicateBlockMessage (BEGIN) from the master, reads the block and writes it to the destination DS (DS-to-DS), and
// sends ReplicateBlockMessage with the outcome to the nameserver: PLAN_STATUS_END on success, PLAN_STATUS_FAILURE
// (translate_status) when do_replicate failed. The master's TaskManager::handle removes the task on either status
// (nameserver/task_manager.cpp L475-530), so a failed task frees its source and target at once. The model's copy is
// one datagram carrying the block's allocation tag (the block's identity here) and one answer; a lost copy or answer
// leaves the task to expire at the master, which plans the block again (the same destination, which then already
// holds it and answers at once).
import { patchedDs } from './state-patch.ts';
import type { Ctx } from '../../sim/index.ts';
import type { TfsMsg } from './messages.ts';
import { seal } from './messages.ts';
import type { DsState } from './state.ts';

type M<T extends TfsMsg['type']> = Extract<TfsMsg, { type: T }>;

/** ReplicateBlockMessage to the VIP (whichever master holds it now): END, or FAILURE when isFailed. */
function reportToNs(s: DsState, m: { seqno: number; blockId: number; source: string; dest: string }, isFailed: boolean, ctx: Ctx<TfsMsg>): void {
  if (s.conn === null || !s.isConnOpen) return;
  const base = { type: 'replicate-block-done', seqno: m.seqno, blockId: m.blockId, source: m.source, dest: m.dest, isMove: false } as const;
  ctx.send(s.conn, seal(isFailed ? { ...base, isFailed: true } : base));
}

/** Source: copy a block it holds; one it lacks (lost with a damaged disk) fails the task (do_replicate's read fails). */
export function onReplicateBlock(s: DsState, m: M<'replicate-block'>, ctx: Ctx<TfsMsg>): DsState {
  const tag = s.blocks.get(m.blockId);
  if (tag === undefined) { reportToNs(s, m, true, ctx); return s; }
  ctx.sendDatagram(m.dest, seal({ type: 'copy-block', seqno: m.seqno, blockId: m.blockId, tag, source: m.source, dest: m.dest }));
  return s;
}

/** Destination: store the copy (a record in its blocks file, as a created block), then answer the source. */
export function onCopyBlock(s: DsState, m: M<'copy-block'>, ctx: Ctx<TfsMsg>, blocksFile: string): DsState {
  const old = s.blocks.get(m.blockId);
  const answer = { type: 'copy-block-done', seqno: m.seqno, blockId: m.blockId, source: m.source, dest: m.dest } as const;
  // A different block under the same id (an id re-issued across terms) is refused: EXIT_BLOCK_EXIST, a failed copy.
  if (old !== undefined && old !== m.tag) { ctx.sendDatagram(m.source, seal({ ...answer, isFailed: true })); return s; }
  ctx.sendDatagram(m.source, seal(answer));
  if (old !== undefined) return s;
  ctx.append(blocksFile, { blockId: m.blockId, tag: m.tag });
  return patchedDs(s, { blocks: s.blocks.with(m.blockId, m.tag) });
}

/** Source: the copy landed (END) or was refused (FAILURE); report it to the nameserver. */
export function onCopyBlockDone(s: DsState, m: M<'copy-block-done'>, ctx: Ctx<TfsMsg>): DsState {
  reportToNs(s, m, m.isFailed === true, ctx);
  return s;
}

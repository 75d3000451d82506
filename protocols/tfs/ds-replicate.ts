// Dataserver side of a replicate task: the source copies the block to the destination, then reports the task done.
//
// Trunk: the source DS takes ReplicateBlockMessage (BEGIN) from the master, reads the block and writes it to the
// destination DS (DS-to-DS), and on success sends ReplicateBlockMessage with PLAN_STATUS_END to the nameserver. The
// model's copy is one datagram carrying the block's allocation tag (the block's identity here) and one answer; a
// lost copy or answer leaves the task to expire at the master, which plans the block again (the same destination,
// which then already holds it and answers at once).
import { patched, withKey } from '../../sim/index.ts';
import type { Ctx } from '../../sim/index.ts';
import type { TfsMsg } from './messages.ts';
import { seal } from './messages.ts';
import type { DsState } from './state.ts';

type M<T extends TfsMsg['type']> = Extract<TfsMsg, { type: T }>;

/** Source: copy a block it holds; one it lacks (lost with a damaged disk) gets no copy, and the task expires. */
export function onReplicateBlock(s: DsState, m: M<'replicate-block'>, ctx: Ctx<TfsMsg>): DsState {
  const tag = s.blocks[String(m.blockId)];
  if (tag === undefined) return s;
  ctx.sendDatagram(m.dest, seal({ type: 'copy-block', seqno: m.seqno, blockId: m.blockId, tag, source: m.source, dest: m.dest }));
  return s;
}

/** Destination: store the copy (a record in its blocks file, as a created block), then answer the source. */
export function onCopyBlock(s: DsState, m: M<'copy-block'>, ctx: Ctx<TfsMsg>, blocksFile: string): DsState {
  const key = String(m.blockId);
  const old = s.blocks[key];
  // A different block under the same id (an id re-issued across terms) is refused: EXIT_BLOCK_EXIST, no answer.
  if (old !== undefined && old !== m.tag) return s;
  ctx.sendDatagram(m.source, seal({ type: 'copy-block-done', seqno: m.seqno, blockId: m.blockId, source: m.source, dest: m.dest }));
  if (old !== undefined) return s;
  ctx.append(blocksFile, { blockId: m.blockId, tag: m.tag });
  return patched(s, { blocks: withKey(s.blocks, key, m.tag) });
}

/** Source: the copy landed; ReplicateBlockMessage END goes to the VIP (whichever master holds it now). */
export function onCopyBlockDone(s: DsState, m: M<'copy-block-done'>, ctx: Ctx<TfsMsg>): DsState {
  if (s.conn === null || !s.isConnOpen) return s;
  ctx.send(s.conn, seal({ type: 'replicate-block-done', seqno: m.seqno, blockId: m.blockId, source: m.source, dest: m.dest, isMove: false }));
  return s;
}

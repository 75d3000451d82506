// The admin tool's delete-block on the master (client_request_server.cpp@0365c90 handle_control_delete_block, flag BOTH).
import { withoutKeys } from '../../sim/index.ts';
import { patchedNs } from './state-patch.ts';
import type { BugSet, ConnId } from '../../sim/index.ts';
import { OPLOG_TYPE_BLOCK_OP } from './oplog.ts';
import type { NsState } from './state.ts';
import type { TfsOptions } from './options.ts';
import type { NsCtx } from './ns-support.ts';
import { send } from './ns-support.ts';
import { masterMayAct } from './ns-role.ts';
import { logOp } from './ns-oplog.ts';

/**
 * For each server of the block: relieve the relation and remove_block_from_dataserver_ (task_manager.cpp L405-425),
 * which logs BLOCK_OP RELIEVE_RELATION {block, [server]} and posts RemoveBlockMessageV2 without waiting; then the
 * block object leaves the master's block manager. Nothing logs OPLOG_REMOVE, so a slave replaying these records keeps
 * the block with no servers (the real divergence: probe `slave-keeps-deleted-block`). A server the master has no
 * connection to gets no message (the post fails; the real relation would have gone with the server object).
 */
export function deleteBlock(s0: NsState, blockId: number, reqId: number, connId: ConnId, ctx: NsCtx, opts: TfsOptions, bugs: BugSet, fail: (e: string) => void): NsState {
  const servers = s0.blocks.get(blockId);
  if (servers === undefined) { fail('EXIT_BLOCK_NOT_FOUND'); return s0; }
  const [mayAct, s1] = masterMayAct(s0, ctx, opts, bugs, 'delete-block');
  if (!mayAct) { fail('EXIT_ROLE_ERROR'); return s1; }
  let s = s1;
  for (const ds of servers) {
    s = logOp(s, ctx, opts, OPLOG_TYPE_BLOCK_OP, { kind: 'block-op', cmd: 'relieve', blockId, servers: [ds] });
    const conn = s.dsConns[ds];
    if (conn !== undefined) send(ctx, conn, { type: 'remove-block', blockId });
  }
  s = patchedNs(s, { blocks: s.blocks.without([blockId]), blockLeases: withoutKeys(s.blockLeases, [String(blockId)]) });
  send(ctx, connId, { type: 'client-resp', id: reqId, result: { ok: true, blockId, servers: [] } });
  return s;
}

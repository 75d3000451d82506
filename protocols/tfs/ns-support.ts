// Small nameserver helpers shared by the handlers: sends, the ns.meta flush, term nonces, applying replayed block ops.
import type { ConnId, Ctx } from '../../sim/index.ts';
import { unreachable, withKey } from '../../sim/index.ts';
import { patchedNs } from './state-patch.ts';
import type { TfsMsg } from './messages.ts';
import { seal } from './messages.ts';
import type { NsState } from './state.ts';
import type { ReplayEffect } from './oplog.ts';
import type { TfsOptions } from './options.ts';

export type NsCtx = Ctx<TfsMsg>;

/** Files on a nameserver's disk. */
export const QUEUE_FILE = 'filequeue/oplogsync';
export const META_FILE = 'ns.meta';

export const send = (ctx: NsCtx, connId: ConnId, msg: TfsMsg): void => ctx.send(connId, seal(msg));
export const datagram = (ctx: NsCtx, to: string, msg: TfsMsg): void => ctx.sendDatagram(to, seal(msg));

export const newTermNonce = (ctx: NsCtx): string => ctx.prng.uint32().toString(36);

/** BlockIdFactory::flush_: write and fsync the id every blockIdFlushEvery ids. */
export function maybeFlushMeta(s: NsState, ctx: NsCtx, opts: TfsOptions): NsState {
  return patchedNs(s, { flushedBlockId: flushedMetaId(s.globalBlockId, s.flushedBlockId, ctx, opts) });
}

/** maybeFlushMeta for a handler that patches the state itself: the flushedBlockId after it (flushed as a side effect). */
export function flushedMetaId(globalBlockId: number, flushedBlockId: number, ctx: NsCtx, opts: TfsOptions): number {
  if (globalBlockId - flushedBlockId < opts.blockIdFlushEvery) return flushedBlockId;
  ctx.replace(META_FILE, [globalBlockId]);
  ctx.fsync(META_FILE);
  return globalBlockId;
}

/** Apply one replayed record to the block manager and id factory (replay_helper_do_oplog / do_msg). */
export function applyEffect(s: NsState, e: ReplayEffect): NsState {
  switch (e.kind) {
    case 'block': {
      // replay_helper_do_oplog (oplog_sync_manager.cpp): only INSERT raises the id factory and builds relations;
      // UPDATE changes the block's info (no servers here); REMOVE drops the block; RELIEVE drops relations.
      const held = s.blocks.get(e.blockId);
      if (e.cmd === 'insert') {
        // build_relation per server: a block with max_replication_ servers takes no more (BlockCollect::add).
        const list = [...(held ?? [])];
        for (const x of e.servers) if (!list.includes(x) && list.length < (s.maxReplication ?? Number.MAX_SAFE_INTEGER)) list.push(x);
        const blocks = s.blocks.with(e.blockId, list);
        return patchedNs(s, { globalBlockId: Math.max(e.blockId, s.globalBlockId), blocks });
      }
      if (e.cmd === 'remove') return patchedNs(s, { blocks: s.blocks.without([e.blockId]) });
      if (e.cmd === 'relieve' && held !== undefined) return patchedNs(s, { blocks: s.blocks.with(e.blockId, held.filter((x) => !e.servers.includes(x))) });
      return s;
    }
    case 'replicate':
      // TaskManager::handle on a slave: a throwaway ReplicateTask runs handle_complete on the message (task.cpp L209-265).
      return patchedNs(replicateComplete(s, e.blockId, e.source, e.dest, e.isMove), { replayedTasks: s.replayedTasks + 1 });
    case 'compact':
      // CompactTask::handle_complete: block->update(info) (block info is not modelled) and relieve the servers whose
      // compaction failed (the model's compactions never fail): nothing here changes.
      return patchedNs(s, { replayedTasks: s.replayedTasks + 1 });
    default:
      return unreachable(e);
  }
}

/**
 * The server manager's get(id): every dataserver registers with both nameservers (DataServer heartbeats each NS), so a
 * nameserver knows them all; the model names them ds1..dsN. A misparsed or unchecked record's server id is unknown.
 */
export const isKnownServer = (id: string): boolean => /^ds[1-9][0-9]?$/.test(id);

/**
 * ReplicateTask::handle_complete for a PLAN_STATUS_END message, on the master and on a slave's replay alike: with the
 * block and the destination known, a move relieves the source and builds the destination (rebuilding the source if
 * the block would be left on none), a replicate bumps the version by VERSION_INC_STEP_REPLICATE and builds the
 * destination. build_relation adds a relation already there as nothing.
 */
export function replicateComplete(s: NsState, blockId: number, source: string, dest: string, isMove: boolean): NsState {
  const key = String(blockId);
  const held = s.blocks.get(blockId);
  if (held === undefined || !isKnownServer(dest)) return s;
  // build_relation: a block whose copies are complete takes no more servers (BlockCollect::add; redundant.ts).
  if (isMove) {
    const relieved = held.filter((x) => x !== source);
    const moved = withReplica(relieved, dest, s.maxReplication);
    return patchedNs(s, { blocks: s.blocks.with(blockId, moved.length > 0 ? moved : held) });
  }
  const versions = s.blockVersions ?? {};
  return patchedNs(s, {
    blocks: s.blocks.with(blockId, withReplica(held, dest, s.maxReplication)),
    blockVersions: withKey(versions, key, (versions[key] ?? 0) + VERSION_INC_STEP_REPLICATE),
  });
}

/**
 * The list a build_relation leaves: a block with max_replication_ servers takes no more (BlockCollect::add fills one of
 * max_replication_ slots, block_collect.cpp L64-99 @0365c90: EXIT_INSERT_SERVER_ERROR when full). A replicate END for
 * such a block still bumps its version and is logged; the destination keeps an unlisted copy until it reports it.
 */
export const withReplica = (held: readonly string[], dest: string, cap: number | undefined): readonly string[] =>
  held.includes(dest) || held.length >= (cap ?? Number.MAX_SAFE_INTEGER) ? held : [...held, dest].sort();

/** common/internal.h: a replicate bumps the block version by this step. */
export const VERSION_INC_STEP_REPLICATE = 2;

/** Is the slave lease valid in the master's view now? */
export const hasValidSlaveLease = (s: NsState, nowUs: number): boolean => s.slaveLease !== null && nowUs < s.slaveLease.expiresAtUs;

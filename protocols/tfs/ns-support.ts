// Small nameserver helpers shared by the handlers: sends, the ns.meta flush, term nonces, applying replayed block ops.
import type { ConnId, Ctx } from '../../sim/index.ts';
import { unreachable, patched, withKey, withoutKeys } from '../../sim/index.ts';
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
  if (s.globalBlockId - s.flushedBlockId < opts.blockIdFlushEvery) return s;
  ctx.replace(META_FILE, [s.globalBlockId]);
  ctx.fsync(META_FILE);
  return patched(s, { flushedBlockId: s.globalBlockId });
}

/** Apply one replayed record to the block manager and id factory (replay_helper_do_oplog / do_msg). */
export function applyEffect(s: NsState, e: ReplayEffect): NsState {
  switch (e.kind) {
    case 'block': {
      // replay_helper_do_oplog (oplog_sync_manager.cpp): only INSERT raises the id factory and builds relations;
      // UPDATE changes the block's info (no servers here); REMOVE drops the block; RELIEVE drops relations.
      const key = String(e.blockId);
      const held = s.blocks[key];
      if (e.cmd === 'insert') {
        const blocks = withKey(s.blocks, key, [...(held ?? []), ...e.servers.filter((x) => !(held ?? []).includes(x))]);
        return patched(s, { globalBlockId: Math.max(e.blockId, s.globalBlockId), blocks });
      }
      if (e.cmd === 'remove') return patched(s, { blocks: withoutKeys(s.blocks, [key]) });
      if (e.cmd === 'relieve' && held !== undefined) return patched(s, { blocks: withKey(s.blocks, key, held.filter((x) => !e.servers.includes(x))) });
      return s;
    }
    case 'replicate':
    case 'compact':
      return patched(s, { replayedTasks: s.replayedTasks + 1 });
    default:
      return unreachable(e);
  }
}

/** Is the slave lease valid in the master's view now? */
export const hasValidSlaveLease = (s: NsState, nowUs: number): boolean => s.slaveLease !== null && nowUs < s.slaveLease.expiresAtUs;

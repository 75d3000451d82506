// Oplog records (OpLogHeader + body) and OpLogSyncManager::replay_helper: CRC check, then dispatch on type.
import { canonicalJson, crc32, crcOf } from '../../sim/index.ts';

/** Record types as in oplog.h. */
export const OPLOG_TYPE_REPLICATE_MSG = 1;
export const OPLOG_TYPE_COMPACT_MSG = 2;
export const OPLOG_TYPE_BLOCK_OP = 3;

/** BlockOpLog cmd_: OPLOG_INSERT, OPLOG_UPDATE, OPLOG_REMOVE, OPLOG_RELIEVE_RELATION. */
export type BlockCmd = 'insert' | 'update' | 'remove' | 'relieve';

export type OplogBody =
  | { readonly kind: 'block-op'; readonly cmd: BlockCmd; readonly blockId: number; readonly servers: readonly string[] }
  | { readonly kind: 'task'; readonly blockId: number };

export interface OplogHeader {
  readonly seqno: number;
  readonly timeUs: number;
  readonly type: number;
  /** Length of the body's serialized form. */
  readonly length: number;
  /** CRC over seqno, type and body (the real header CRC covers the body bytes only; see README). */
  readonly crc: number;
}

export interface OplogRecord { readonly header: OplogHeader; readonly body: OplogBody }

export const recordCrc = (seqno: unknown, type: unknown, body: unknown): number => crcOf({ seqno, type, body });

export function makeOplogRecord(seqno: number, timeUs: number, type: number, body: OplogBody): OplogRecord {
  return { header: { seqno, timeUs, type, length: canonicalJson(body).length, crc: recordCrc(seqno, type, body) }, body };
}

/** Chain a prefix hash with one more record's content CRC (the slave's prefix check compares these). */
export const chainHash = (prev: number, contentCrc: number): number => crc32(`${prev}|${contentCrc}`);

/** TFS return codes replay_helper can give. */
export type ReplayCode = 'TFS_SUCCESS' | 'EXIT_PARAMETER_ERROR' | 'EXIT_CHECK_CRC_ERROR' | 'EXIT_PLAY_LOG_ERROR';

export type ReplayEffect =
  | { readonly kind: 'block'; readonly cmd: BlockCmd; readonly blockId: number; readonly servers: readonly string[] }
  | { readonly kind: 'replicate' | 'compact'; readonly blockId: number };

export interface ReplayResult {
  readonly code: ReplayCode;
  readonly effect: ReplayEffect | null;
  /** CRC of what would be applied, recomputed from the content (not the header's claim). */
  readonly contentCrc: number;
  readonly seqno: number;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * replay_helper: deserialize the header, check the CRC over the body, then dispatch on the type.
 * `isCrcChecked` false is the tfs/no-crc-check mutation.
 */
export function replayHelper(raw: unknown, isCrcChecked: boolean, hasBlock: (blockId: number) => boolean = () => true): ReplayResult {
  const fail = (code: ReplayCode, seqno = -1, contentCrc = 0): ReplayResult => ({ code, effect: null, contentCrc, seqno });
  if (!isObject(raw) || !isObject(raw['header']) || !isObject(raw['body'])) return fail('EXIT_PARAMETER_ERROR');
  const h = raw['header'];
  const body = raw['body'];
  const seqno = h['seqno'];
  const type = h['type'];
  if (typeof seqno !== 'number' || typeof type !== 'number') return fail('EXIT_PARAMETER_ERROR');
  const contentCrc = recordCrc(seqno, type, body);
  if (isCrcChecked && (h['crc'] !== contentCrc || h['length'] !== canonicalJson(body).length)) return fail('EXIT_CHECK_CRC_ERROR', seqno, contentCrc);
  const blockId = body['blockId'];
  if (typeof blockId !== 'number') return fail('EXIT_PLAY_LOG_ERROR', seqno, contentCrc);
  switch (type) {
    case OPLOG_TYPE_REPLICATE_MSG:
    case OPLOG_TYPE_COMPACT_MSG:
      if (body['kind'] !== 'task') return fail('EXIT_PLAY_LOG_ERROR', seqno, contentCrc);
      return { code: 'TFS_SUCCESS', effect: { kind: type === OPLOG_TYPE_REPLICATE_MSG ? 'replicate' : 'compact', blockId }, contentCrc, seqno };
    case OPLOG_TYPE_BLOCK_OP: {
      const cmd = body['cmd'];
      const servers = body['servers'];
      // replay_helper_do_oplog: server_num_ <= 0 is EXIT_PLAY_LOG_ERROR, as is an unknown cmd_ and an UPDATE of a block
      // the block manager does not hold.
      const isCmd = cmd === 'insert' || cmd === 'update' || cmd === 'remove' || cmd === 'relieve';
      if (body['kind'] !== 'block-op' || !isCmd || !Array.isArray(servers) || servers.length === 0) return fail('EXIT_PLAY_LOG_ERROR', seqno, contentCrc);
      if (cmd === 'update' && !hasBlock(blockId)) return fail('EXIT_PLAY_LOG_ERROR', seqno, contentCrc);
      return { code: 'TFS_SUCCESS', effect: { kind: 'block', cmd, blockId, servers: servers.map(String) }, contentCrc, seqno };
    }
    default:
      // Unknown type: "type: %d not found".
      return fail('EXIT_PLAY_LOG_ERROR', seqno, contentCrc);
  }
}

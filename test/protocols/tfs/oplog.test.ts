// replay_helper over trunk's byte layout: CRC over the body, dispatch on type_, each header field's damage, the prefix hash chain.
import { BlockMap } from '../../../protocols/tfs/block-map.ts';
import { describe, expect, it } from 'vitest';
import { OPLOG_TYPE_BLOCK_OP, OPLOG_TYPE_COMPACT_MSG, OPLOG_TYPE_REPLICATE_MSG, makeOplogRecord, replayHelper } from '../../../protocols/tfs/index.ts';
import { chainHash } from '../../../protocols/tfs/oplog.ts';
import type { BlockCmd, OplogRecord } from '../../../protocols/tfs/oplog.ts';
import { serializeRecords } from '../../../protocols/tfs/oplog.ts';
import { produce } from 'immer';
import { runSimulation } from '../../../sim/index.ts';
import { FAST_OPTIONS, tfsProtocol } from '../../../protocols/tfs/index.ts';
import type { NsState, TfsState } from '../../../protocols/tfs/index.ts';
import { applyEffect } from '../../../protocols/tfs/ns-support.ts';

const insert = makeOplogRecord(7, 1_000, OPLOG_TYPE_BLOCK_OP, { kind: 'block-op', cmd: 'insert', blockId: 100_201, servers: ['ds1', 'ds2'] });
/** One record serialized as trunk's OpLog::write lays it out, optionally with byte `at` changed (as the kernel damages it). */
const bytesOf = (rec: OplogRecord, at = -1, plus = 1): number[] => serializeRecords([rec]).map((b, i) => (i === at ? (b + plus) & 0xff : b));
const play1 = (bytes: readonly number[], isCrcChecked = true) => replayHelper(bytes, bytes.length, 0, isCrcChecked);
// OpLogHeader byte offsets: seqno_ 0-7, time_ 8-11, crc_ 12-15, length_ 16-17, type_ 18, reserve_ 19; body from 20.
const BODY = 20;

describe('tfs: replay_helper', () => {
  it('applies an intact BLOCK_OP insert and ends exactly at the record end', () => {
    const bytes = bytesOf(insert);
    expect(bytes.length).toBe(20 + 1 + 56 + 1 + 2 * 8);
    const r = play1(bytes);
    expect(r.code).toBe('TFS_SUCCESS');
    expect(r.seqno).toBe(7);
    expect(r.effect).toEqual({ kind: 'block', cmd: 'insert', blockId: 100_201, servers: ['ds1', 'ds2'] });
    expect(r.contentCrc).toBe(insert.header.crc);
    expect(r.nextPos).toBe(bytes.length);
    expect(r.isAligned).toBe(true);
  });

  it('dispatches REPLICATE_MSG and COMPACT_MSG to the message replay', () => {
    const replicate = { kind: 'replicate', blockId: 5, source: 'ds1', dest: 'ds2', isMove: false } as const;
    expect(play1(bytesOf(makeOplogRecord(1, 0, OPLOG_TYPE_REPLICATE_MSG, replicate))).effect).toEqual(replicate);
    expect(play1(bytesOf(makeOplogRecord(2, 0, OPLOG_TYPE_COMPACT_MSG, { kind: 'task', blockId: 6 }))).effect).toEqual({ kind: 'compact', blockId: 6 });
  });

  it('stops with EXIT_CHECK_CRC_ERROR when a body byte or crc_ was damaged, and applies nothing', () => {
    for (const at of [BODY, BODY + 3, BODY + 60, 12, 15]) {
      const r = play1(bytesOf(insert, at, 255));
      expect(r.code).toBe('EXIT_CHECK_CRC_ERROR');
      expect(r.effect).toBeNull();
    }
  });

  it('a damaged length_ moves the CRC span: a mismatch, also when it runs past the buffer', () => {
    expect(play1(bytesOf(insert, 16, 255)).code).toBe('EXIT_CHECK_CRC_ERROR');
    expect(play1(bytesOf(insert, 16, 1)).code).toBe('EXIT_CHECK_CRC_ERROR');
    expect(play1(bytesOf(insert, 17, 1)).code).toBe('EXIT_CHECK_CRC_ERROR');
  });

  it('seqno_, time_ and reserve_ lie outside the CRC and replay never reads them: a damaged one changes nothing', () => {
    for (const at of [0, 7, 8, 19]) {
      const r = play1(bytesOf(insert, at, 3));
      expect(r.code).toBe('TFS_SUCCESS');
      expect(r.effect).toEqual(play1(bytesOf(insert)).effect);
      expect(r.isAligned).toBe(true);
    }
  });

  it('a damaged type_ (outside the CRC) naming no type is EXIT_PLAY_LOG_ERROR with pos left after the header', () => {
    const r = play1(bytesOf(insert, 18, 9));
    expect(r.code).toBe('EXIT_PLAY_LOG_ERROR');
    expect(r.nextPos).toBe(BODY);
    expect(r.isAligned).toBe(false);
    const unknown = makeOplogRecord(3, 0, 9, { kind: 'task', blockId: 1 });
    expect(play1(bytesOf(unknown)).code).toBe('EXIT_PLAY_LOG_ERROR');
  });

  it('a damaged type_ naming another valid type plays the body as that type (misread, not aligned)', () => {
    const r = play1(bytesOf(insert, 18, OPLOG_TYPE_REPLICATE_MSG));
    expect(r.code).toBe('TFS_SUCCESS');
    expect(r.effect?.kind).toBe('replicate');
    expect(r.isAligned).toBe(false);
    expect(r.isCrcBad).toBe(false);
  });

  it('answers EXIT_PARAMETER_ERROR for a short header (an empty or consumed buffer) and a short body', () => {
    expect(replayHelper([], 0, 0, true).code).toBe('EXIT_PARAMETER_ERROR');
    expect(replayHelper([], 102, 0, true).code).toBe('EXIT_PARAMETER_ERROR');
    const bytes = bytesOf(insert);
    expect(replayHelper(bytes, bytes.length - 1, 0, false).code).toBe('EXIT_DESERIALIZE_ERROR');
    expect(replayHelper(bytes, BODY, 0, false).code).toBe('EXIT_PARAMETER_ERROR');
  });

  it('without the CRC check (tfs/no-crc-check) applies the damaged record, whose content CRC then differs from its header', () => {
    const r = play1(bytesOf(insert, BODY + 2, 1), false);
    expect(r.code).toBe('TFS_SUCCESS');
    expect(r.isCrcBad).toBe(true);
    expect(r.contentCrc).not.toBe(insert.header.crc);
    expect(r.effect).toEqual({ kind: 'block', cmd: 'insert', blockId: 100_201 + 256, servers: ['ds1', 'ds2'] });
  });

  it('chains prefix hashes so that one different record changes every later hash', () => {
    const a = chainHash(chainHash(0, 1), 2);
    const b = chainHash(chainHash(0, 1), 3);
    expect(a).not.toBe(b);
    expect(chainHash(a, 4)).not.toBe(chainHash(b, 4));
    expect(chainHash(chainHash(0, 1), 2)).toBe(a);
  });
});

// replay_helper_do_oplog's branches (oplog_sync_manager.cpp; FIDELITY S15, gap F2): the workload logs only INSERT, so
// these pin UPDATE, REMOVE and RELIEVE_RELATION as the source plays them.
describe('tfs: replay_helper_do_oplog branches', () => {
  const r = runSimulation({ protocol: tfsProtocol, seed: 3, options: FAST_OPTIONS, faultPhaseUs: 2_000_000, faults: [] });
  const slave = (r.finalStates as Record<string, TfsState>)['ns2'] as NsState;
  const base = produce(slave, (d) => { d.blocks = BlockMap.of({ '500': ['ds1', 'ds2'] }) as never; d.globalBlockId = 600; });
  const op = (cmd: BlockCmd, blockId: number, servers: string[]) => makeOplogRecord(1, 0, OPLOG_TYPE_BLOCK_OP, { kind: 'block-op', cmd, blockId, servers });
  const has = (s: NsState) => (id: number) => s.blocks.has(id);
  const play = (s: NsState, rec: ReturnType<typeof op>) => {
    const bytes = serializeRecords([rec]);
    const res = replayHelper(bytes, bytes.length, 0, true, has(s));
    return { code: res.code, s: res.effect === null ? s : applyEffect(s, res.effect) };
  };

  it('server_num_ <= 0 is EXIT_PLAY_LOG_ERROR', () => {
    expect(play(base, op('insert', 700, [])).code).toBe('EXIT_PLAY_LOG_ERROR');
  });

  it('INSERT raises the id factory and adds relations to the servers the block already has', () => {
    const { code, s } = play(produce(base, (d) => { d.maxReplication = 3; }), op('insert', 500, ['ds2', 'ds3']));
    expect(code).toBe('TFS_SUCCESS');
    expect(s.blocks.get(500)).toEqual(['ds1', 'ds2', 'ds3']);
    // BlockCollect::add has max_replication_ slots: at 2 the block already on ds1, ds2 takes no ds3 (S15, redundant.ts).
    expect(play(base, op('insert', 500, ['ds2', 'ds3'])).s.blocks.get(500)).toEqual(['ds1', 'ds2']);
    expect(play(base, op('insert', 900, ['ds1'])).s.globalBlockId).toBe(900);
  });

  it('UPDATE of a block the manager does not hold is EXIT_PLAY_LOG_ERROR; of one it holds, the relations stay', () => {
    expect(play(base, op('update', 501, ['ds1'])).code).toBe('EXIT_PLAY_LOG_ERROR');
    const { code, s } = play(base, op('update', 500, ['ds3']));
    expect(code).toBe('TFS_SUCCESS');
    expect(s.blocks.get(500)).toEqual(['ds1', 'ds2']);
  });

  it('REMOVE drops the block and leaves the id factory alone', () => {
    const { code, s } = play(base, op('remove', 900, ['ds1']));
    expect(code).toBe('TFS_SUCCESS');
    expect(s.globalBlockId).toBe(600);
    expect(play(base, op('remove', 500, ['ds1'])).s.blocks.get(500)).toBeUndefined();
  });

  it('RELIEVE_RELATION drops the listed servers from the block', () => {
    const { code, s } = play(base, op('relieve', 500, ['ds1']));
    expect(code).toBe('TFS_SUCCESS');
    expect(s.blocks.get(500)).toEqual(['ds2']);
  });
});

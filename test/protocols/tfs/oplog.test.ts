// replay_helper: CRC-checked replay of oplog records, dispatch on the record type, and the prefix hash chain.
import { describe, expect, it } from 'vitest';
import { OPLOG_TYPE_BLOCK_OP, OPLOG_TYPE_COMPACT_MSG, OPLOG_TYPE_REPLICATE_MSG, makeOplogRecord, replayHelper } from '../../../protocols/tfs/index.ts';
import { chainHash } from '../../../protocols/tfs/oplog.ts';
import type { BlockCmd } from '../../../protocols/tfs/oplog.ts';
import { produce } from 'immer';
import { runSimulation } from '../../../sim/index.ts';
import { FAST_OPTIONS, tfsProtocol } from '../../../protocols/tfs/index.ts';
import type { NsState, TfsState } from '../../../protocols/tfs/index.ts';
import { applyEffect } from '../../../protocols/tfs/ns-support.ts';

const insert = makeOplogRecord(7, 1_000, OPLOG_TYPE_BLOCK_OP, { kind: 'block-op', cmd: 'insert', blockId: 100_201, servers: ['ds1', 'ds2'] });

describe('tfs: replay_helper', () => {
  it('applies an intact BLOCK_OP insert', () => {
    const r = replayHelper(insert, true);
    expect(r.code).toBe('TFS_SUCCESS');
    expect(r.seqno).toBe(7);
    expect(r.effect).toEqual({ kind: 'block', cmd: 'insert', blockId: 100_201, servers: ['ds1', 'ds2'] });
    expect(r.contentCrc).toBe(insert.header.crc);
  });

  it('dispatches REPLICATE_MSG and COMPACT_MSG to the message replay', () => {
    expect(replayHelper(makeOplogRecord(1, 0, OPLOG_TYPE_REPLICATE_MSG, { kind: 'task', blockId: 5 }), true).effect).toEqual({ kind: 'replicate', blockId: 5 });
    expect(replayHelper(makeOplogRecord(2, 0, OPLOG_TYPE_COMPACT_MSG, { kind: 'task', blockId: 6 }), true).effect).toEqual({ kind: 'compact', blockId: 6 });
  });

  it('stops with EXIT_CHECK_CRC_ERROR when the body was damaged, and applies nothing', () => {
    const bad = { ...insert, body: { ...insert.body, blockId: 100_202 } };
    const r = replayHelper(bad, true);
    expect(r.code).toBe('EXIT_CHECK_CRC_ERROR');
    expect(r.effect).toBeNull();
  });

  it('catches a damaged seqno or type (covered by the record CRC) and a damaged length', () => {
    expect(replayHelper({ ...insert, header: { ...insert.header, seqno: 8 } }, true).code).toBe('EXIT_CHECK_CRC_ERROR');
    expect(replayHelper({ ...insert, header: { ...insert.header, type: OPLOG_TYPE_REPLICATE_MSG } }, true).code).toBe('EXIT_CHECK_CRC_ERROR');
    expect(replayHelper({ ...insert, header: { ...insert.header, length: insert.header.length + 1 } }, true).code).toBe('EXIT_CHECK_CRC_ERROR');
  });

  it('answers EXIT_PLAY_LOG_ERROR for an unknown type with a valid CRC', () => {
    const unknown = makeOplogRecord(3, 0, 9, { kind: 'task', blockId: 1 });
    expect(replayHelper(unknown, true).code).toBe('EXIT_PLAY_LOG_ERROR');
  });

  it('answers EXIT_PARAMETER_ERROR for something that is not a record', () => {
    expect(replayHelper(null, true).code).toBe('EXIT_PARAMETER_ERROR');
    expect(replayHelper({ header: insert.header, body: null }, true).code).toBe('EXIT_PARAMETER_ERROR');
  });

  it('without the CRC check (tfs/no-crc-check) applies the damaged record, whose content CRC then differs from its header', () => {
    const bad = { ...insert, body: { ...insert.body, blockId: 100_202 } };
    const r = replayHelper(bad, false);
    expect(r.code).toBe('TFS_SUCCESS');
    expect(r.contentCrc).not.toBe(insert.header.crc);
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
  const base = produce(slave, (d) => { d.blocks = { '500': ['ds1', 'ds2'] }; d.globalBlockId = 600; });
  const op = (cmd: BlockCmd, blockId: number, servers: string[]) => makeOplogRecord(1, 0, OPLOG_TYPE_BLOCK_OP, { kind: 'block-op', cmd, blockId, servers });
  const has = (s: NsState) => (id: number) => s.blocks[String(id)] !== undefined;
  const play = (s: NsState, rec: ReturnType<typeof op>) => {
    const res = replayHelper(rec, true, has(s));
    return { code: res.code, s: res.effect === null ? s : applyEffect(s, res.effect) };
  };

  it('server_num_ <= 0 is EXIT_PLAY_LOG_ERROR', () => {
    expect(play(base, op('insert', 700, [])).code).toBe('EXIT_PLAY_LOG_ERROR');
  });

  it('INSERT raises the id factory and adds relations to the servers the block already has', () => {
    const { code, s } = play(base, op('insert', 500, ['ds2', 'ds3']));
    expect(code).toBe('TFS_SUCCESS');
    expect(s.blocks['500']).toEqual(['ds1', 'ds2', 'ds3']);
    expect(play(base, op('insert', 900, ['ds1'])).s.globalBlockId).toBe(900);
  });

  it('UPDATE of a block the manager does not hold is EXIT_PLAY_LOG_ERROR; of one it holds, the relations stay', () => {
    expect(play(base, op('update', 501, ['ds1'])).code).toBe('EXIT_PLAY_LOG_ERROR');
    const { code, s } = play(base, op('update', 500, ['ds3']));
    expect(code).toBe('TFS_SUCCESS');
    expect(s.blocks['500']).toEqual(['ds1', 'ds2']);
  });

  it('REMOVE drops the block and leaves the id factory alone', () => {
    const { code, s } = play(base, op('remove', 900, ['ds1']));
    expect(code).toBe('TFS_SUCCESS');
    expect(s.globalBlockId).toBe(600);
    expect(play(base, op('remove', 500, ['ds1'])).s.blocks['500']).toBeUndefined();
  });

  it('RELIEVE_RELATION drops the listed servers from the block', () => {
    const { code, s } = play(base, op('relieve', 500, ['ds1']));
    expect(code).toBe('TFS_SUCCESS');
    expect(s.blocks['500']).toEqual(['ds2']);
  });
});

// recv_log_'s parse loop over trunk's byte buffer (S11, S13): one damaged byte anywhere in a batch never
// makes the clean slave apply a record its CRC rejects or account a record that is not the master's; each header
// field's damage has its named outcome (type_ outside the CRC: skipped and misaligned, or misread).
import { emptyBlocks } from '../../../protocols/tfs/block-map.ts';
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import type { ConnId, DiskRecord } from '../../../sim/index.ts';
import { runSimulation } from '../../../sim/index.ts';
import { DEFAULT_OPTIONS } from '../../../protocols/tfs/options.ts';
import { FAST_OPTIONS, tfsProtocol } from '../../../protocols/tfs/index.ts';
import type { NsState, TfsState } from '../../../protocols/tfs/index.ts';
import type { NsCtx } from '../../../protocols/tfs/ns-support.ts';
import { onStagedRead } from '../../../protocols/tfs/ns-replay.ts';
import { REPLICATE_BODY_LENGTH } from '../../../protocols/tfs/oplog-bytes.ts';
import type { ReplayTag } from '../../../protocols/tfs/ns-replay.ts';
import { OPLOG_TYPE_BLOCK_OP, OPLOG_TYPE_REPLICATE_MSG, makeOplogRecord, serializeRecords } from '../../../protocols/tfs/oplog.ts';

const LEASE = 'ns1.t.1';
const records = [
  makeOplogRecord(1, 1_000_000, OPLOG_TYPE_BLOCK_OP, { kind: 'block-op', cmd: 'insert', blockId: 100_001, servers: ['ds1', 'ds2', 'ds3'] }),
  makeOplogRecord(2, 1_000_000, OPLOG_TYPE_REPLICATE_MSG, { kind: 'replicate', blockId: 100_001, source: 'ds1', dest: 'ds4', isMove: false }),
  makeOplogRecord(3, 2_000_000, OPLOG_TYPE_BLOCK_OP, { kind: 'block-op', cmd: 'insert', blockId: 100_002, servers: ['ds1', 'ds2', 'ds3'] }),
];
const clean = serializeRecords(records);

const r0 = runSimulation({ protocol: tfsProtocol, seed: 3, options: FAST_OPTIONS, faultPhaseUs: 1_000_000, faults: [] });
const slave = produce((r0.finalStates as Record<string, TfsState>)['ns2'] as NsState, (d) => {
  d.role = 'slave'; d.status = 'initialized'; d.blocks = emptyBlocks() as never; d.globalBlockId = 100_000; d.flushedBlockId = 100_000; d.stagedCount = 1;
  d.applied = { leaseKey: LEASE, count: 0, gapCount: 0, droppedCount: 0, hash: 0, isContiguous: true, lastReplayed: [], masterLoggedCount: 0 };
  d.badCrcApplied = 0; d.crcErrors = 0; d.playLogErrors = 0;
  // The fixture's blocks sit on 3-4 servers: room for them (BlockCollect has max_replication_ slots, S15).
  d.maxReplication = 4;
});
const tag: ReplayTag = { kind: 'replay', index: 0, leaseKey: LEASE, batchId: 1, startSeqno: 1, recordCount: 3, connId: 1 as unknown as ConnId };

/** Replay `data` as the staged batch; the anomalies it reports. */
function replay(data: readonly number[]): { s: NsState; anomalies: string[] } {
  const anomalies: string[] = [];
  const ctx = new Proxy({ nowUs: 0 }, {
    get: (t, k) => (k === 'anomaly' ? (name: string) => anomalies.push(name) : k in t ? (t as Record<string, unknown>)[k as string] : () => 0),
  }) as unknown as NsCtx;
  const disk: DiskRecord[] = [{ data: { leaseKey: LEASE, length: data.length, data }, crc: 0 }];
  return { s: onStagedRead(slave, tag, disk, ctx, DEFAULT_OPTIONS, new Set()), anomalies };
}
const damaged = (at: number, plus: number) => clean.map((b, i) => (i === at ? b + plus : b));
// Header offsets: record 1 (insert, 20 + 82 bytes), record 2 (replicate, 20 + 25), record 3.
const REC2 = 20 + 82;
const REC3 = REC2 + 20 + REPLICATE_BODY_LENGTH;

describe('tfs: recv_log_ over a damaged byte buffer (CRC check on)', () => {
  it('an intact batch replays all three records, in order, as the master logged them', () => {
    const { s, anomalies } = replay(clean);
    expect(anomalies).toEqual([]);
    expect(s.applied!.lastReplayed).toEqual(records.map((r, i) => [i + 1, r.header.crc]));
    // The REPLICATE record (ds1 -> ds4) builds the relation to its destination and bumps the version (handle_complete).
    expect(s.blocks.toJSON()).toEqual({ '100001': ['ds1', 'ds2', 'ds3', 'ds4'], '100002': ['ds1', 'ds2', 'ds3'] });
    expect(s.blockVersions).toEqual({ '100001': 2 });
  });

  it('every byte (four deltas; every delta on each type_): nothing the CRC rejects is applied, every replayed record is the master\'s', () => {
    const seen = new Set<string>();
    const typeBytes = [18, REC2 + 18, REC3 + 18];
    for (let at = 0; at < clean.length; at++) {
      for (const plus of typeBytes.includes(at) ? Array.from({ length: 255 }, (_, i) => i + 1) : [1, 37, 128, 255]) {
        const { s, anomalies } = replay(damaged(at, plus));
        expect(s.badCrcApplied, `byte ${at} +${plus}`).toBe(0);
        for (const [seqno, crc] of s.applied!.lastReplayed) expect(crc, `byte ${at} +${plus}: record ${seqno}`).toBe(records[seqno - 1]!.header.crc);
        // The batch is always answered for in full: replayed or counted dropped.
        expect(s.applied!.count, `byte ${at} +${plus}`).toBe(3);
        for (const a of anomalies) seen.add(a);
      }
    }
    expect([...seen].sort()).toEqual(['oplog-batch-tail-dropped', 'oplog-record-misread', 'oplog-replay-misaligned', 'oplog-unplayable-record-skipped']);
  });

  it('seqno_, time_ and reserve_ are outside the CRC and unread: the batch replays in full', () => {
    for (const at of [0, 5, 8, 11, 19]) expect(replay(damaged(at, 7)).anomalies, `byte ${at}`).toEqual([]);
  });

  it('an unknown type_: the record is skipped, its body parsed as a header fails, the rest of the batch is lost', () => {
    const { s, anomalies } = replay(damaged(18, 9));
    expect(anomalies).toEqual(['oplog-unplayable-record-skipped', 'oplog-replay-misaligned', 'oplog-batch-tail-dropped']);
    expect(s.applied!.lastReplayed).toEqual([]);
    expect(s.applied!.droppedCount).toBe(3);
  });

  it('a type_ turned into another valid type plays the body as that type (misread)', () => {
    const { s, anomalies } = replay(damaged(18, OPLOG_TYPE_REPLICATE_MSG));
    expect(anomalies).toContain('oplog-record-misread');
    expect(s.replayedTasks).toBe(slave.replayedTasks + 1);
    expect(s.blocks.get(100001)).toBeUndefined();
  });

  it('a damaged length_ of the middle record: CRC mismatch there, the first record stays, the tail is dropped', () => {
    const { s, anomalies } = replay(damaged(REC2 + 16, 1));
    expect(anomalies).toEqual(['oplog-batch-tail-dropped']);
    expect(s.applied!.lastReplayed).toEqual([[1, records[0]!.header.crc]]);
    expect(s.crcErrors).toBe(1);
  });

  it('two damaged bytes can make trunk play bytes from inside a record as a record (oplog-misparsed-record-applied)', () => {
    // Record 1's type_ turned into REPLICATE misreads it and misaligns the loop; the first byte of record 2's body then
    // completes a header (crc_ and length_ 0: the CRC of no bytes passes) whose type_ plays what follows. Found by
    // searching every second byte and delta after the three valid type_ damages: this is the one hit.
    const d = clean.map((b, i) => (i === 18 ? b + OPLOG_TYPE_REPLICATE_MSG : i === REC2 + 20 ? b + 98 : b));
    const { anomalies } = replay(d);
    expect(anomalies).toEqual(['oplog-record-misread', 'oplog-replay-misaligned', 'oplog-misparsed-record-applied', 'oplog-batch-tail-dropped']);
  });
});

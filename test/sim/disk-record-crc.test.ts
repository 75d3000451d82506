// Record CRCs are folded on first read and remembered per data object (sim/disk.ts): the remembered CRC must be the one crcOf gives, and a
// record's verdict must still come from comparing it with the CRC the record carries, whatever was remembered.
import { describe, expect, it } from 'vitest';
import { isRecordIntact, makeRecord } from '../../sim/disk.ts';
import { crcOf } from '../../sim/crc32.ts';
import { corruptValue } from '../../sim/corrupt.ts';
import { Prng } from '../../sim/prng.ts';

describe('kernel: disk record CRCs', () => {
  it('gives every record of one data object the CRC crcOf gives, however often it is written', () => {
    const snapshot = { stamp: 7, entries: [{ zxid: 1, txn: { k: 'a', v: 1 } }, { zxid: 2, txn: { k: 'b', v: 2 } }] };
    const a = makeRecord(snapshot);
    const b = makeRecord(snapshot);
    expect(a.crc).toBe(crcOf(snapshot));
    expect(b.crc).toBe(a.crc);
    expect(isRecordIntact(a) && isRecordIntact(b)).toBe(true);
  });

  it('still finds a damaged copy and a record whose CRC does not match its (remembered) data', () => {
    const data = { epoch: 3, log: [1, 2, 3] };
    const good = makeRecord(data);
    const damaged = { data: corruptValue(data, good.crc, new Prng(1, 'disk')), crc: good.crc };
    expect(isRecordIntact(damaged)).toBe(false);
    // The data's CRC is remembered from makeRecord; a record pairing that data with another CRC is still damaged.
    const forged = { data, crc: (good.crc + 1) >>> 0 };
    expect(isRecordIntact(forged)).toBe(false);
    expect(isRecordIntact(good)).toBe(true);
  });

  it('keeps equal contents in different objects equal, and different contents apart', () => {
    expect(makeRecord({ a: 1, b: [2] }).crc).toBe(makeRecord({ b: [2], a: 1 }).crc);
    expect(makeRecord({ a: 1, b: [2] }).crc).not.toBe(makeRecord({ a: 1, b: [3] }).crc);
    expect(makeRecord(5).crc).toBe(crcOf(5));
  });

  it('folds a written record\'s CRC only when read, to the value and the printed text an eager one had', () => {
    const data = { term: 4, entries: [{ k: 'x', v: [1, 2] }], z: null };
    const r = makeRecord(data);
    expect(isRecordIntact(r)).toBe(true);
    expect(r.crc).toBe(crcOf(data));
    expect(JSON.stringify(r)).toBe(JSON.stringify({ data, crc: crcOf(data) }));
    expect(JSON.stringify({ ...r, crc: r.crc })).toBe(JSON.stringify({ data, crc: crcOf(data) }));
  });
});

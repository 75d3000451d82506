// Unit tests for loading an entity from disk: MaxChosenEntry inference, CRC damage → amnesia, interrupted recovery.
import { describe, expect, it } from 'vitest';
import type { DiskContents, DiskRecord } from '../../../sim/index.ts';
import { makeRecord } from '../../../sim/index.ts';
import { loadEntity, plogFile, dbFile } from '../../../protocols/paxosstore/storage.ts';
import { EMPTY_RECORD } from '../../../protocols/paxosstore/record.ts';

const chosen = (id: string) => ({ ...EMPTY_RECORD, promised: 4, accepted: 4, value: { id, key: 'k0', val: 1 }, isChosen: true });
const db = (committed: number, isRecovering = false) => makeRecord({ committed, isRecovering, kv: { k0: committed }, applied: [] });
const disk = (files: Record<string, DiskRecord[]>): DiskContents => new Map(Object.entries(files));

describe('paxosstore: entity load', () => {
  it('infers MaxChosenEntry as MaxPLogEntry - 1 (an entry opens only once the previous one is chosen)', () => {
    const ent = loadEntity('e0', disk({
      [plogFile('e0')]: [makeRecord({ entry: 3, rec: chosen('a') }), makeRecord({ entry: 4, rec: { ...EMPTY_RECORD, prepared: 4, promised: 4 } })],
      [dbFile('e0')]: [db(2)],
    }), 3, 0);
    expect(ent.committed).toBe(2);
    expect(ent.maxCont).toBe(2);
    expect(ent.maxChosen).toBe(3);
    expect(ent.maxPlog).toBe(4);
    expect(ent.amnesia).toBeNull();
    expect(ent.isLoading).toBe(true);
  });
  it('puts the entity in amnesia when a PLog record fails its CRC', () => {
    const torn: DiskRecord = { data: { entry: 1, rec: chosen('x') }, crc: 12345 };
    const ent = loadEntity('e0', disk({ [plogFile('e0')]: [torn], [dbFile('e0')]: [db(0)] }), 3, 1);
    expect(ent.amnesia).toEqual({ fence: null, answered: [], maxSeen: 0, isDbLost: false });
    expect(Object.keys(ent.entries)).toEqual([]);
  });
  it('puts the entity in amnesia when its DB fails its CRC (the committed counter was the only trace of GC\'d votes; seed 886244)', () => {
    const bad: DiskRecord = { data: { committed: 3, isRecovering: false, kv: {}, applied: [] }, crc: 1 };
    const plog = [makeRecord({ entry: 4, rec: { ...EMPTY_RECORD, prepared: 4, promised: 4 } })];
    const ent = loadEntity('e0', disk({ [plogFile('e0')]: plog, [dbFile('e0')]: [bad] }), 3, 2);
    expect(ent.amnesia).toEqual({ fence: null, answered: [], maxSeen: 0, isDbLost: true });
    expect(ent.committed).toBe(0);
    expect(ent.entries[4]?.records[2]?.promised).toBe(4); // the intact PLog's own promises are kept
    expect(loadEntity('e0', disk({ [plogFile('e0')]: plog, [dbFile('e0')]: [db(3)] }), 3, 2).amnesia).toBeNull();
    expect(loadEntity('e0', disk({ [dbFile('e0')]: [db(3, true)] }), 3, 2).amnesia).toBeNull();
  });
  it('restarts the amnesia from an intact DB written while amnesiac (its marker; seed 1702601), and only from that', () => {
    const marked = (isDbLost: boolean) => makeRecord({ committed: 2, isRecovering: false, kv: { k0: 2 }, applied: [], amnesia: { isDbLost } });
    const lost = loadEntity('e0', disk({ [dbFile('e0')]: [marked(true)] }), 3, 1);
    expect(lost.amnesia).toEqual({ fence: null, answered: [], maxSeen: 0, isDbLost: true });
    expect(lost.committed).toBe(2); // the marked DB is intact: loaded as it is
    expect(loadEntity('e0', disk({ [dbFile('e0')]: [marked(false)] }), 3, 1).amnesia).toEqual({ fence: null, answered: [], maxSeen: 0, isDbLost: false });
    // The same DB without the marker, or an older marked record replaced by an unmarked one: no amnesia.
    expect(loadEntity('e0', disk({ [dbFile('e0')]: [db(2)] }), 3, 1).amnesia).toBeNull();
    expect(loadEntity('e0', disk({ [dbFile('e0')]: [marked(true), db(2)] }), 3, 1).amnesia).toBeNull();
  });
  it('loads a DB left mid-GetAllAndSet as it is, recover flag set (Certain 2020 LoadMaxEntry; crash-mid-recovery-pages)', () => {
    const flagged = loadEntity('e0', disk({ [dbFile('e0')]: [db(7, true)] }), 3, 0);
    expect([flagged.committed, flagged.maxCont, flagged.maxChosen]).toEqual([7, 7, 7]);
    expect(flagged.isRecoverFlag).toBe(true);
    expect(flagged.db.kv).toEqual({ k0: 7 }); // the partial KVs stay; the flag keeps them out of service
    expect(flagged.isGetAllPending).toBe(false); // nothing queued yet: the next client command triggers the recovery
    expect(loadEntity('e0', disk({ [dbFile('e0')]: [db(7)] }), 3, 0).isRecoverFlag).toBe(false);
  });
  it('starts the DB empty when it is damaged', () => {
    const bad: DiskRecord = { data: { committed: 7, isRecovering: false, kv: {}, applied: [] }, crc: 1 };
    expect(loadEntity('e0', disk({ [dbFile('e0')]: [bad] }), 3, 0).committed).toBe(0);
    expect(loadEntity('e0', disk({ [dbFile('e0')]: [db(7)] }), 3, 0).committed).toBe(7);
  });
});

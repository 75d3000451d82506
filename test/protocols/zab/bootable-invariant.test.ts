// disk-bootable: history of an epoch newer than the currentEpoch file needs currentEpoch.tmp or the updatingEpoch
// marker beside it, unless a sync of the server taking that epoch wrote it (3.8's window: epoch-crash-window.test.ts);
// it fails on such a disk with no sync behind it, holds on the legal moments, and sees the zk-1653 flag in its scenario
// while the clean protocol passes it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeRecord } from '../../../sim/index.ts';
import type { DiskContents, DiskRecord, NodeId, NodeView, View } from '../../../sim/index.ts';
import { diskBootable } from '../../../protocols/zab/bootable-invariant.ts';
import type { ZabNode } from '../../../protocols/zab/state.ts';
import { EPOCH_UNIT } from '../../../protocols/zab/zxid.ts';
import { cleanVariant, loadScenario, runScenario } from '../../../scenarios/scenario.ts';

const entry = (epoch: number, counter: number) => makeRecord({ zxid: epoch * EPOCH_UNIT + counter, epoch, txn: null });

function viewOf(files: Record<string, DiskRecord[]>): View<ZabNode> {
  const disk: DiskContents = new Map(Object.entries(files));
  const nodes: NodeView<ZabNode>[] = [{ id: 'n1' as NodeId, kind: 'server', isUp: true, isPaused: false, disk, incarnation: 1, state: undefined }];
  return { nowUs: 0, phase: 'faults', nodes, isNetworkHealed: true, aliasHolder: () => null, canConnect: () => true, node: () => nodes[0]! };
}

/** A fresh view each time: nothing remembered from an earlier disk. */
const check = (files: Record<string, DiskRecord[]>): string | null => diskBootable.check(viewOf(files));

describe('zab: disk-bootable', () => {
  it('holds while history and currentEpoch agree, with the marker or currentEpoch.tmp in the window, and on missing files', () => {
    expect(check({ log: [entry(1, 1)], currentEpoch: [makeRecord(1)] })).toBeNull();
    expect(check({ log: [entry(1, 1), entry(2, 1)], currentEpoch: [makeRecord(1)], updatingEpoch: [makeRecord(2)] })).toBeNull();
    expect(check({ log: [entry(1, 1), entry(2, 1)], currentEpoch: [makeRecord(1)], 'currentEpoch.tmp': [makeRecord(2)] })).toBeNull();
    // A tmp beside the same value is a finished rename, not one to recover from.
    expect(check({ log: [entry(1, 1), entry(2, 1)], currentEpoch: [makeRecord(1)], 'currentEpoch.tmp': [makeRecord(1)] })).toMatch(/epoch 2/);
    expect(check({ log: [entry(2, 1)] })).toBeNull();
    // A damaged tail is not replayed: the record of epoch 2 behind it does not count.
    const torn = { ...entry(2, 1), crc: (entry(2, 1).crc + 1) >>> 0 };
    expect(check({ log: [entry(1, 1), torn, entry(2, 2)], currentEpoch: [makeRecord(1)] })).toBeNull();
  });

  it('fails when the new epoch\'s history (log or snapshot stamp) is on disk before currentEpoch, without tmp, marker or sync', () => {
    expect(check({ log: [entry(1, 1), entry(2, 1)], currentEpoch: [makeRecord(1)] })).toMatch(/n1: history reaches epoch 2, currentEpoch file says 1, no currentEpoch.tmp or updatingEpoch marker/);
    expect(check({ snapshot: [makeRecord({ stamp: 2 * EPOCH_UNIT, entries: [] })], currentEpoch: [makeRecord(1)] })).toMatch(/epoch 2/);
  });

  it('judges a disk that changes under one view (remembered damage scans) as a fresh view judges it', () => {
    // Each step appends, damages, truncates or rewrites the log (new arrays, shared record objects, as the disk does);
    // the remembered first-damaged index must give what a plain scan of each array gives. Each step's disk is a new
    // contents map, as sim/disk.ts builds one after every write (DiskContents is read-only: the check remembers the map
    // it last read and re-reads the files only from a new one).
    const op = fc.oneof(
      fc.record({ k: fc.constant('append' as const), epoch: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ k: fc.constant('damage' as const), at: fc.nat() }),
      fc.record({ k: fc.constant('truncate' as const), keep: fc.nat() }),
      fc.record({ k: fc.constant('rewrite' as const), at: fc.nat() }),
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 30 }), fc.integer({ min: 1, max: 2 }), (ops, cur) => {
      let log: DiskRecord[] = [];
      const view = viewOf({});
      let counter = 0;
      for (const o of ops) {
        if (o.k === 'append') log = [...log, entry(o.epoch, ++counter)];
        else if (o.k === 'truncate') log = log.slice(0, o.keep % (log.length + 1));
        else if (log.length > 0) {
          const i = o.at % log.length;
          const r = log[i]!;
          log = log.map((x, j) => (j !== i ? x : o.k === 'damage' ? { ...r, crc: (r.crc + 1) >>> 0 } : makeRecord(r.data)));
        }
        (view.nodes[0] as { disk: DiskContents }).disk = new Map([['currentEpoch', [makeRecord(cur)]], ['log', log]]);
        expect(diskBootable.check(view)).toBe(check({ log, currentEpoch: [makeRecord(cur)] }));
      }
    }), { numRuns: 200 });
  });

  it('sees zk-1653-epoch-crash-window in its bug scenario; the clean protocol passes the same seed', () => {
    const sc = loadScenario('zab/bug-zk-1653-epoch-crash-window');
    expect(runScenario(sc, { seed: 1 }).result.violation?.name).toBe('disk-bootable');
    expect(runScenario(cleanVariant(sc), { seed: 1 }).result.verdict).toBe('pass');
  });
});

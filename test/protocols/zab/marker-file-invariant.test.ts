// marker-only-when-marked: with option isUpdatingEpochMarked off (3.8) a disk never holds updatingEpoch; with the
// option on the marker is legal. A planted marker on a 3.8 disk fails it; clean scenarios of both settings pass.
import { describe, expect, it } from 'vitest';
import { makeRecord } from '../../../sim/index.ts';
import type { DiskContents, DiskRecord, NodeId, NodeView, View } from '../../../sim/index.ts';
import { markerOnlyWhenMarked } from '../../../protocols/zab/marker-file-invariant.ts';
import { ZAB_INVARIANTS } from '../../../protocols/zab/invariants.ts';
import type { ZabNode } from '../../../protocols/zab/state.ts';
import { loadScenario, runScenario } from '../../../scenarios/scenario.ts';

function viewOf(files: Record<string, DiskRecord[]>, options?: object): View<ZabNode> {
  const disk: DiskContents = new Map(Object.entries(files));
  const nodes: NodeView<ZabNode>[] = [
    { id: 'n1' as NodeId, kind: 'participant', isUp: true, isPaused: false, disk: new Map(), incarnation: 1, state: undefined },
    { id: 'n2' as NodeId, kind: 'participant', isUp: false, isPaused: false, disk, incarnation: 1, state: undefined },
  ];
  return { nowUs: 0, phase: 'faults', nodes, isNetworkHealed: true, aliasHolder: () => null, canConnect: () => true, node: (id) => nodes.find((n) => n.id === id)!, ...(options !== undefined ? { options } : {}) };
}

const marked = { log: [makeRecord({ zxid: 1, epoch: 1, txn: null })], currentEpoch: [makeRecord(1)], updatingEpoch: [makeRecord(2)] };
const unmarked = { log: [makeRecord({ zxid: 1, epoch: 1, txn: null })], currentEpoch: [makeRecord(1)] };

describe('zab: marker-only-when-marked', () => {
  it('is one of the invariants every run checks', () => {
    expect(ZAB_INVARIANTS).toContain(markerOnlyWhenMarked);
  });

  it('fails a 3.8 disk (option off, or no options: the default) holding updatingEpoch, even on a down server', () => {
    expect(markerOnlyWhenMarked.check(viewOf(marked, { isUpdatingEpochMarked: false }))).toMatch(/^n2: an updatingEpoch file is on disk \(1 record\) with option isUpdatingEpochMarked off/);
    expect(markerOnlyWhenMarked.check(viewOf(marked))).toMatch(/^n2: an updatingEpoch file/);
  });

  it('holds with the option on, and on a 3.8 disk without the marker', () => {
    expect(markerOnlyWhenMarked.check(viewOf(marked, { isUpdatingEpochMarked: true }))).toBeNull();
    expect(markerOnlyWhenMarked.check(viewOf(unmarked, { isUpdatingEpochMarked: false }))).toBeNull();
  });

  it('clean scenarios of both settings pass: 3.8\'s crash window (no marker) and the same schedule with the marker', () => {
    for (const name of ['zab/epoch-crash-window-unbootable', 'zab/epoch-crash-window-marked']) {
      const o = runScenario(loadScenario(name), { seed: 1 });
      expect(o.result.violation).toBeNull();
    }
  });
});

// ZAB S4, the epoch crash window: boot's three behaviours (3.8 recovers from currentEpoch.tmp and refuses without it,
// counting the anomaly; 3.4.6's marker under option isUpdatingEpochMarked; 3.4.5 under the zk-1653 flag refuses even
// with the tmp), and disk-bootable's excuse, which takes only the exact cause: the disk's newer history written by a
// sync of this server taking that epoch, before its currentEpoch.tmp.
import { describe, expect, it } from 'vitest';
import { makeRecord } from '../../../sim/index.ts';
import type { Ctx, DiskContents, DiskRecord, NodeId, NodeView, View } from '../../../sim/index.ts';
import type { ZabMsg } from '../../../protocols/zab/messages.ts';
import type { LearnerRole, ZabNode } from '../../../protocols/zab/state.ts';
import { bootNode, EPOCH_CRASH_WINDOW_UNBOOTABLE } from '../../../protocols/zab/boot.ts';
import { diskBootable } from '../../../protocols/zab/bootable-invariant.ts';
import { BUG } from '../../../protocols/zab/bugs.ts';
import { DEFAULT_ZAB_OPTIONS } from '../../../protocols/zab/options.ts';
import { EPOCH_UNIT } from '../../../protocols/zab/zxid.ts';

const entry = (epoch: number, counter: number): DiskRecord => makeRecord({ zxid: epoch * EPOCH_UNIT + counter, epoch, txn: null, origin: null });
const num = (v: number): DiskRecord[] => [makeRecord(v)];

/** A ctx that records boot's disk ops and anomalies (boot uses nothing else). */
function recordingCtx(): { ctx: Ctx<ZabMsg>; ops: string[]; anomalies: string[] } {
  const ops: string[] = [];
  const anomalies: string[] = [];
  const ctx = {
    self: 'n1', nowUs: 0,
    replace: (f: string, d: readonly unknown[]) => { ops.push(`replace ${f} ${JSON.stringify(d)}`); return 0; },
    fsync: (f: string) => { ops.push(`fsync ${f}`); return 0; },
    deleteFile: (f: string) => { ops.push(`delete ${f}`); return 0; },
    truncate: (f: string, k: number) => { ops.push(`truncate ${f} ${k}`); return 0; },
    append: (f: string) => { ops.push(`append ${f}`); return 0; },
    log: () => undefined,
    anomaly: (name: string) => { anomalies.push(name); },
  } as unknown as Ctx<ZabMsg>;
  return { ctx, ops, anomalies };
}

/** History of epoch 2 (a NEWLEADER snapshot stamped 2:0 over an epoch-1 txn), currentEpoch 1, acceptedEpoch 2. */
const windowDisk = (extra: Record<string, DiskRecord[]> = {}): Record<string, DiskRecord[]> => ({
  snapshot: [makeRecord({ stamp: 2 * EPOCH_UNIT, entries: [entry(1, 1).data] })], currentEpoch: num(1), acceptedEpoch: num(2), ...extra,
});

function boot(files: Record<string, DiskRecord[]>, opts: Partial<typeof DEFAULT_ZAB_OPTIONS> = {}, bugs: string[] = []) {
  const r = recordingCtx();
  const s = bootNode({ id: 'n1' as NodeId, kind: 'participant' }, new Map(Object.entries(files)), { ctx: r.ctx, opts: { ...DEFAULT_ZAB_OPTIONS, ...opts }, bugs: new Set(bugs) });
  return { s, ops: r.ops, anomalies: r.anomalies };
}

describe('zab: boot in the epoch crash window (QuorumPeer.loadDataBase)', () => {
  it('3.8 (default): currentEpoch.tmp there → setCurrentEpoch(its value), tmp-fsync-rename, and the server starts', () => {
    const b = boot(windowDisk({ 'currentEpoch.tmp': num(2) }));
    expect(b.s.bootError).toBeNull();
    expect(b.s.currentEpoch).toBe(2);
    expect(b.ops).toEqual(['replace currentEpoch.tmp [2]', 'fsync currentEpoch.tmp', 'replace currentEpoch [2]', 'fsync currentEpoch', 'delete currentEpoch.tmp']);
    expect(b.anomalies).toEqual([]);
  });

  it('3.8 (default): no currentEpoch.tmp → refuses to start and counts epoch-crash-window-unbootable; a marker is not read', () => {
    for (const extra of [{}, { updatingEpoch: num(2) }]) {
      const b = boot(windowDisk(extra));
      expect(b.s.bootError).toMatch(/current epoch, 1, is older than the last zxid's epoch, 2/);
      expect(b.anomalies).toEqual([EPOCH_CRASH_WINDOW_UNBOOTABLE]);
      expect(b.ops).toEqual([]);
    }
  });

  it('option isUpdatingEpochMarked (3.4.6): the marker → the epoch of the last zxid, the marker deleted, the server starts', () => {
    const b = boot(windowDisk({ updatingEpoch: num(2) }), { isUpdatingEpochMarked: true });
    expect(b.s.bootError).toBeNull();
    expect(b.s.currentEpoch).toBe(2);
    expect(b.ops.slice(-1)).toEqual(['delete updatingEpoch']);
    expect(b.anomalies).toEqual([]);
  });

  it('flag zk-1653 (3.4.5): refuses even with currentEpoch.tmp (and the marker, with the option on), and counts no anomaly', () => {
    const b = boot(windowDisk({ 'currentEpoch.tmp': num(2), updatingEpoch: num(2) }), { isUpdatingEpochMarked: true }, [BUG.epochCrashWindow]);
    expect(b.s.bootError).toMatch(/older than the last zxid's epoch/);
    expect(b.anomalies).toEqual([]);
  });

  it('a tmp holding the value already under the name is a finished rename: deleted, not recovered from', () => {
    const b = boot(windowDisk({ 'currentEpoch.tmp': num(1) }));
    expect(b.s.bootError).not.toBeNull();
    expect(b.ops).toEqual(['delete currentEpoch.tmp']);
    expect(b.anomalies).toEqual([EPOCH_CRASH_WINDOW_UNBOOTABLE]);
  });
});

/** One run's view of n1: each `at` installs its disk, state and incarnation (down when state is undefined) and checks. */
function runOf(options?: Partial<typeof DEFAULT_ZAB_OPTIONS>) {
  let node: NodeView<ZabNode>;
  const view = {
    options: options === undefined ? undefined : { ...DEFAULT_ZAB_OPTIONS, ...options },
    nowUs: 0, phase: 'faults', isNetworkHealed: true, aliasHolder: () => null, canConnect: () => true,
    get nodes() { return [node]; }, node: () => node,
  } as unknown as View<ZabNode>;
  return (files: Record<string, DiskRecord[]>, state: ZabNode | undefined, incarnation: number): string | null => {
    const disk: DiskContents = new Map(Object.entries(files));
    node = { id: 'n1' as NodeId, kind: 'participant', isUp: state !== undefined, isPaused: false, disk, incarnation, state };
    return diskBootable.check(view);
  };
}

const base = boot({ log: [entry(1, 1)], currentEpoch: num(1), acceptedEpoch: num(1) }).s;
const withRole = (step: LearnerRole['step'], newEpoch: number, isEpochTaken = false): ZabNode => ({
  ...base, role: { type: 'learner', leader: 'n3' as NodeId, connId: null, attempts: 1, newEpoch, step, syncMode: 'trunc', buffered: [], committedZxids: [], lastHeardUs: 0, timeoutTimer: null, connectStartUs: 0, isEpochTaken, pendingSyncs: {} } as LearnerRole,
});
const refused = boot(windowDisk()).s;
const before = { log: [entry(1, 1)], currentEpoch: num(1), acceptedEpoch: num(2) };

describe('zab: disk-bootable excuses the epoch crash window by its exact cause only', () => {
  it('excused: the window written by a sync taking epoch 2, then the crash, then the refused boot', () => {
    const at = runOf();
    expect(at(before, withRole('sync', 2), 1)).toBeNull();
    expect(at(windowDisk(), withRole('newleader', 2), 1)).toBeNull();
    expect(at(windowDisk(), undefined, 1)).toBeNull();
    expect(at(windowDisk(), refused, 2)).toBeNull();
  });

  it('not excused: the same disk with no sync of this server taking epoch 2 (a follower already synced, never in one)', () => {
    expect(runOf()(windowDisk(), withRole('uptodate', 2, true), 1)).toMatch(/n1: history reaches epoch 2, currentEpoch file says 1, no currentEpoch.tmp or updatingEpoch marker, and no sync/);
    expect(runOf()(windowDisk(), undefined, 1)).toMatch(/no sync of this server was taking epoch 2 \(none\)/);
  });

  it('not excused: history newer than the epoch the sync was taking, or a window after that epoch was taken on disk', () => {
    const at = runOf();
    expect(at(before, withRole('sync', 2), 1)).toBeNull();
    expect(at({ ...windowDisk(), log: [entry(3, 1)] }, withRole('newleader', 2), 1)).toMatch(/epoch 3.*its sync took 2/);
    const later = runOf();
    expect(later(before, withRole('newleader', 2), 1)).toBeNull();
    expect(later({ ...before, currentEpoch: num(2) }, withRole('acked', 2, true), 1)).toBeNull();
    expect(later({ ...windowDisk(), log: [entry(3, 1)], currentEpoch: num(2), acceptedEpoch: num(3) }, withRole('uptodate', 2, true), 1)).toMatch(/epoch 3, currentEpoch file says 2.*\(none\)/);
  });

  it('a refusal with currentEpoch.tmp on disk is a violation even after an excused sync (the zk-1653 flag\'s boot)', () => {
    const at = runOf();
    expect(at(before, withRole('newleader', 2), 1)).toBeNull();
    expect(at(windowDisk({ 'currentEpoch.tmp': num(2) }), undefined, 1)).toBeNull();
    expect(at(windowDisk({ 'currentEpoch.tmp': num(2) }), refused, 2)).toMatch(/n1: refused to start with currentEpoch.tmp \(2\) on disk/);
  });
});

describe('zab: with option isUpdatingEpochMarked (3.4.6) the window is closed, so the excuse is void', () => {
  it('clean: the sync writes the marker before the NEWLEADER snapshot, so the window disk has it beside the history', () => {
    const at = runOf({ isUpdatingEpochMarked: true });
    expect(at({ ...before, updatingEpoch: num(2) }, withRole('sync', 2), 1)).toBeNull();
    expect(at(windowDisk({ updatingEpoch: num(2) }), withRole('newleader', 2), 1)).toBeNull();
    expect(at(windowDisk({ updatingEpoch: num(2) }), undefined, 1)).toBeNull();
  });

  it('planted slip (the mutant learner-sync.ts:89 isMarkerOn -> false): the sync takes epoch 2 with no marker, and fails', () => {
    const at = runOf({ isUpdatingEpochMarked: true });
    expect(at(before, withRole('sync', 2), 1)).toBeNull();
    const why = at(windowDisk(), withRole('newleader', 2), 1);
    expect(why).toMatch(/history reaches epoch 2, currentEpoch file says 1, no currentEpoch.tmp or updatingEpoch marker/);
    // The message names the option as the reason, not a missing sync (this server's sync was taking epoch 2).
    expect(why).toMatch(/option isUpdatingEpochMarked is on/);
    expect(why).not.toMatch(/no sync of this server/);
  });

  it('the same slip with the option off (3.8) is the excused window', () => {
    const at = runOf({ isUpdatingEpochMarked: false });
    expect(at(before, withRole('sync', 2), 1)).toBeNull();
    expect(at(windowDisk(), withRole('newleader', 2), 1)).toBeNull();
  });
});

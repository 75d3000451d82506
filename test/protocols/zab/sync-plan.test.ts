// LearnerHandler.syncFollower's decision tree (ZooKeeper 3.8.4), branch by branch, on hand-built leader databases.
import { describe, expect, it } from 'vitest';
import { extend, makeZxid, planSync } from '../../../protocols/zab/index.ts';
import type { LeaderDb } from '../../../protocols/zab/index.ts';

const hist = (...zs: [number, number][]) =>
  extend([], zs.map(([e, c]) => ({ zxid: makeZxid(e, c), epoch: e, txn: { kind: 'create' as const, path: `/${e}.${c}`, value: c }, origin: null })));
const z = makeZxid;
/** A leader that loaded history h from its log (no snapshot), everything in its tree, committedLog = the whole log. */
const db = (h: ReturnType<typeof hist>, more: Partial<LeaderDb> = {}): LeaderDb =>
  ({ history: h, committedEnd: h.length, lastProcessedZxid: h[h.length - 1]?.zxid ?? 0, committedLogStart: 0, logStart: 0, logEnd: h.length, txnLogSizeLimit: 0, ...more });
const flags = { commitLogCount: 500, isForceSnap: false, isDiffAlways: false };
const zx = (d: LeaderDb, idx: readonly number[]) => idx.map((i) => d.history[i]!.zxid);

describe('zab: syncFollower decision tree', () => {
  const h = hist([7, 1], [7, 2], [7, 3], [8, 1]);
  it('forceSnapSync: SNAP whatever the learner has', () => {
    expect(planSync(db(h), z(8, 1), { ...flags, isForceSnap: true }).branch).toBe('force-snap');
  });
  it('lastProcessedZxid == peer: an empty DIFF', () => {
    expect(planSync(db(h), z(8, 1), flags)).toMatchObject({ mode: 'diff', zxid: z(8, 1), queue: [], branch: 'in-sync' });
  });
  it('peer beyond maxCommittedLog (not a new-epoch zxid): TRUNC to maxCommittedLog, even across epochs', () => {
    expect(planSync(db(h), z(8, 5), flags)).toMatchObject({ mode: 'trunc', zxid: z(8, 1), branch: 'trunc-ahead' });
    expect(planSync(db(h), z(9, 2), flags)).toMatchObject({ mode: 'trunc', zxid: z(8, 1), branch: 'trunc-ahead' });
  });
  it('peer within the committedLog: DIFF of what follows it, with maxCommittedLog in the DIFF', () => {
    const d = db(h);
    const p = planSync(d, z(7, 2), flags);
    expect(p).toMatchObject({ mode: 'diff', zxid: z(8, 1), branch: 'committed-log', currentZxid: z(8, 1) });
    expect(zx(d, p.queue)).toEqual([z(7, 3), z(8, 1)]);
  });
  it('a txn the leader lacks, next leader txn in the same epoch: TRUNC to the previous one, then the rest (TRUNC+DIFF)', () => {
    const d = db(hist([7, 1], [7, 2], [7, 4], [7, 5]));
    const p = planSync(d, z(7, 3), flags);
    expect(p).toMatchObject({ mode: 'trunc', zxid: z(7, 2), branch: 'committed-log' });
    expect(zx(d, p.queue)).toEqual([z(7, 4), z(7, 5)]);
  });
  it('a txn the leader lacks, next leader txn in a newer epoch: no TRUNC across the epoch, SNAP (testHighestZxidJoinLate on 3.8)', () => {
    expect(planSync(db(h), z(7, 4), flags)).toMatchObject({ mode: 'snap', branch: 'cross-epoch-snap' });
    // ZOOKEEPER-1154 (pre-fix): DIFF, so the learner keeps 7:4 under 8:1.
    expect(planSync(db(h), z(7, 4), { ...flags, isDiffAlways: true })).toMatchObject({ mode: 'diff', branch: 'committed-log' });
  });
  it('a new-epoch zxid (epoch:0) inside the committedLog: DIFF of everything after it', () => {
    const d = db(hist([7, 1], [8, 1], [8, 2]));
    const p = planSync(d, z(8, 0), flags);
    expect(p).toMatchObject({ mode: 'diff', branch: 'committed-log' });
    expect(zx(d, p.queue)).toEqual([z(8, 1), z(8, 2)]);
  });
  it('a new-epoch zxid beyond everything the leader has: the unhandled case, SNAP', () => {
    expect(planSync(db(h), z(9, 0), flags)).toMatchObject({ mode: 'snap', branch: 'unhandled-snap' });
  });
  describe('learner older than the committedLog', () => {
    const long = hist([7, 1], [7, 2], [7, 3], [7, 4], [7, 5], [7, 6]);
    const small = { ...flags, commitLogCount: 1 }; // committedLog = 7:5, 7:6
    it('DIFF from the on-disk txn log, then the committedLog', () => {
      const d = db(long);
      const p = planSync(d, z(7, 2), small);
      expect(p).toMatchObject({ mode: 'diff', zxid: z(7, 6), branch: 'txn-log' });
      expect(zx(d, p.queue)).toEqual([z(7, 3), z(7, 4), z(7, 5), z(7, 6)]);
    });
    it('SNAP when the log from the learner\'s zxid on (5 records here) exceeds snapshotSizeFactor of the snapshot', () => {
      expect(planSync(db(long, { txnLogSizeLimit: 4 }), z(7, 2), small)).toMatchObject({ mode: 'snap', branch: 'txn-log-too-big' });
      expect(planSync(db(long, { txnLogSizeLimit: 5 }), z(7, 2), small).branch).toBe('txn-log');
    });
    it('SNAP when the txn log does not hold exactly the learner\'s zxid (it starts later, or the learner has a txn we lack)', () => {
      expect(planSync(db(long, { logStart: 3 }), z(7, 2), small)).toMatchObject({ mode: 'snap', branch: 'txn-log-miss' });
      expect(planSync(db(hist([7, 1], [7, 3], [7, 4], [7, 5])), z(7, 2), small)).toMatchObject({ mode: 'snap', branch: 'txn-log-miss' });
    });
    it('SNAP when txn-log sync is disabled (snapshotSizeFactor < 0)', () => {
      expect(planSync(db(long, { txnLogSizeLimit: -1 }), z(7, 2), small)).toMatchObject({ mode: 'snap', branch: 'no-txn-log-snap' });
    });
    it('SNAP on a gap between the end of the txn log and the start of the committedLog', () => {
      // The txn log ends (lost files) before minCommittedLog: queueing from the log stops short of it.
      expect(planSync(db(long, { logEnd: 3 }), z(7, 2), small)).toMatchObject({ mode: 'snap', branch: 'txn-log-gap' });
    });
  });
  it('after establishment: SNAP carries lastProcessedZxid epoch:0 until the first commit of the epoch; outstanding proposals follow', () => {
    const d = db(hist([7, 1], [7, 2], [8, 1]), { committedEnd: 2, lastProcessedZxid: z(8, 0) });
    const p = planSync(d, z(6, 1), { ...flags, isForceSnap: true });
    expect(p).toMatchObject({ mode: 'snap', zxid: z(8, 0), currentZxid: z(8, 0) });
    // The learner at 7:2 gets an empty DIFF from the committedLog; 8:1 is forwarded as an outstanding proposal.
    expect(planSync(d, z(7, 2), flags)).toMatchObject({ mode: 'diff', zxid: z(7, 2), queue: [], currentZxid: z(7, 2) });
  });
});

// The bootable-disk invariant: at every moment a server's disk (what a process crash keeps) is one it can start from,
// as ZooKeeper 3.8's loadDataBase judges it: if its history's last zxid is of a newer epoch than the currentEpoch file,
// currentEpoch.tmp is there (3.8 recovers from it) or 3.4.6's updatingEpoch marker is (option isUpdatingEpochMarked),
// or else the disk is 3.8's own crash window: written by a sync of this server taking that epoch, before its
// currentEpoch.tmp (epoch-window-excuse.ts; a crash then is the counted anomaly epoch-crash-window-unbootable). And a
// server refuses to start only from a disk 3.8 refuses: never with currentEpoch.tmp there (the zk-1653 flag, 3.4.5).
// Without the first half the mutant `if (isMarked)` → `if (false)` (no marker on the DIFF path) passed every clean
// campaign when the marker was the default: the crash window it opens is narrow, and only a crash inside it shows.
import type { DiskContents, DiskRecord, Invariant, NodeView, View } from '../../sim/index.ts';
import { isRecordIntact, NodeMemory, nodeInvariant } from '../../sim/index.ts';
import type { ZabNode } from './state.ts';
import type { SnapshotRecord } from './persist.ts';
import { FILE, tmpOf } from './persist.ts';
import { epochBeingTaken, excusedWindowEpoch, isMarkerOptionOn } from './epoch-window-excuse.ts';
import type { WireEntry } from './zxid.ts';
import { epochOf } from './zxid.ts';

/**
 * The index of the first damaged record of `recs` (its length when none): boot replays up to it (boot.ts
 * intactPrefix); read here on its own, so a slip there shows. `prev` is an earlier array of the same file and `prevBad`
 * its answer: file arrays are immutable and an append copies the old records over, so the prefix both share (same record
 * objects) is not asked again. Every record from there on is asked, in order, as a plain scan would.
 */
function firstDamaged(recs: readonly DiskRecord[], prev: readonly DiskRecord[] | undefined, prevBad: number): number {
  let k = 0;
  if (prev !== undefined) {
    const n = Math.min(prev.length, recs.length, prevBad + 1);
    while (k < n && recs[k] === prev[k]) k++;
    if (k > prevBad) return prevBad; // the damaged record prev stopped at is still there, behind the same intact prefix
  }
  for (; k < recs.length; k++) if (!isRecordIntact(recs[k]!)) return k;
  return recs.length;
}

/** The last record boot would load: the one before the first damaged record. */
const lastIntactOf = (recs: readonly DiskRecord[] | undefined, bad: number): DiskRecord | undefined => (recs === undefined || bad === 0 ? undefined : recs[bad - 1]);

/** The files judged, in this order. */
const FILES = [FILE.snapshot, FILE.log, FILE.currentEpoch, FILE.updatingEpoch, tmpOf(FILE.currentEpoch)] as const;

/** What boot would read from a disk: the currentEpoch file, the history's epoch, the marker, currentEpoch.tmp. */
interface Epochs { readonly cur: number | null; readonly epoch: number; readonly isMarked: boolean; readonly tmp: number | null }

/**
 * What a node's disk files were when last judged (and the disk's contents object they were read from), each file's
 * first damaged record, and what boot would read; and the state fields the verdict read then (epochBeingTaken's answer,
 * whether the state is a refusal, its currentEpoch and its lastZxid's epoch, the only part of lastZxid problem() reads;
 * NaN when the node had no state) with the verdict.
 */
interface Seen {
  disk: DiskContents; readonly files: (readonly DiskRecord[] | undefined)[]; readonly bad: number[]; read: Epochs;
  taking: number | null; isRefused: boolean; currentEpoch: number; zxidEpoch: number; answer: string | null;
}
/** A new entry's epochs until its files are first read. */
const NO_EPOCHS: Epochs = { cur: null, epoch: 0, isMarked: false, tmp: null };
/** Per view and node, the disk files last judged (file arrays are immutable: a change is a new array). */
const memo = new NodeMemory<Seen>();

function readEpochs(files: readonly (readonly DiskRecord[] | undefined)[], bad: readonly number[]): Epochs {
  const cur = lastIntactOf(files[2], bad[2]!)?.data;
  const epoch = lastEpoch(lastIntactOf(files[0], bad[0]!)?.data as SnapshotRecord | undefined, lastIntactOf(files[1], bad[1]!)?.data as WireEntry | undefined);
  const marker = lastIntactOf(files[3], bad[3]!)?.data;
  const tmp = lastIntactOf(files[4], bad[4]!)?.data;
  const curNum = typeof cur === 'number' ? cur : null;
  // A tmp beside the same value under the name is a finished rename (boot.ts tidyRenamed): not a tmp to recover from.
  return { cur: curNum, epoch, isMarked: typeof marker === 'number', tmp: typeof tmp === 'number' && tmp !== curNum ? tmp : null };
}

function problem(view: View<ZabNode>, n: NodeView<ZabNode>, e: Epochs): string | null {
  const excused = excusedWindowEpoch(view, n, e.cur);
  const s = n.state;
  if (s !== undefined && s.bootError !== null && s.currentEpoch < epochOf(s.lastZxid) && e.tmp !== null) {
    return `refused to start with currentEpoch.tmp (${e.tmp}) on disk: 3.8's loadDataBase recovers from it`;
  }
  if (e.cur === null || e.epoch <= e.cur || e.isMarked || e.tmp !== null) return null; // missing files: boot "upgrades"
  if (excused !== null && e.epoch <= excused) return null;
  // With the 3.4.6 marker on no window is excused (epoch-window-excuse.ts), so the message must not blame a missing sync.
  const why = isMarkerOptionOn(view)
    ? 'and option isUpdatingEpochMarked is on (3.4.6: a sync writes the marker before the new epoch\'s history, so no window is excused)'
    : `and no sync of this server was taking epoch ${e.epoch} (${excused === null ? 'none' : `its sync took ${excused}`})`;
  return `history reaches epoch ${e.epoch}, currentEpoch file says ${e.cur}, no currentEpoch.tmp or updatingEpoch marker, ${why}: a crash now leaves a server that refuses to start`;
}

/**
 * disk-bootable's verdict for `n` worked out afresh from its files (every record asked), never from Seen: tests compare
 * it with the remembered one after every event (it feeds excusedWindowEpoch the same inputs, which changes nothing).
 */
export function bootableVerdictNow(view: View<ZabNode>, n: NodeView<ZabNode>): string | null {
  if (n.kind === 'client') return null;
  const files = FILES.map((f) => n.disk.get(f));
  const msg = problem(view, n, readEpochs(files, files.map((f) => (f === undefined ? 0 : firstDamaged(f, undefined, 0)))));
  return msg === null ? null : `${n.id}: ${msg}`;
}

/** The epoch of the last zxid boot would load (snapshot stamp, its last entry, the log's last intact record). */
function lastEpoch(snap: SnapshotRecord | undefined, logLast: WireEntry | undefined): number {
  const zxid = Math.max(snap?.stamp ?? 0, snap?.entries[snap.entries.length - 1]?.zxid ?? 0, logLast?.zxid ?? 0);
  return zxid > 0 ? epochOf(zxid) : 0;
}

/**
 * Per node (nodeInvariant): a disk changes only with its node's events, so scoped runs judge only the nodes an event
 * touched; full-check runs (tests, --check-determinism) judge every node after every event, from the same memo.
 */
export const diskBootable: Invariant<ZabNode> = nodeInvariant<ZabNode>(
  'disk-bootable',
  'a server\'s disk holds history of an epoch newer than its currentEpoch file only with currentEpoch.tmp or the updatingEpoch marker beside it, or while written by its sync taking that epoch (3.8\'s crash window, anomaly epoch-crash-window-unbootable); a server never refuses to start with currentEpoch.tmp on disk (ZOOKEEPER-1653)',
  (view: View<ZabNode>, n: NodeView<ZabNode>) => {
    if (n.kind === 'client') return null;
    const disk = n.disk;
    const last = memo.get(view, n);
    let isSame = last !== undefined;
    // Compared before any array is built: on most calls the node's files are the ones last judged. The disk's contents
    // object is rebuilt only after a write (sim/disk.ts), so the same object holds the same file arrays.
    if (isSame && disk !== last!.disk) {
      for (let i = 0; isSame && i < FILES.length; i++) if (disk.get(FILES[i]!) !== last!.files[i]) isSame = false;
      if (isSame) last!.disk = disk;
    }
    const s = n.state;
    const taking = s === undefined ? null : epochBeingTaken(s);
    const isRefused = s !== undefined && s.bootError !== null;
    const currentEpoch = s === undefined ? Number.NaN : s.currentEpoch;
    // The epoch, not the zxid: a leader's or learner's lastZxid moves with every txn, its epoch only with an election.
    const zxidEpoch = s === undefined ? Number.NaN : epochOf(s.lastZxid);
    // The same files and the same state fields as at the last judgement: the same verdict, and excusedWindowEpoch's
    // memory would be set to what it holds (it is idempotent for one `taking` and currentEpoch file), so it is kept.
    // (NaN never equals itself: a node without a state is judged afresh.)
    if (isSame && last!.taking === taking && last!.isRefused === isRefused && last!.currentEpoch === currentEpoch && last!.zxidEpoch === zxidEpoch) return last!.answer;
    let seen: Seen;
    if (isSame) seen = last!;
    else {
      // The node's entry brought up to date in place (after every write to its disk: two arrays and an entry per write
      // were garbage); each file's prefix judged before is not asked again (firstDamaged), read before it is overwritten.
      if (last === undefined) memo.set(view, n, (seen = { disk, files: FILES.map(() => undefined), bad: FILES.map(() => 0), read: NO_EPOCHS, taking, isRefused, currentEpoch, zxidEpoch, answer: null }));
      else seen = last;
      const files = seen.files;
      const bad = seen.bad;
      for (let i = 0; i < FILES.length; i++) {
        const f = disk.get(FILES[i]!);
        bad[i] = f === undefined ? 0 : f === files[i] ? bad[i]! : firstDamaged(f, files[i], bad[i]!);
        files[i] = f;
      }
      seen.disk = disk;
      seen.read = readEpochs(files, bad);
    }
    const msg = problem(view, n, seen.read);
    seen.taking = taking; seen.isRefused = isRefused; seen.currentEpoch = currentEpoch; seen.zxidEpoch = zxidEpoch;
    return (seen.answer = msg === null ? null : `${n.id}: ${msg}`);
  },
);

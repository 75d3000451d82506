// The bootable-disk invariant: at every moment a server's disk (what a process crash keeps) is one it can start from:
// if its history's last zxid is of a newer epoch than the currentEpoch file, the updatingEpoch marker is there
// (ZOOKEEPER-1653: the learner's NEWLEADER path writes the marker before the new epoch's history and deletes it only
// after currentEpoch is durable). Without it the mutant `if (isMarked)` → `if (false)` (no marker on the DIFF path)
// passed every clean campaign: the crash window it opens is narrow, and only a crash inside it shows the refusal.
import type { DiskRecord, Invariant, NodeView, View } from '../../sim/index.ts';
import { isRecordIntact, nodeInvariant } from '../../sim/index.ts';
import type { ZabNode } from './state.ts';
import type { SnapshotRecord } from './persist.ts';
import { FILE } from './persist.ts';
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
const FILES = [FILE.snapshot, FILE.log, FILE.currentEpoch, FILE.updatingEpoch] as const;

/** What a node's disk files were when last judged, each file's first damaged record, and the verdict. */
interface Seen { readonly files: readonly (readonly DiskRecord[] | undefined)[]; readonly bad: readonly number[]; readonly msg: string | null }
/** Per view and node, the disk files last judged (file arrays are immutable: a change is a new array). */
const memo = new WeakMap<object, Map<string, Seen>>();

function problem(files: readonly (readonly DiskRecord[] | undefined)[], bad: readonly number[]): string | null {
  const cur = lastIntactOf(files[2], bad[2]!)?.data;
  if (typeof cur !== 'number') return null; // missing files: boot "upgrades" from the last zxid
  const epoch = lastEpoch(lastIntactOf(files[0], bad[0]!)?.data as SnapshotRecord | undefined, lastIntactOf(files[1], bad[1]!)?.data as WireEntry | undefined);
  if (epoch <= cur) return null;
  const marker = lastIntactOf(files[3], bad[3]!)?.data;
  return typeof marker === 'number' ? null : `history reaches epoch ${epoch}, currentEpoch file says ${cur}, and no updatingEpoch marker: a crash now leaves a server that refuses to start`;
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
  'a server\'s disk never holds history of an epoch newer than its currentEpoch file without the updatingEpoch marker (ZOOKEEPER-1653)',
  (view: View<ZabNode>, n: NodeView<ZabNode>) => {
    if (n.kind === 'client') return null;
    let m = memo.get(view);
    if (m === undefined) { m = new Map(); memo.set(view, m); }
    const disk = n.disk;
    const last = m.get(n.id);
    let isSame = last !== undefined;
    const files: (readonly DiskRecord[] | undefined)[] = [];
    for (let i = 0; i < FILES.length; i++) {
      const f = disk.get(FILES[i]!);
      files.push(f);
      if (last !== undefined && f !== last.files[i]) isSame = false;
    }
    let msg: string | null;
    if (isSame) msg = last!.msg;
    else {
      const bad = files.map((f, i) => (f === undefined ? 0 : f === last?.files[i] ? last.bad[i]! : firstDamaged(f, last?.files[i], last?.bad[i] ?? 0)));
      msg = problem(files, bad);
      m.set(n.id, { files, bad, msg });
    }
    return msg === null ? null : `${n.id}: ${msg}`;
  },
);

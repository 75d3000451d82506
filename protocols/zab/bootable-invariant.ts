// The bootable-disk invariant: at every moment a server's disk (what a process crash keeps) is one it can start from:
// if its history's last zxid is of a newer epoch than the currentEpoch file, the updatingEpoch marker is there
// (ZOOKEEPER-1653: the learner's NEWLEADER path writes the marker before the new epoch's history and deletes it only
// after currentEpoch is durable). Without it the mutant `if (isMarked)` → `if (false)` (no marker on the DIFF path)
// passed every clean campaign: the crash window it opens is narrow, and only a crash inside it shows the refusal.
import type { DiskContents, DiskRecord, Invariant, View } from '../../sim/index.ts';
import { isRecordIntact } from '../../sim/index.ts';
import type { ZabNode } from './state.ts';
import type { SnapshotRecord } from './persist.ts';
import { FILE } from './persist.ts';
import type { WireEntry } from './zxid.ts';
import { epochOf } from './zxid.ts';

/** Boot replays up to the first damaged record (boot.ts intactPrefix); read here on its own, so a slip there shows. */
function lastIntact(records: readonly DiskRecord[]): DiskRecord | undefined {
  const i = records.findIndex((r) => !isRecordIntact(r));
  return i < 0 ? records[records.length - 1] : records[i - 1];
}

/** The epoch of the last zxid boot would load (snapshot stamp, its last entry, the log's last intact record). */
function lastEpoch(disk: DiskContents): number {
  const snap = lastIntact(disk.get(FILE.snapshot) ?? [])?.data as SnapshotRecord | undefined;
  const logLast = lastIntact(disk.get(FILE.log) ?? [])?.data as WireEntry | undefined;
  const zxid = Math.max(snap?.stamp ?? 0, snap?.entries[snap.entries.length - 1]?.zxid ?? 0, logLast?.zxid ?? 0);
  return zxid > 0 ? epochOf(zxid) : 0;
}

interface Seen { readonly files: readonly (readonly DiskRecord[] | undefined)[]; readonly msg: string | null }
/** Per view and node, the disk files last judged (file arrays are immutable: a change is a new array). */
const memo = new WeakMap<object, Map<string, Seen>>();

function problem(disk: DiskContents): string | null {
  const cur = lastIntact(disk.get(FILE.currentEpoch) ?? [])?.data;
  if (typeof cur !== 'number') return null; // missing files: boot "upgrades" from the last zxid
  const epoch = lastEpoch(disk);
  if (epoch <= cur) return null;
  const marker = lastIntact(disk.get(FILE.updatingEpoch) ?? [])?.data;
  return typeof marker === 'number' ? null : `history reaches epoch ${epoch}, currentEpoch file says ${cur}, and no updatingEpoch marker: a crash now leaves a server that refuses to start`;
}

export const diskBootable: Invariant<ZabNode> = {
  name: 'disk-bootable',
  description: 'a server\'s disk never holds history of an epoch newer than its currentEpoch file without the updatingEpoch marker (ZOOKEEPER-1653)',
  scope: 'states',
  check(view: View<ZabNode>) {
    let m = memo.get(view);
    if (m === undefined) { m = new Map(); memo.set(view, m); }
    for (const n of view.nodes) {
      if (n.kind === 'client') continue;
      const files = [FILE.snapshot, FILE.log, FILE.currentEpoch, FILE.updatingEpoch].map((f) => n.disk.get(f));
      const last = m.get(n.id);
      let msg: string | null;
      if (last !== undefined && last.files.every((f, i) => f === files[i])) msg = last.msg;
      else {
        msg = problem(n.disk);
        m.set(n.id, { files, msg });
      }
      if (msg !== null) return `${n.id}: ${msg}`;
    }
    return null;
  },
};

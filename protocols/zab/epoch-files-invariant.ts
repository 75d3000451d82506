// The epoch-files invariant: currentEpoch ≤ acceptedEpoch on disk and in memory, and epochs a server promised never go back.
import type { DiskRecord, Invariant, View } from '../../sim/index.ts';
import { isRecordIntact, nodeInvariant } from '../../sim/index.ts';
import type { ZabNode } from './state.ts';
import { FILE } from './persist.ts';
import { perRunLast } from './last-run.ts';

interface Epochs { readonly acc: number; readonly cur: number }

interface Memory {
  /**
   * Per server, the highest epochs it promised: values a running process raised its epochs to. The model takes an
   * epoch into memory only when its file's fsync has completed (persist.ts writeEpoch), so these are durable before
   * anything (a counted ACKEPOCH, a NEWLEADER ACK) depends on them.
   */
  readonly promised: Map<string, Epochs>;
  /**
   * Per server, its incarnation, the epochs it booted with and its latest epochs, and the two epoch files (their
   * record arrays, immutable: a write is a new array) when those epochs were judged.
   */
  readonly runs: Map<string, Run>;
  /**
   * Per server, the state last checked (state objects are immutable, and a server's state only moves forward: an
   * unchanged one is the same object). A WeakSet of every checked state cost an ephemeron per event.
   */
  readonly checked: Map<string, ZabNode>;
}

interface Run {
  readonly incarnation: number; readonly boot: Epochs; readonly last: Epochs;
  readonly curFile: readonly DiskRecord[] | undefined; readonly accFile: readonly DiskRecord[] | undefined;
}

const memoryOf: (view: View<ZabNode>) => Memory = perRunLast(() => ({ promised: new Map(), runs: new Map(), checked: new Map() }));

const diskNumber = (recs: readonly DiskRecord[] | undefined): number | null => {
  const last = recs === undefined ? undefined : recs[recs.length - 1];
  return last !== undefined && isRecordIntact(last) && typeof last.data === 'number' ? last.data : null;
};

/**
 * Epochs a process booted with are not promises: they may be a page-cache rename that a machine crash later drops, as
 * in ZooKeeper (AtomicFileOutputStream never fsyncs the directory). Such a server only reported them (FOLLOWERINFO,
 * an ACKEPOCH of -1, which Leader.waitForEpochAck does not count), and any fsync it does before a counted promise
 * makes them durable (the disk's journal). Seed 612848 tripped the older rule, which counted boot values too.
 */
export const epochFiles: Invariant<ZabNode> = nodeInvariant<ZabNode>(
  'epoch-files',
  'currentEpoch <= acceptedEpoch on disk and in memory; epochs never go back within a run, nor below what a server promised (raised to after an fsync) across restarts',
  // Per node: what it remembers is per server, and a server's state changes only with its own events, so scoped runs
  // check only the nodes an event touched (full-check runs every node after every event; already-checked states skip).
  (view, n) => {
    const m = memoryOf(view);
    const s = n.state;
    if (s === undefined || m.checked.get(n.id) === s) return null;
    m.checked.set(n.id, s);
    const disk = n.disk;
    const curFile = disk.get(FILE.currentEpoch);
    const accFile = disk.get(FILE.acceptedEpoch);
    const run = m.runs.get(n.id);
    const isSameRun = run !== undefined && run.incarnation === n.incarnation;
    // Most new states keep the epochs and epoch files last judged in this run: the verdict is the same (null) and the
    // memory would be rewritten with the values it holds (promised already covers these epochs), so nothing is redone.
    if (isSameRun && run.curFile === curFile && run.accFile === accFile && run.last.acc === s.acceptedEpoch && run.last.cur === s.currentEpoch) return null;
    const cur = diskNumber(curFile);
    const acc = diskNumber(accFile);
    if (cur !== null && acc !== null && cur > acc) return `${n.id}: currentEpoch file ${cur} > acceptedEpoch file ${acc}`;
    if (s.currentEpoch > s.acceptedEpoch) return `${n.id}: currentEpoch ${s.currentEpoch} > acceptedEpoch ${s.acceptedEpoch}`;
    const now: Epochs = { acc: s.acceptedEpoch, cur: s.currentEpoch };
    const promised = m.promised.get(n.id) ?? { acc: 0, cur: 0 };
    if (now.acc < promised.acc || now.cur < promised.cur) {
      return `${n.id}: epochs went back to accepted ${now.acc}/current ${now.cur} below the promised ${promised.acc}/${promised.cur}`;
    }
    if (isSameRun && (now.acc < run.last.acc || now.cur < run.last.cur)) {
      return `${n.id}: epochs went back to accepted ${now.acc}/current ${now.cur} from ${run.last.acc}/${run.last.cur} in one run`;
    }
    const boot = isSameRun ? run.boot : now;
    m.runs.set(n.id, { incarnation: n.incarnation, boot, last: now, curFile, accFile });
    m.promised.set(n.id, {
      acc: now.acc > boot.acc ? Math.max(promised.acc, now.acc) : promised.acc,
      cur: now.cur > boot.cur ? Math.max(promised.cur, now.cur) : promised.cur,
    });
    return null;
  },
);

// The epoch-files invariant: currentEpoch ≤ acceptedEpoch on disk and in memory, and epochs a server promised never go back.
import type { DiskRecord, Invariant } from '../../sim/index.ts';
import { isRecordIntact, NodeMemory, nodeInvariant } from '../../sim/index.ts';
import type { ZabNode } from './state.ts';
import { FILE } from './persist.ts';

interface Epochs { readonly acc: number; readonly cur: number }

// Per run and server (sim's NodeMemory: a slot of the kernel's node object, one array load where a Map by id hashed
// the id after every event of the node).
/**
 * Per server, the highest epochs it promised: values a running process raised its epochs to. The model takes an
   * epoch into memory only when its file's fsync has completed (persist.ts writeEpoch), so these are durable before
 * anything (a counted ACKEPOCH, a NEWLEADER ACK) depends on them.
 */
const promisedOf = new NodeMemory<Epochs>();
/**
 * Per server, its incarnation, the epochs it booted with and its latest epochs, and the two epoch files (their record
 * arrays, immutable: a write is a new array) when those epochs were judged.
 */
const runsOf = new NodeMemory<Run>();
/**
 * Per server, the state last checked (state objects are immutable, and a server's state only moves forward: an
 * unchanged one is the same object). A WeakSet of every checked state cost an ephemeron per event.
 */
const checkedOf = new NodeMemory<ZabNode>();

interface Run {
  readonly incarnation: number; readonly boot: Epochs; readonly last: Epochs;
  readonly curFile: readonly DiskRecord[] | undefined; readonly accFile: readonly DiskRecord[] | undefined;
}

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
    const s = n.state;
    if (s === undefined || checkedOf.get(view, n) === s) return null;
    checkedOf.set(view, n, s);
    const disk = n.disk;
    const curFile = disk.get(FILE.currentEpoch);
    const accFile = disk.get(FILE.acceptedEpoch);
    const run = runsOf.get(view, n);
    const isSameRun = run !== undefined && run.incarnation === n.incarnation;
    // Most new states keep the epochs and epoch files last judged in this run: the verdict is the same (null) and the
    // memory would be rewritten with the values it holds (promised already covers these epochs), so nothing is redone.
    if (isSameRun && run.curFile === curFile && run.accFile === accFile && run.last.acc === s.acceptedEpoch && run.last.cur === s.currentEpoch) return null;
    const cur = diskNumber(curFile);
    const acc = diskNumber(accFile);
    if (cur !== null && acc !== null && cur > acc) return `${n.id}: currentEpoch file ${cur} > acceptedEpoch file ${acc}`;
    if (s.currentEpoch > s.acceptedEpoch) return `${n.id}: currentEpoch ${s.currentEpoch} > acceptedEpoch ${s.acceptedEpoch}`;
    const now: Epochs = { acc: s.acceptedEpoch, cur: s.currentEpoch };
    const promised = promisedOf.get(view, n) ?? { acc: 0, cur: 0 };
    if (now.acc < promised.acc || now.cur < promised.cur) {
      return `${n.id}: epochs went back to accepted ${now.acc}/current ${now.cur} below the promised ${promised.acc}/${promised.cur}`;
    }
    if (isSameRun && (now.acc < run.last.acc || now.cur < run.last.cur)) {
      return `${n.id}: epochs went back to accepted ${now.acc}/current ${now.cur} from ${run.last.acc}/${run.last.cur} in one run`;
    }
    const boot = isSameRun ? run.boot : now;
    runsOf.set(view, n, { incarnation: n.incarnation, boot, last: now, curFile, accFile });
    promisedOf.set(view, n, {
      acc: now.acc > boot.acc ? Math.max(promised.acc, now.acc) : promised.acc,
      cur: now.cur > boot.cur ? Math.max(promised.cur, now.cur) : promised.cur,
    });
    return null;
  },
);

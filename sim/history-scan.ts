// The client history's new ops, once each, for checks that judge an op when it is answered rather than re-reading the
// whole history after every event. Two checks wrote this by hand (paxosstore's client-replies-well-formed, tfs's
// read-answers-well-formed): a per-run record of the history array, how far it was scanned, and the ops still open.
// The history only grows during a run (sim/clients.ts appends at call and fills the reply into the same op object), so
// the ops past the last scan are exactly the new ones. A hand-built test view may give another history array (or a
// shorter one) to the same view object: that is a new run's history, so the scan and the caller's memory start afresh.
import type { HistoryOp } from './history.ts';
import { clientHistory } from './history.ts';
import { perRun } from './run-memory.ts';
import type { View } from './types.ts';

type History = readonly Readonly<HistoryOp>[];

/** One call's answer: the ops new since this scan's last call in the run, and the caller's memory for the run. */
export interface HistoryScan<T> {
  /** The ops appended to the history since the last call (each op once; the whole history on a new history array). */
  readonly fresh: History;
  /** The caller's per-run memory (e.g. the ops it still has to judge), made afresh with each new history array. */
  readonly memory: T;
}

interface Scan<T> { history: History | null; scanned: number; fresh: History; memory: T }

/** Shared by every call that finds nothing new, so a check that runs after every event allocates nothing then. */
const NONE: History = Object.freeze([]);

/**
 * A scanner of the run's client history (one memory per factory call, per run as perRun): each call gives the ops
 * appended since its previous call, and `make()`'s memory, which is made again when the view's history is another array.
 * The returned object is the scanner's own and is updated by the next call: read it before calling again.
 */
export function historyScan<T>(make: () => T): <S>(view: View<S>) => HistoryScan<T> {
  const scans = perRun((): Scan<T> => ({ history: null, scanned: 0, fresh: NONE, memory: make() }));
  return (view) => {
    const history = clientHistory(view);
    const scan = scans(view);
    if (scan.history !== history || scan.scanned > history.length) {
      if (scan.history !== null) scan.memory = make();
      scan.history = history;
      scan.scanned = 0;
    }
    scan.fresh = scan.scanned === history.length ? NONE : history.slice(scan.scanned);
    scan.scanned = history.length;
    return scan;
  };
}

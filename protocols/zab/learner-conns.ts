// The leader's learner connections in ascending id order, computed in one place.
// Why: seven loops each walked `Object.keys(r.learners).map(Number).sort((a, b) => a - b)`; in 300-seed zab traces
// these call sites each deoptimised on their own ("wrong map" at the sort) and made a fresh comparator closure per
// call (issue 17). One helper keeps one call site for V8's feedback and one module-level comparator; same order.
import type { ConnId } from '../../sim/index.ts';
import { isOwned } from '../../sim/index.ts';
import type { LeaderRole } from './state.ts';

type Learners = LeaderRole['learners'];

const ascending = (a: number, b: number): number => a - b;

/**
 * The answer for the last learners record asked about that no handler may still write (not owned: states are
 * copy-on-write, so the same object means the same keys). A leader asks after every proposal, commit and ping, mostly
 * of a record unchanged since the last ask; one slot serves, as handlers run one at a time.
 */
let lastLearners: object | null = null;
let lastConns: readonly ConnId[] = [];

/**
 * A copy learnerOf made to write one handle (an ACK's or ping reply's lastAckUs), which has its original's keys: its
 * answer is the original's, before and after the handler ends (the settled copy is the next event's record), until a
 * key is added to it (forgetConns). Why: the records are keyed by connection id, and ids reach the hundreds in a run,
 * so V8 keeps them as holey elements sized by the largest id; every for-in over one runs in the runtime and scans
 * every hole. Without this slot each ACK walked the leader's record three times (tryCommit, settleLearners and the
 * next event's first ask).
 */
let copyLearners: object | null = null;
let copyConns: readonly ConnId[] = [];

export function learnerConns(r: Pick<LeaderRole, 'learners'>): readonly ConnId[] {
  return connsOf(r.learners);
}

/** The connection ids that key `learners`, ascending (the for-in order of integer keys). */
export function connsOf(learners: Learners): readonly ConnId[] {
  if (learners === lastLearners) return lastConns;
  if (learners === copyLearners) return copyConns;
  // Integer keys enumerate in ascending order already (connection ids are small integers): sort only if one is not.
  const conns: number[] = [];
  let isAscending = true;
  for (const k in learners) {
    const c = Number(k);
    if (conns.length > 0 && !(c > conns[conns.length - 1]!)) isAscending = false;
    conns.push(c);
  }
  if (!isAscending) conns.sort(ascending);
  if (!isOwned(learners)) { lastLearners = learners; lastConns = conns as ConnId[]; }
  return conns as ConnId[];
}

/** `copy` is a copy of `original` with the same keys (only values written, never a key added): it answers as `original`. */
export function sameConnsAs(copy: Learners, original: Learners): void {
  copyConns = connsOf(original);
  copyLearners = copy;
}

/** A key is about to be added to `learners` (a record this handler owns): its remembered answer no longer holds. */
export function forgetConns(learners: Learners): void {
  if (learners === copyLearners) copyLearners = null;
  if (learners === lastLearners) lastLearners = null;
}

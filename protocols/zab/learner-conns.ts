// The leader's learner connections in ascending id order, computed in one place.
// Why: seven loops each walked `Object.keys(r.learners).map(Number).sort((a, b) => a - b)`; in 300-seed zab traces
// these call sites each deoptimised on their own ("wrong map" at the sort) and made a fresh comparator closure per
// call (issue 17). One helper keeps one call site for V8's feedback and one module-level comparator; same order.
import type { ConnId } from '../../sim/index.ts';
import { isOwned } from '../../sim/index.ts';
import type { LeaderRole } from './state.ts';

const ascending = (a: number, b: number): number => a - b;

/**
 * The answer for the last learners record asked about that no handler may still write (not owned: states are
 * copy-on-write, so the same object means the same keys). A leader asks after every proposal, commit and ping, mostly
 * of a record unchanged since the last ask; one slot serves, as handlers run one at a time.
 */
let lastLearners: object | null = null;
let lastConns: readonly ConnId[] = [];

export function learnerConns(r: Pick<LeaderRole, 'learners'>): readonly ConnId[] {
  const learners = r.learners;
  if (learners === lastLearners) return lastConns;
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

// The leader's learner connections in ascending id order, computed in one place.
// Why: seven loops each walked `Object.keys(r.learners).map(Number).sort((a, b) => a - b)`; in 300-seed zab traces
// these call sites each deoptimised on their own ("wrong map" at the sort) and made a fresh comparator closure per
// call (issue 17). One helper keeps one call site for V8's feedback and one module-level comparator; same order.
import type { ConnId } from '../../sim/index.ts';
import type { LeaderRole } from './state.ts';

const ascending = (a: number, b: number): number => a - b;

export function learnerConns(r: Pick<LeaderRole, 'learners'>): ConnId[] {
  return Object.keys(r.learners).map(Number).sort(ascending) as ConnId[];
}

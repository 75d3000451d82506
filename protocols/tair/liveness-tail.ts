// The progress checks: after the heal, client puts and gets go through again. Without them a history in which every
// put fails is legal (Tair promises little about values: tairKvModel), and the other liveness predicates look only at
// tables, so a dataserver that refuses every request, or a client that routes every request wrong, passed every check.
import type { HistoryOp, LivenessPredicate, ScheduledOp, View } from '../../sim/index.ts';
import { clientHistory, clientPlan, healedAtUs } from '../../sim/index.ts';
import type { TairState } from './state.ts';
import type { KvInput, KvOutput } from './workload.ts';
import { CS_IDS } from './options.ts';
import { csState, isCollidedSource } from './view-helpers.ts';

/** Tail ops use keys `tail<round>`; their puts write the value `tail<round>`. */
export const TAIL_KEY_PREFIX = 'tail';
const isTailKey = (key: unknown): boolean => typeof key === 'string' && key.startsWith(TAIL_KEY_PREFIX);

/**
 * Every primary of the master's table holds the master's version with another table: the permitted version collision
 * (README), which by Tair's '!=' rule is never repaired, so each primary refuses the requests the clients route to it
 * by the master's table (clean seed 1265267: all three dataservers collided at version 10). With one primary left
 * whole, the rotating tail keys reach its buckets and the checks still ask for a success.
 */
function isEveryPrimaryCollided(view: View<TairState>): boolean {
  const s0 = csState(view, CS_IDS[0]);
  if (s0 === undefined) return false;
  // Bucket by bucket, no primaries list: asked after every event until a tail op returns, and a repeated primary gives
  // the same answer again (isCollidedSource is a pure read), so this is the every() over the distinct ones.
  let isAny = false;
  for (const copies of s0.table.hash) {
    const ds = copies[0];
    if (ds === undefined) continue;
    if (!isCollidedSource(view, ds, s0.table)) return false;
    isAny = true;
  }
  return isAny;
}

/**
 * Was this op called after the heal (View.healUs), the instant both checks are about? Their premise is that the
 * faults are over, so a put or get that went through before the heal (or at its very instant, which the heal event
 * may follow) proves nothing about progress after it. The workload plans its first tail round 1 s after the heal, so
 * in a clean run this excludes nothing; it keeps a plan whose tail rounds start earlier (the fifteenth session's
 * audit: workload.ts's loop start `healUs + TAIL_GAP_US` → `healUs - TAIL_GAP_US`, whose put one second before the
 * heal satisfied tail-put-returned) from counting those rounds. No heal yet (null) counts nothing.
 */
const isCalledAfterHeal = (view: View<TairState>, h: Readonly<HistoryOp>): boolean => {
  const healUs = healedAtUs(view);
  return healUs !== null && h.callUs > healUs;
};

/** The plan last read and whether it schedules tail puts and gets: the plan is fixed before a run's first event. */
const tailPlan = { plan: null as readonly ScheduledOp[] | null, isPut: false, isGet: false };

/** The run's client plan schedules tail ops of this type (fixed before the first event; none in a scenario with its own ops). */
function plannedTail(view: View<TairState>, type: 'put' | 'get'): boolean {
  const plan = clientPlan(view);
  if (tailPlan.plan !== plan) {
    tailPlan.plan = plan;
    tailPlan.isPut = plan.some((s) => s.op.type === 'put' && isTailKey(s.op['key']));
    tailPlan.isGet = plan.some((s) => s.op.type === 'get' && isTailKey(s.op['key']));
  }
  return type === 'put' ? tailPlan.isPut : tailPlan.isGet;
}

/**
 * What a tail check last read of the history: its array and the heal instant (both fixed within a run), how long a
 * prefix of it was called at or before the heal (no op there can ever count), and whether an op the check looks for
 * was found (an ok outcome is final and an op's fields never change after its return). The checks run after every
 * event of the liveness phase and read the whole history each time; now only the ops called after the heal.
 */
interface TailScan { history: readonly Readonly<HistoryOp>[] | null; healUs: number | null; start: number; isFound: boolean }
const newScan = (): TailScan => ({ history: null, healUs: null, start: 0, isFound: false });

/** clientHistory(view).some(isWanted), for a test that holds only of ops called after the heal. */
function someAfterHeal(view: View<TairState>, scan: TailScan, isWanted: (h: Readonly<HistoryOp>) => boolean): boolean {
  const history = clientHistory(view);
  const healUs = healedAtUs(view);
  if (scan.history !== history || scan.healUs !== healUs) { scan.history = history; scan.healUs = healUs; scan.start = 0; scan.isFound = false; }
  if (scan.isFound) return true;
  if (healUs === null) return false;
  let i = scan.start;
  while (i < history.length && history[i]!.callUs <= healUs) i++;
  scan.start = i;
  for (; i < history.length; i++) if (isWanted(history[i]!)) return (scan.isFound = true);
  return false;
}
const putScan = newScan();
const getScan = newScan();

/** A tail put called after the heal that returned ok. */
export const isTailPutOk = (view: View<TairState>) => (h: Readonly<HistoryOp>): boolean =>
  h.outcome === 'ok' && h.op.type === 'put' && isTailKey(h.op['key']) && isCalledAfterHeal(view, h) && (h.result as KvOutput).ok;

/** A tail get called after the heal that returned the value its put wrote. */
export const isTailGetRead = (view: View<TairState>) => (h: Readonly<HistoryOp>): boolean => {
  if (h.outcome !== 'ok' || h.op.type !== 'get' || !isTailKey(h.op['key']) || !isCalledAfterHeal(view, h)) return false;
  const r = h.result as KvOutput;
  return r.ok && r.value === (h.op as KvInput & { key: string }).key;
};

/** Some op of the history is isTailPutOk / isTailGetRead, read from the remembered scan (tests compare with .some). */
export const isTailPutSeen = (view: View<TairState>): boolean => someAfterHeal(view, putScan, isTailPutOk(view));
export const isTailGetSeen = (view: View<TairState>): boolean => someAfterHeal(view, getScan, isTailGetRead(view));

/**
 * The workload puts `tail<n>` once a second after the heal, from a rotating client, for the whole liveness bound, so
 * once the tables have converged the next put reaches its bucket's primary: one must return ok. Vacuous in a run
 * whose plan has no tail put; excused while every primary is version-collided (isEveryPrimaryCollided).
 */
export const tailPutReturned: LivenessPredicate<TairState> = {
  name: 'tail-put-returned',
  description: `a client put of a ${TAIL_KEY_PREFIX}<n> key called after the heal (one a second) returns ok`,
  check(view) {
    if (!plannedTail(view, 'put')) return null;
    const isOk = isTailPutSeen(view);
    return isOk || isEveryPrimaryCollided(view) ? null : `no put of a ${TAIL_KEY_PREFIX}<n> key returned ok`;
  },
};

/**
 * The read half: 500 ms after each tail put, the next client gets that key. Between the two no fault happens (the
 * heal is over), so once the tables hold still the get reaches the primary that took the put and returns its value
 * (mdb loses data only with a dataserver, and a migration carries the bucket's data). One such get must return the
 * value its put wrote; whether every get is right is the linearizability check's business. Same bound; vacuous in a
 * run whose plan has no tail get.
 */
export const tailGetReturned: LivenessPredicate<TairState> = {
  name: 'tail-get-returned',
  description: `a client get of a ${TAIL_KEY_PREFIX}<n> key called after the heal (500 ms after its put) returns the value the put wrote`,
  check(view) {
    if (!plannedTail(view, 'get')) return null;
    const isRead = isTailGetSeen(view);
    return isRead || isEveryPrimaryCollided(view) ? null : `no get of a ${TAIL_KEY_PREFIX}<n> key returned the value its put wrote`;
  },
};

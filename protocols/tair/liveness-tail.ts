// The progress checks: after the heal, client puts and gets go through again. Without them a history in which every
// put fails is legal (Tair promises little about values: tairKvModel), and the other liveness predicates look only at
// tables, so a dataserver that refuses every request, or a client that routes every request wrong, passed every check.
import type { HistoryOp, LivenessPredicate, View } from '../../sim/index.ts';
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
  const primaries = [...new Set(s0.table.hash.map((copies) => copies[0]).filter((x): x is string => x !== undefined))];
  return primaries.length > 0 && primaries.every((ds) => isCollidedSource(view, ds, s0.table));
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

/** The run's client plan schedules tail ops of this type (fixed before the first event; none in a scenario with its own ops). */
const plannedTail = (view: View<TairState>, type: 'put' | 'get'): boolean => clientPlan(view).some((s) => s.op.type === type && isTailKey(s.op['key']));

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
    const isOk = clientHistory(view).some((h) => h.outcome === 'ok' && h.op.type === 'put' && isTailKey(h.op['key']) && isCalledAfterHeal(view, h) && (h.result as KvOutput).ok);
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
    const isRead = clientHistory(view).some((h) => {
      if (h.outcome !== 'ok' || h.op.type !== 'get' || !isTailKey(h.op['key']) || !isCalledAfterHeal(view, h)) return false;
      const r = h.result as KvOutput;
      return r.ok && r.value === (h.op as KvInput & { key: string }).key;
    });
    return isRead || isEveryPrimaryCollided(view) ? null : `no get of a ${TAIL_KEY_PREFIX}<n> key returned the value its put wrote`;
  },
};

// The progress checks: after the heal, client puts and gets go through again. Without them a history in which every
// put fails is legal (Tair promises little about values: tairKvModel), and the other liveness predicates look only at
// tables, so a dataserver that refuses every request, or a client that routes every request wrong, passed every check.
import type { LivenessPredicate, View } from '../../sim/index.ts';
import { clientHistory, clientPlan } from '../../sim/index.ts';
import type { TairState } from './state.ts';
import type { KvInput, KvOutput } from './workload.ts';

/** Tail ops use keys `tail<round>`; their puts write the value `tail<round>`. */
export const TAIL_KEY_PREFIX = 'tail';
const isTailKey = (key: unknown): boolean => typeof key === 'string' && key.startsWith(TAIL_KEY_PREFIX);

/** The run's client plan schedules tail ops of this type (fixed before the first event; none in a scenario with its own ops). */
const plannedTail = (view: View<TairState>, type: 'put' | 'get'): boolean => clientPlan(view).some((s) => s.op.type === type && isTailKey(s.op['key']));

/**
 * The workload puts `tail<n>` once a second after the heal, from a rotating client, for the whole liveness bound, so
 * once the tables have converged the next put reaches its bucket's primary: one must return ok. Vacuous in a run
 * whose plan has no tail put.
 */
export const tailPutReturned: LivenessPredicate<TairState> = {
  name: 'tail-put-returned',
  description: `after the heal, a client put of a ${TAIL_KEY_PREFIX}<n> key (one a second) returns ok`,
  check(view) {
    if (!plannedTail(view, 'put')) return null;
    const isOk = clientHistory(view).some((h) => h.outcome === 'ok' && h.op.type === 'put' && isTailKey(h.op['key']) && (h.result as KvOutput).ok);
    return isOk ? null : `no put of a ${TAIL_KEY_PREFIX}<n> key returned ok`;
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
  description: `after the heal, a client get of a ${TAIL_KEY_PREFIX}<n> key (500 ms after its put) returns the value the put wrote`,
  check(view) {
    if (!plannedTail(view, 'get')) return null;
    const isRead = clientHistory(view).some((h) => {
      if (h.outcome !== 'ok' || h.op.type !== 'get' || !isTailKey(h.op['key'])) return false;
      const r = h.result as KvOutput;
      return r.ok && r.value === (h.op as KvInput & { key: string }).key;
    });
    return isRead ? null : `no get of a ${TAIL_KEY_PREFIX}<n> key returned the value its put wrote`;
  },
};

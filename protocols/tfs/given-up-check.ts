// given-up-within-acked: a master's oplog never counts more records given up than it has moved past
// (0 <= givenUpCount <= ackedCount). Why this is the true bound (ns-oplog.ts): ackedCount only grows (a complete
// answer raises it; a give-up sets it to the in-flight batch's end, which is above it while the batch is in flight, or
// the batch would be done), and a give-up adds exactly the records it moves past, endSeqno - ackedCount, all in
// ackedCount+1..endSeqno; those ranges are disjoint and lie in 1..ackedCount afterwards. (A bound by records ever
// shipped, queuedCount, would be weaker: a record is moved past only once shipped.) acked-records-applied subtracts
// givenUpCount from ackedCount as its excuse, so an inflated count silently loosens it: the mutation survivor
// ns-oplog.ts:80 `inflight.endSeqno - o.ackedCount` → `+` (fifteenth session's audit) breaks this bound at the first
// give-up after any acknowledged or given-up record. Read-only: it reads the up nameservers' states.
import type { Invariant } from '../../sim/index.ts';
import { NAMESERVERS, upNsById } from './state.ts';
import type { MasterOplog, TfsState } from './state.ts';

export function givenUpProblem(id: string, o: MasterOplog): string | null {
  if (o.givenUpCount >= 0 && o.givenUpCount <= o.ackedCount) return null;
  return `${id}'s oplog (lease ${o.leaseKey}) counts ${o.givenUpCount} records given up but has moved past only ${o.ackedCount}`;
}

export const givenUpWithinAcked: Invariant<TfsState> = {
  name: 'given-up-within-acked',
  description: 'a master oplog counts no more records given up (after send_log_\'s tries) than it has moved past: 0 <= givenUpCount <= ackedCount, the excuse acked-records-applied subtracts',
  scope: 'states',
  check(view) {
    for (const id of NAMESERVERS) {
      const o = upNsById(view, id)?.oplog;
      if (o === undefined || o === null) continue;
      const found = givenUpProblem(id, o);
      if (found !== null) return found;
    }
    return null;
  },
};

// given-up-within-acked: a master's oplog never counts more records given up than it has moved past
// (0 <= givenUpCount <= ackedCount). Why this is the true bound (ns-oplog.ts): ackedCount only grows (a complete
// answer raises it; a give-up sets it to the in-flight batch's end, which is above it while the batch is in flight, or
// the batch would be done), and a give-up adds exactly the records it moves past, endSeqno - ackedCount, all in
// ackedCount+1..endSeqno; those ranges are disjoint and lie in 1..ackedCount afterwards. (A bound by records ever
// shipped, queuedCount, would be weaker: a record is moved past only once shipped.) acked-records-applied subtracts
// givenUpCount from ackedCount as its excuse, so an inflated count silently loosens it: the mutation survivor
// ns-oplog.ts:80 `inflight.endSeqno - o.ackedCount` → `+` (fifteenth session's audit) breaks this bound at the first
// give-up after any acknowledged or given-up record. Read-only: it reads the up nameservers' states.
import type { MasterOplog } from './state.ts';
import { nsInvariant } from './ns-invariant.ts';

export function givenUpProblem(id: string, o: MasterOplog): string | null {
  if (o.givenUpCount >= 0 && o.givenUpCount <= o.ackedCount) return null;
  return `${id}'s oplog (lease ${o.leaseKey}) counts ${o.givenUpCount} records given up but has moved past only ${o.ackedCount}`;
}

export const givenUpWithinAcked = nsInvariant(
  'given-up-within-acked',
  'a master oplog counts no more records given up (after send_log_\'s tries) than it has moved past: 0 <= givenUpCount <= ackedCount, the excuse acked-records-applied subtracts',
  (s, { id }) => (s.oplog === undefined || s.oplog === null ? null : givenUpProblem(id, s.oplog)),
);

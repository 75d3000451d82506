// The counted anomaly acked-history-from-page-cache (page-cache-excuse.ts): committed-durable-on-quorum excused a
// committed txn that too few servers hold because the rest lost a copy they had read back from the page cache.
import type { AnomalyProbe } from '../../sim/index.ts';
import type { ZabNode } from './state.ts';
import { committedDurableOnQuorum } from './invariants.ts';
import { ACKED_HISTORY_FROM_PAGE_CACHE, excuseOf } from './page-cache-excuse.ts';

/** Counted once per episode (rising edge) in RunResult.anomalies while the check excuses a commit by that cause. */
export const ackedHistoryFromPageCacheProbe: AnomalyProbe<ZabNode> = {
  name: ACKED_HISTORY_FROM_PAGE_CACHE,
  description: 'a real ZooKeeper 3.8 hazard: a learner restarted after a process crash reads unsynced txns back from the page cache, is synced by DIFF, and ACKs NEWLEADER without fsyncing them (FileTxnLog.commit fsyncs only logs this process appended to); the leader commits them counting it, and a machine crash of the learner loses them',
  present(view) {
    // Bring the check up to this event first (idempotent per state), so the probe does not depend on the order.
    committedDurableOnQuorum.check(view);
    return excuseOf(view).last;
  },
};

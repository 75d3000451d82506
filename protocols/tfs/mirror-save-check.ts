// The stable-2.5.5 Tair mirror: a master in periodic-save mode keeps its save of global_block_id scheduled.
import { nsInvariant } from './ns-invariant.ts';

/**
 * SyncBlockIdThreadHelper saves the master's max block id to Tair every tairMirrorSaveIntervalUs for as long as the
 * term lasts: that bounds the mirror's lag to one interval's ids, the window the next master's `+ skip` must cover
 * (FIDELITY P15, anomaly block-id-reissued). A master that stopped saving lets the lag grow without bound, and only a
 * failover that re-issues an id would ever show it (block-ids-unique, rarely). Periodic mode is known from the state:
 * the Tair answer that opened this term's gate carried the mirror's value (mirrorSeen; the atomic mode's fsync'd
 * answer carries none). So: a master with its gate open and mirrorSeen set has its save timer pending.
 */
export const tairSaveScheduled = nsInvariant(
  'tair-save-scheduled',
  "a master whose term base came from the periodic Tair mirror (stable-2.5.5) keeps its next save of global_block_id scheduled, so the mirror lags by at most one save interval",
  (s, { id }) => {
    if (s.role !== 'master' || !s.isAllocGateOpen || s.mirrorSeen === null) return null;
    return s.tairSaveTimer === null ? `${id} is master with the periodic Tair mirror (base from ${s.mirrorSeen}) but no save of global_block_id ${s.globalBlockId} is scheduled` : null;
  },
);

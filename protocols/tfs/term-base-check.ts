// A new master term's block-id base is at least its own id at the switch plus the skip (stable-2.5.5: max(local, tair) + skip).
import { nsInvariant } from './ns-invariant.ts';

/**
 * Why: switch_role_salve_to_master_ skips blockIdSkip ids past what the slave knows (the ids the old master handed out
 * but never shipped live there), and the Tair mirror only raises that base: max(local + skip, tair + skip). A base
 * below local + skip re-issues the old master's unshipped ids; block-ids-unique sees that only when such an id was
 * handed out and the new term reaches it, and the Tair base masks a smaller skip whenever the mirror is ahead of the
 * slave's replay (the mutation survivor ns-role.ts `+ skip` → `- skip`). So, per event: a master that switched in has,
 * once its gate is open, a global_block_id at least its id at the switch plus the skip (both recorded at the switch;
 * tfs/r3393-block-id-skip-100's skip is 100, and it holds with that skip too).
 */
export const termBasePastSkip = nsInvariant(
  'term-base-past-skip',
  "a master that switched in allocates, once its block-id base is confirmed, from at least its global_block_id at the switch plus the skip",
  (s, { id }) => {
    const from = s.switchedFrom;
    if (from === undefined || from === null || s.role !== 'master' || !s.isAllocGateOpen) return null;
    return s.globalBlockId < from.blockId + from.skip ? `${id} switched in at global_block_id ${from.blockId} (skip ${from.skip}) and allocates from ${s.globalBlockId}` : null;
  },
);

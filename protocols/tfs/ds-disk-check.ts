// Right after a dataserver boots, its blocks in memory are exactly the blocks its blocks file holds (what it loaded back).
import type { NodeView } from '../../sim/index.ts';
import { firstInIncarnation, isRecordIntact } from '../../sim/index.ts';
import type { TfsState } from './state.ts';
import { dsInvariant } from './ns-invariant.ts';

/** The blocks file (dataserver.ts BLOCKS_FILE), as bootDs folds it: creations, then removal records; damaged records skipped. */
export function blocksOnDisk(n: NodeView<TfsState>): Record<string, string> {
  const blocks: Record<string, string> = {};
  for (const r of n.disk.get('blocks') ?? []) {
    if (!isRecordIntact(r)) continue;
    const b = r.data as { blockId?: unknown; tag?: unknown; isRemoved?: unknown };
    if (b.isRemoved === true) delete blocks[String(b.blockId)];
    else blocks[String(b.blockId)] = String(b.tag);
  }
  return blocks;
}

/** Every block id the blocks file ever created (removed or not): names why an extra block in memory is wrong. */
function blocksEverOnDisk(n: NodeView<TfsState>): Set<string> {
  const ids = new Set<string>();
  for (const r of n.disk.get('blocks') ?? []) {
    const b = r.data as { blockId?: unknown; isRemoved?: unknown };
    if (isRecordIntact(r) && b.isRemoved !== true) ids.add(String(b.blockId));
  }
  return ids;
}

/** Per run, the incarnation last checked per dataserver: only its first state after boot shows what it loaded. */
const isFirstLook = firstInIncarnation();

/**
 * Why: a DS appends each new block (and each removal) to its blocks file, and a restarted DS loads that file back
 * (bootDs), so right after a boot every block the file holds is one the DS holds in memory, with the same allocation
 * tag: its block reports and EXIT_BLOCK_EXIST refusals (block-ids-unique's evidence) depend on it. A DS that lost
 * blocks at a restart passed every other check (the master re-learns locations only from reports). The other way too:
 * a block the file removed (admin delete-block) that is back in memory after the restart is reported to the master
 * again (the bootDs / removal-record survivors of the mutation sample, reachable since the fuzz workload deletes). Checked on the
 * first view of each incarnation only: later, memory runs ahead of the file while an append (a removal record) is
 * still in flight (clean scenario admin-delete-block), and a record damaged after it was written is legal until the
 * next restart.
 */
export const dsHoldsDiskBlocks = dsInvariant(
  'ds-holds-disk-blocks',
  'right after a dataserver boots, its memory holds exactly the blocks its blocks file holds (creations less removals, damaged records skipped), each with the same allocation tag',
  // Scope 'node': a boot changes the node (state, incarnation), so its first look comes at the same event either way.
  (s, n, view) => {
    if (!isFirstLook(view, n)) return null;
    const held = s.blocks;
    const onDisk = blocksOnDisk(n);
    for (const [id, tag] of Object.entries(onDisk)) {
      const h = held.get(Number(id));
      if (h !== tag) return `${n.id} (incarnation ${n.incarnation}) booted from a blocks file holding block ${id} (${tag}), its memory ${h === undefined ? 'does not' : `holds it as ${h}`}`;
    }
    // And no more: a block the file removed (or never held) is not back in memory (the bootDs removal slips).
    for (const id of held.ids) {
      if (!(String(id) in onDisk)) return `${n.id} (incarnation ${n.incarnation}) booted holding block ${id}, which its blocks file ${blocksEverOnDisk(n).has(String(id)) ? 'removed' : 'never held'}`;
    }
    return null;
  },
);

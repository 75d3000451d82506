// A dataserver's blocks in memory hold every block its blocks file holds (what a restart loads back).
import type { Invariant, NodeView, View } from '../../sim/index.ts';
import { isRecordIntact, nodeInvariant } from '../../sim/index.ts';
import type { TfsState } from './state.ts';

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

/**
 * Why: a DS appends each new block (and each removal) to its blocks file before it counts it held, and a restarted DS
 * loads that file back (bootDs), so every block the file holds is one the DS holds in memory, with the same allocation
 * tag: its block report and EXIT_BLOCK_EXIST refusals (block-ids-unique's evidence) depend on it. A DS that lost blocks
 * at a restart passed every other check (the master re-learns locations only from reports). One way only: a record
 * damaged after it was written (disk-corrupt) may leave memory holding a block the file no longer shows, which is
 * legal until the next restart.
 */
export const dsHoldsDiskBlocks: Invariant<TfsState> = nodeInvariant('ds-holds-disk-blocks',
  'every block an up dataserver\'s blocks file holds (creations less removals, damaged records skipped, as a restart loads it) is in its memory with the same allocation tag',
  (_view: View<TfsState>, n: NodeView<TfsState>) => {
    if (!n.isUp || n.state?.kind !== 'ds') return null;
    const held = n.state.blocks;
    for (const [id, tag] of Object.entries(blocksOnDisk(n))) {
      if (held[id] !== tag) return `${n.id}'s blocks file holds block ${id} (${tag}), its memory ${held[id] === undefined ? 'does not' : `holds it as ${held[id]}`}`;
    }
    return null;
  });

// redundant-replicas-bounded: what the redundant-replica cleanup (redundant.ts) constrains, checked at every event of a
// nameserver: no block lists more than max_replication_ servers, and the last copy the redundant thread deleted was of
// a server the block no longer listed, with at least MIN_REPLICATE servers left listed.
import type { NodeView } from '../../sim/index.ts';
import { NodeMemory, nodeInvariant } from '../../sim/index.ts';
import type { NsState, TfsState } from './state.ts';
import { asNs } from './state.ts';

/**
 * Why: trunk's BlockCollect has max_replication_ server slots, so a report or a replicate END never lists a block on
 * more servers; the model's lists are plain arrays, and before S15 a report appended any reporter (a block could sit
 * on three servers at max_replication_ 2 and never be cleaned). The deletion side is the hazard: a RemoveBlockMessage
 * for a listed server, or one that leaves the block below MIN_REPLICATE listed copies, deletes data the master counts
 * on (pop_from_delete_queue's guard, block_manager.cpp L139-165 @0365c90). The last removal is recorded where it is
 * decided (NsState.lastRedundant) with the block's listed servers then.
 */

/** A nameserver's block map last judged, the cap it was judged against, and the verdict. */
interface Judged { readonly blocks: NsState['blocks']; readonly cap: number; readonly verdict: string | null }

/**
 * Per nameserver (NodeMemory), its block map last judged. Why: every new block is a new map, and walking each new map
 * whole was quadratic in a run's blocks; now an unchanged map gives its verdict back, and a map grown from a clean one by
 * appends (BlockMap.sharedPrefix: the same entries below its size) is walked only past them, so the first offending
 * block, and the message, are the whole walk's. Read by idAt/valueAt, which leave the next append free to push in place.
 */
const judged = new NodeMemory<Judged>();

function hasDuplicate(xs: readonly string[]): boolean {
  for (let i = 1; i < xs.length; i++) for (let j = 0; j < i; j++) if (xs[i] === xs[j]) return true;
  return false;
}

function overCap(view: object, n: NodeView<TfsState>, blocks: NsState['blocks'], cap: number, self: string): string | null {
  const known = judged.get(view, n);
  if (known !== undefined && known.cap === cap && known.blocks === blocks) return known.verdict;
  const from = known !== undefined && known.cap === cap && known.verdict === null ? blocks.sharedPrefix(known.blocks) : 0;
  let verdict: string | null = null;
  // A pairwise duplicate test: the lists hold a few servers, so a Set per block costs more than the comparisons.
  for (let i = from; i < blocks.size; i++) {
    const servers = blocks.valueAt(i);
    if (servers.length > cap || hasDuplicate(servers)) { verdict = `${self} lists block ${blocks.idAt(i)} on ${JSON.stringify(servers)}, max_replication_ ${cap}`; break; }
  }
  judged.set(view, n, { blocks, cap, verdict });
  return verdict;
}

export const redundantReplicasBounded = nodeInvariant<TfsState>(
  'redundant-replicas-bounded',
  'a nameserver lists no block on more than max_replication_ servers (nor one server twice), and the redundant thread deletes a copy only of a server the block no longer lists, leaving it at least MIN_REPLICATE listed servers',
  (view, n: NodeView<TfsState>) => {
    const s = n.isUp ? asNs(n.state) : undefined;
    if (s === undefined) return null;
    const cap = s.maxReplication;
    if (cap !== undefined) {
      const v = overCap(view, n, s.blocks, cap, s.self);
      if (v !== null) return v;
    }
    const r = s.lastRedundant;
    if (r === undefined) return null;
    if (r.listed.includes(r.server)) return `${s.self} deleted block ${r.blockId} from ${r.server}, which it lists (${JSON.stringify(r.listed)})`;
    if (r.listed.length < r.min) return `${s.self} deleted block ${r.blockId} from ${r.server}, leaving ${r.listed.length} listed server(s) (MIN_REPLICATE ${r.min})`;
    if (r.listed.length > r.cap) return `${s.self} deleted block ${r.blockId} from ${r.server} while listing ${r.listed.length} servers (max ${r.cap})`;
    return null;
  },
);

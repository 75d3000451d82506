// The `fenced-and-stalled` excuse of the progress checks: no node may ever open the entity's next entry.
import type { View } from '../../sim/index.ts';
import type { EntityState, NodeState } from './state.ts';
import { hasSettledFence, isDbOutOfService } from './state.ts';
import { isDbStalled } from './db-stalled.ts';
import { heldByStalledSource } from './stalled-source.ts';
import { perEntity } from './entity-memo.ts';

/**
 * Clean fuzz seed 3850523 (the twenty-seventh session's ledger campaign from 3,850,000): a2's PLog of e1 failed its CRC
 * (amnesia, fence 10 = the highest entry a peer saw + 1), so a2 may not vote on entry 10 and answers every e1 command
 * `amnesia` (client.ts: canVote); a1's GetAllAndSet took a3 at 7 while a1 had applied 8 (`recovery-db-moved-back`,
 * entry 8 GC'd), so a1's DB stalls at 7 with its counters at the cluster's MaxChosenEntry 9 (Certain's StorageCorrupt:
 * it answers `catching-up` for good); a3 (DB and max-cont 7) gets NotFound for entry 8 everywhere and every GetAllAndSet
 * takes a1 first (local+1, DBImpl.cpp), stalled at 7 (`recovery-from-stalled-source`). Only a node past all three
 * tests proposes, so entry 10 is never opened, nothing more is chosen, and no stall can lift (each needs a NotFound
 * above its MaxContChosenEntry or a source that moved on): no tail write is chosen and every tail read is refused.
 * The stalls are Certain's (FIDELITY P15/S21); the fence is our amnesia design's price (as `amnesia-majority-fenced`).
 *
 * Excused only in exactly that state: every node up; no node holds a record at the next entry (cluster MaxChosenEntry
 * + 1; a record there may still be chosen); at least one node holds a settled amnesia fence covering that entry; and
 * every other node is loaded, its DB in service (no GetAllAndSet pending or flagged, which would fetch a fresh DB),
 * and either stalled with its MaxContChosenEntry at the cluster's MaxChosenEntry or held by a stalled source
 * (stalled-source.ts). Returns the detail when excused, else null.
 */
export const fencedAndStalled = perEntity(fencedAndStalledNow, hasFencedNode);

/** fencedAndStalledNow's necessary condition: some node holds a settled amnesia fence on the entity. */
export function hasFencedNode(view: View<NodeState>, entity: string): boolean {
  const nodes = view.nodes;
  for (let i = 0; i < nodes.length; i++) {
    const e = nodes[i]!.state?.entities[entity];
    if (e !== undefined && hasSettledFence(e)) return true;
  }
  return false;
}

/** fencedAndStalled computed afresh (a pure function of the entity's states: entity-memo.ts). */
export function fencedAndStalledNow(view: View<NodeState>, entity: string): string | null {
  const ents: EntityState[] = [];
  for (const n of view.nodes) {
    const e = n.state?.entities[entity];
    if (e === undefined) return null;
    ents.push(e);
  }
  const target = Math.max(0, ...ents.map((e) => e.maxChosen));
  const next = target + 1;
  if (ents.some((e) => e.entries[next] !== undefined)) return null;
  const fenced: string[] = [];
  const stalled: string[] = [];
  for (let i = 0; i < ents.length; i++) {
    const e = ents[i]!;
    const id = view.nodes[i]!.id;
    const fence = e.amnesia?.fence ?? null;
    if (fence !== null && next <= fence) {
      fenced.push(`${id} fenced at ${fence}`);
      continue;
    }
    if (e.isLoading || isDbOutOfService(e)) return null;
    if (isDbStalled(e, i) && e.maxCont >= target) {
      stalled.push(`${id} DB stalled at ${e.committed}`);
      continue;
    }
    const held = heldByStalledSource(view, entity, i, target);
    if (held === null) return null;
    stalled.push(held);
  }
  if (fenced.length === 0) return null;
  return `fenced-and-stalled: no node may open ${entity} entry ${next}: ${[...fenced, ...stalled].join('; ')}`;
}

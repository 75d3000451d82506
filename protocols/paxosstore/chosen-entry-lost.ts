// The `chosen-entry-lost` excuse: a chosen entry whose value no node holds any more (a majority of DBs lost or cleared).
import type { AnomalyProbe, View } from '../../sim/index.ts';
import type { EntityState, NodeState } from './state.ts';
import { hasSettledFence, isDbGone } from './state.ts';
import { majorityOf } from './options.ts';
import { entityNames, perEntity } from './entity-memo.ts';
import { mayAnyEntityProbeHold } from './rare-entities.ts';

/**
 * Clean fuzz seed 1403446 (lead's campaign from 1,400,000): a2 was down while a1 and a3 chose e0 entries 2..3; both
 * applied them and GC'd them from their PLogs; then both their `db-e0` files were corrupted (timed disk-corrupt) and
 * both restarted with the DB failing its CRC (`amnesia.isDbLost`: it loads empty), while a2's GetAllAndSet never got a
 * whole snapshot from either before. From then on the values of entries 2..3 exist nowhere: no PLog holds them
 * (catch-up has nothing to send) and no DB has applied them (GetAllAndSet has no source: an entity whose DB is lost
 * refuses, recovery-serve.ts), so no node's CommittedEntry can ever pass 1 and `all-caught-up` cannot hold. Two of
 * three replicas lost their durable copy: a loss beyond what three replicas can survive, not a slip of catch-up or
 * recovery. Certain has no CRC on the DB (it would serve the damaged one); the start-empty DB is ours (seed 886244).
 *
 * Clean fuzz seed 1442369 (the eighth session's re-run from 1,440,000) reaches the same end by another road: only a3's
 * DB failed its CRC, and the other two DBs were emptied by Certain's own GetAllAndSet, which sets the flag and clears
 * the entity's DB (DBImpl.cpp steps 1-2) before it knows any source can serve it. a3 had answered NotFound for entry
 * 4 (at or below its MaxContChosenEntry, lost from its damaged PLog), so a1, the last DB holding entries 1..3, cleared itself to fetch entry 4 while
 * a2 was down and a3 was restarting with its DB lost; a2 (committed 2) then cleared itself for entry 3. A flagged DB
 * serves nobody (DBImpl's GetDBEntityMeta answers an error for a flag != 0, recovery-serve.ts), so every GetAllAndSet
 * fails for good and entries 1..3 are nowhere. A DB that is lost or flagged counts as gone alike.
 *
 * Clean fuzz seed 1600669 (the tenth session's ledger campaign from 1,600,000) loses the durable copies by a third road:
 * a1 and a3 chose e0 entry 7 (a1's accept durable, a3 accepted, marked it chosen, applied it and GC'd it); a1's PLog
 * record of that accept was then damaged and a1 restarted in amnesia (fence 9); its catch-up got NotFound from a3 and
 * its GetAllAndSet took a2 (local+1, Certain's source order, DBImpl.cpp), whose DB was at 6, so a1 ended at 6; then
 * a3's DB, the last copy of entry 7, failed its CRC (amnesia, fence 8) and a3 recovered from a1 at 6. Every DB was
 * refilled, so none is gone, yet entry 7 is in no PLog and no DB, and the two fences cover it: only a2 may vote there,
 * nothing can be chosen at 7 again and no node's CommittedEntry can pass 6. One PLog record and one DB lost: two of
 * three durable copies again, the same loss as above.
 *
 * Excused only in exactly that state: every node up and none loading, some entry k at or below the cluster's
 * MaxChosenEntry that no node's PLog holds a value for and no DB that can serve has applied (nor a GetAllAndSet is
 * fetching from such a DB), and a majority of the nodes that lost their copy of k: the entity's DB gone (`isDbLost`,
 * or flagged by a GetAllAndSet: `isDbOutOfService`), or a settled amnesia fence at or above k (a damaged PLog or DB:
 * the node may have held k and may not vote on it again). Returns the detail when excused, else null.
 */
export const chosenEntryLost = perEntity(chosenEntryLostNow, mayHaveLostCopies);

/**
 * chosenEntryLostNow's necessary condition: a majority of nodes whose DB is gone or who hold a settled amnesia fence
 * (lostCopy's two roads, for any entry). Fewer, and no entry can be excused: the answer is null.
 */
export function mayHaveLostCopies(view: View<NodeState>, entity: string): boolean {
  const nodes = view.nodes;
  let count = 0;
  for (let i = 0; i < nodes.length; i++) {
    const e = nodes[i]!.state?.entities[entity];
    if (e !== undefined && (isDbGone(e) || hasSettledFence(e))) count++;
  }
  return count >= majorityOf(nodes.length);
}

/** chosenEntryLost computed afresh (a pure function of the entity's states and recoveries: entity-memo.ts). */
export function chosenEntryLostNow(view: View<NodeState>, entity: string): string | null {
  const states: NodeState[] = [];
  for (const n of view.nodes) {
    if (n.state === undefined) return null; // a down node's disk may still hold the value
    states.push(n.state);
  }
  const ents = states.map((s) => s.entities[entity]);
  if (ents.some((e) => e === undefined || e.isLoading)) return null;
  const target = Math.max(...ents.map((e) => e!.maxChosen));
  const lowest = Math.min(...ents.map((e) => e!.committed));
  for (let k = lowest + 1; k <= target; k++) {
    if (states.some((s, i) => holdsInDb(s, ents[i]!, entity, k))) continue; // GetAllAndSet can copy it
    if (ents.some((e) => e!.entries[k]?.records.some((r) => r !== null && r !== undefined && r.value !== null) === true)) continue;
    // k is nowhere; excused only if a majority lost their copy (a gone DB, or an amnesia fence over k), else judged.
    const lost = view.nodes.flatMap((n, i) => {
      const why = lostCopy(ents[i]!, k);
      return why === null ? [] : [`${n.id} ${why}`];
    });
    if (lost.length < majorityOf(view.nodes.length)) return null;
    return `chosen-entry-lost: ${entity} entry ${k} is in no PLog and no DB (copies lost: ${lost.join(', ')})`;
  }
  return null;
}

/** How this node lost its copy of entry k, or null: its DB is gone, or an amnesia fence (damaged PLog or DB) covers k. */
function lostCopy(e: EntityState, k: number): string | null {
  if (isDbGone(e)) return e.amnesia?.isDbLost === true ? 'DB lost' : 'DB cleared';
  const fence = e.amnesia?.fence;
  return fence !== undefined && fence !== null && fence >= k ? `fenced to ${fence}` : null;
}

/** Does this node's DB hold entry k for a GetAllAndSet, or is its own GetAllAndSet fetching it from a DB that did? */
function holdsInDb(s: NodeState, e: EntityState, entity: string, k: number): boolean {
  if (!isDbGone(e)) return e.committed >= k;
  const r = s.recoveries[entity];
  return r !== undefined && (r.step === 'set-meta' || r.step === 'pages' || r.step === 'finish') && r.committed >= k;
}

/** Counted where it holds (RunResult.anomalies, the fuzz summary), so a campaign shows how often catch-up was waived. */
export const chosenEntryLostProbe: AnomalyProbe<NodeState> = {
  name: 'chosen-entry-lost',
  description: 'some chosen entry is in no PLog and no DB and a majority of acceptors lost their copy of it (a DB lost to a CRC failure, or cleared and flagged by a GetAllAndSet that found no source, after GC deleted entries it had applied; or an amnesia fence over the entry after a damaged PLog or DB): all-caught-up and the tail checks are waived for that entity',
  present(view) {
    if (!mayAnyEntityProbeHold(view)) return null; // no node holds a lost DB or a fence: mayHaveLostCopies is false for all
    for (const e of entityNames(view)) {
      const why = chosenEntryLost(view, e);
      if (why !== null) return why;
    }
    return null;
  },
};

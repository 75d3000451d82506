// The `chosen-entry-lost` excuse: a chosen entry whose value no node holds any more (a majority's DB failed its CRC).
import type { AnomalyProbe, View } from '../../sim/index.ts';
import type { NodeState } from './state.ts';
import { majorityOf } from './options.ts';

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
 * Excused only in exactly that state: every node up, a majority of them with `isDbLost` on the entity, and some entry
 * at or below the cluster's MaxChosenEntry that no node's PLog holds a value for and no node's DB has applied.
 * Returns the detail when excused, else null.
 */
export function chosenEntryLost(view: View<NodeState>, entity: string): string | null {
  const states: NodeState[] = [];
  for (const n of view.nodes) {
    if (n.state === undefined) return null; // a down node's disk may still hold the value
    states.push(n.state);
  }
  const ents = states.map((s) => s.entities[entity]);
  if (ents.some((e) => e === undefined)) return null;
  const lost = view.nodes.filter((_, i) => ents[i]!.amnesia?.isDbLost === true);
  if (lost.length < majorityOf(view.nodes.length)) return null;
  const target = Math.max(...ents.map((e) => e!.maxChosen));
  const lowest = Math.min(...ents.map((e) => e!.committed));
  for (let k = lowest + 1; k <= target; k++) {
    if (ents.some((e) => e!.committed >= k)) continue; // some DB has applied it: GetAllAndSet can copy it
    if (ents.some((e) => e!.entries[k]?.records.some((r) => r !== null && r !== undefined && r.value !== null) === true)) continue;
    return `chosen-entry-lost: ${entity} entry ${k} is in no PLog and no DB (${lost.map((n) => n.id).join(', ')} lost their DB)`;
  }
  return null;
}

/** Counted where it holds (RunResult.anomalies, the fuzz summary), so a campaign shows how often catch-up was waived. */
export const chosenEntryLostProbe: AnomalyProbe<NodeState> = {
  name: 'chosen-entry-lost',
  description: 'a majority of acceptors lost their DB (CRC failure) after GC deleted entries it had applied: some chosen entry is in no PLog and no DB, and all-caught-up is waived for that entity',
  present(view) {
    const entities = new Set<string>();
    for (const n of view.nodes) for (const e in n.state?.entities ?? {}) entities.add(e);
    for (const e of [...entities].sort()) {
      const why = chosenEntryLost(view, e);
      if (why !== null) return why;
    }
    return null;
  },
};

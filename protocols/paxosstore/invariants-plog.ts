// PLog high-water invariant, checked per node after every event: MaxPLogEntry covers every entry that holds a record
// of our own. Only store() (which raises MaxPLogEntry first) and loadEntity (which rebuilds it from the PLog) give us a
// record, so a lower value is a slip: at boot it also lowers MaxChosenEntry (= MaxPLogEntry − 1), and the acceptor
// forgets what its own PLog says was chosen (mutant storage.ts `Math.max` → `Math.min` passed every other check).
import { stateInvariant } from './state-invariant.ts';
import type { NodeState } from './state.ts';
import { entryList } from './entry-list.ts';
import { changedEntries } from './entry-diff.ts';

function nodeProblem(s: NodeState, id: string, passed: NodeState | undefined): string | null {
  for (const entity in s.entities) {
    const ent = s.entities[entity]!;
    // An entry the last passed state held (same object) passed under a MaxPLogEntry no higher than this one: only the
    // others are judged, or all when MaxPLogEntry went down.
    const was = passed?.entities[entity];
    const changed = changedEntries(was !== undefined && was.maxPlog <= ent.maxPlog ? was.entries : undefined, ent.entries);
    if (changed.length === 0) continue; // no entry to judge: its list is not looked up
    const { keys, infos } = entryList(ent.entries);
    for (let c = 0; c < changed.length; c++) {
      const i = changed[c]!;
      const entry = keys[i]!;
      if (entry <= ent.maxPlog) continue;
      const own = infos[i]!.records[s.idx]!;
      // An empty record is what entryOf creates for an entry we only heard of (catch-up, a probe): no PLog write.
      if (own.prepared > 0 || own.promised > 0 || own.accepted > 0 || own.isChosen) {
        return `${id} ${entity}: entry ${entry} holds our record (promised ${own.promised}, accepted ${own.accepted}) above max-plog-entry ${ent.maxPlog}`;
      }
    }
  }
  return null;
}

export const plogCoversRecords = stateInvariant(
  'plog-covers-records',
  'MaxPLogEntry is at least every entry holding a record of our own (store raises it; loading rebuilds it from the PLog)',
  nodeProblem,
);

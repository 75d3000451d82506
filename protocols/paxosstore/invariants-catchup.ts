// Catch-up window invariant, checked per node after every event: TryCatchup asks peers only for entries up to
// MaxChosenEntry (the entries some record shows chosen), never for open ones above it. An entry with a catch-up request
// on record (catchupAtUs set) above MaxChosenEntry is a slip: mutant catchup.ts `Math.min` → `Math.max` asked for
// max_catchup_num entries past the chosen ones on every tick and passed every other check.
import { stateInvariant } from './state-invariant.ts';
import type { NodeState } from './state.ts';
import { entryList } from './entry-list.ts';
import { changedEntries } from './entry-diff.ts';

/** MaxChosenEntry never goes down within an incarnation (progress-ordered), and catchupAtUs lives in memory only. */
function nodeProblem(s: NodeState, id: string, passed: NodeState | undefined): string | null {
  for (const entity in s.entities) {
    const ent = s.entities[entity]!;
    // An entry the last passed state held (same object) passed under a MaxChosenEntry no higher than this one: only the
    // others are judged, or all when MaxChosenEntry went down.
    const was = passed?.entities[entity];
    const changed = changedEntries(was !== undefined && was.maxChosen <= ent.maxChosen ? was.entries : undefined, ent.entries);
    if (changed.length === 0) continue; // no entry to judge: its list is not looked up
    const { keys, infos } = entryList(ent.entries);
    for (let c = 0; c < changed.length; c++) {
      const i = changed[c]!;
      const entry = keys[i]!;
      if (entry > ent.maxChosen && infos[i]!.catchupAtUs !== 0) {
        return `${id} ${entity}: asked a peer to catch up entry ${entry}, above max-chosen-entry ${ent.maxChosen}`;
      }
    }
  }
  return null;
}

export const catchupBelowMaxChosen = stateInvariant(
  'catchup-below-max-chosen',
  'TryCatchup asks only for entries up to MaxChosenEntry: no entry above it has a catch-up request on record',
  nodeProblem,
);

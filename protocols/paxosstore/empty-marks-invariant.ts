// Every check-empty mark answers its own entry's probe, checked per node on every in-memory PLog entry (not only the
// pending read's, which steps-taken checks). SetCheckedEmpty records an acceptor's empty answer to the read probe of
// that entry (spec, Reads: "each acceptor that has no promise/accept for that entry is recorded with SetCheckedEmpty");
// a read resets the entry's marks and stamps its probe's uuid (client.ts), and an answer sets a mark only on the entry
// it answers, for the read still pending with its uuid (paxos.ts onEmptyAnswer). So a peer's mark on any entry holds
// the uuid of that entry's own latest probe. Mutation sample 1 (paxos.ts onEmptyAnswer `cmd.entry !== m.entry` →
// false): an empty answer counted on the entry it names although the pending read probes another. Probe uuids are
// unique within one incarnation and repeat after a restart in the same second (Certain's generator: probe-uuid.ts), so
// it differs only when an answer to a probe sent before such a restart arrives after it, while a read with the same uuid is pending at another entry (scenario
// stale-empty-answer-after-restart); onEmptyAnswer then creates or copies the stale entry (below MaxContChosenEntry,
// where the PLog holds nothing) and marks it with a uuid that entry never probed, which steps-taken (pending read's
// entry only) does not see. Entry objects are immutable once published (published-entries-unchanged), so each is
// judged when it joins a node's state (entry-diff.ts), not again while it stays.
import type { EntryInfo, NodeState } from './state.ts';
import { stateInvariant } from './state-invariant.ts';
import { entryList } from './entry-list.ts';
import { changedEntries } from './entry-diff.ts';


function markProblem(info: EntryInfo, self: number): string | null {
  for (let j = 0; j < info.checkedEmpty.length; j++) {
    if (j === self || !info.checkedEmpty[j]) continue;
    const by = info.checkedEmptyBy[j];
    if (by !== info.checkedEmptyUuid || by === 0) return `acceptor ${j}'s check-empty mark answers probe ${by ?? 'none'}, the entry's own latest probe is ${info.checkedEmptyUuid === 0 ? 'none' : info.checkedEmptyUuid}`;
  }
  return null;
}

function nodeProblem(s: NodeState, id: string, passed: NodeState | undefined): string | null {
  for (const entity in s.entities) {
    const entries = s.entities[entity]!.entries;
    // Only the entry objects the last state that passed did not hold at the same entry number (entry-diff.ts).
    const changed = changedEntries(passed?.entities[entity]?.entries, entries);
    if (changed.length === 0) continue; // no entry to judge: its list is not looked up
    const { keys, infos } = entryList(entries);
    for (let c = 0; c < changed.length; c++) {
      const i = changed[c]!;
      const msg = markProblem(infos[i]!, s.idx);
      if (msg !== null) return `${id} ${entity} entry ${keys[i]}: ${msg}`;
    }
  }
  return null;
}

export const emptyMarksOwnProbe = stateInvariant(
  'empty-marks-own-probe',
  "every peer's check-empty mark on an in-memory PLog entry answers that entry's own latest read probe (an empty answer is counted only on the entry it answers, for the read pending with its uuid)",
  nodeProblem,
);

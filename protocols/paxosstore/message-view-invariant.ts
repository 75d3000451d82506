// A Paxos record message carries the sender's view of the receiver's record, checked per node on the messages a
// node holds. Certain's clsPaxosCmd carries both the sender's record and its view of the receiver's (spec: "Certain
// carries each acceptor's view of the entry state in every message"), and the receiver answers a record message that
// changed nothing only when that view is older than its own record (paxos.ts onRecord). A record message without the
// view is answered whatever it says, so two acceptors with equal records answer each other forever: a message storm
// that changes no state, so no per-event check saw it. Mutation sample 1 (paxos.ts sendPaxos `dest: p.dest === null ?
// null : p.dest` → always null, 2 mutants) ran about 8 times the CPU per seed and passed. Messages are not in the view,
// but a node holds some: its catch-up worker's queue (commands diverted to the rate-limited worker, on their way out)
// and its WaitingMsg slots (commands that arrived while the entry's PLog write was in flight). Only record messages
// (result ok, not a check-empty probe): the probe and the empty / not-found / remote-newer answers carry no view.
import type { PaxosMsg, PsMsg } from './messages.ts';
import type { NodeState } from './state.ts';
import { stateInvariant } from './state-invariant.ts';
import { entryList } from './entry-list.ts';
import { changedEntries } from './entry-diff.ts';

/** A record message that lacks the sender's view of the receiver's record. */
const lacksView = (m: PsMsg): m is PaxosMsg => m.type === 'paxos' && m.result === 'ok' && !m.isCheckEmpty && m.dest === null;

const describeMsg = (m: PaxosMsg): string => `a${m.from + 1} → a${m.to + 1} ${m.entity} entry ${m.entry}${m.isCatchup ? ' (catch-up)' : ''}`;

/**
 * What the node holds is judged only where it differs from `passed` (the last state of the node that passed): a
 * catch-up queue array and an entry object are replaced, never written, when they change (published-entries-unchanged),
 * so the ones `passed` held would pass again.
 */
function heldProblem(s: NodeState, passed: NodeState | undefined): string | null {
  const queue = s.catchup.queue;
  if (passed?.catchup.queue !== queue) {
    for (const q of queue) {
      if (lacksView(q.msg)) return `its catch-up queue holds a record message without the sender's view of the receiver's record: ${describeMsg(q.msg)}`;
    }
  }
  for (const entity in s.entities) {
    const entries = s.entities[entity]!.entries;
    const changed = changedEntries(passed?.entities[entity]?.entries, entries);
    if (changed.length === 0) continue; // no entry to judge: its list is not looked up
    const { keys, infos } = entryList(entries);
    for (let c = 0; c < changed.length; c++) {
      const i = changed[c]!;
      for (const m of infos[i]!.waiting) {
        if (m !== null && lacksView(m)) return `WaitingMsg of ${entity} entry ${keys[i]} holds a record message without the sender's view of the receiver's record: ${describeMsg(m)}`;
      }
    }
  }
  return null;
}

export const recordMessagesCarryView = stateInvariant(
  'record-messages-carry-view',
  "every Paxos record message a node holds (catch-up queue, WaitingMsg) carries the sender's view of the receiver's record, which the receiver needs to leave an answer that told it nothing unanswered",
  (s, id, passed) => {
    const msg = heldProblem(s, passed);
    return msg === null ? null : `${id} ${msg}`;
  },
);

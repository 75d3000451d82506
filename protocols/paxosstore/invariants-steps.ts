// Step invariants (CalcEntryState's two forward steps), checked per node after every event: a record set that shows a
// majority promised to our own prepared number has been accepted, and one that shows a majority accepted our accepted
// number is marked chosen; and a check-empty read's marks answer its own probe (the read's majority). Without them a protocol that never accepts or never chooses passed every check (mutant
// record.ts countWhere → 0: every write failed, reads answered from check-empty, the history stayed linearizable).
import { stateInvariant } from './state-invariant.ts';
import type { EntryRecord } from './record.ts';
import type { EntityState, EntryInfo, NodeState } from './state.ts';
import { entryList } from './entry-list.ts';
import { changedEntries } from './entry-diff.ts';

/** Counted here, not with record.ts's helpers: a slip in those must not blind the check that looks for it. */
function countIf(records: readonly EntryRecord[], pick: (r: EntryRecord) => boolean): number {
  let c = 0;
  for (const r of records) if (pick(r)) c += 1;
  return c;
}

// Does a peer's record (not ours) hold this promise / accepted ballot? Loops, not `some` with a closure: stepProblem
// runs for every entry of a node after each of its events. Records arrays are dense (one record per acceptor).
function hasPeerPromised(records: readonly EntryRecord[], self: number, ballot: number): boolean {
  for (let i = 0; i < records.length; i++) if (i !== self && records[i]!.promised === ballot) return true;
  return false;
}

function hasPeerAccepted(records: readonly EntryRecord[], self: number, ballot: number): boolean {
  for (let i = 0; i < records.length; i++) if (i !== self && records[i]!.accepted === ballot) return true;
  return false;
}

/**
 * What onRecord should have done with this record set, or null. Only onRecord writes peers' records, and it takes both
 * steps in the same call, so a state that shows the premise without the step is a slip. Left out: an entry whose PLog
 * write is pending (messages wait, the records do not move), a chosen record (kChosen comes first), an entry an
 * amnesiac acceptor may not vote on (canVote: no accept; it only adopts a chosen record), and a premise resting on our
 * own record alone (n = 1; propose does not wait for a peer).
 */
function stepProblem(ent: EntityState, entry: number, info: EntryInfo, self: number, majority: number): string | null {
  const local = info.records[self]!;
  if (info.isUncertain || local.isChosen) return null;
  if (ent.amnesia !== null && (ent.amnesia.fence === null || entry <= ent.amnesia.fence)) return null;
  if (local.prepared > 0 && local.promised === local.prepared && local.accepted < local.prepared && hasPeerPromised(info.records, self, local.prepared)) {
    const promised = countIf(info.records, (r) => r.promised === local.prepared);
    if (promised >= majority) return `${promised} of ${info.records.length} records promised our ballot ${local.prepared}, but we have not accepted it (accepted ${local.accepted})`;
  }
  if (local.accepted > 0 && hasPeerAccepted(info.records, self, local.accepted)) {
    const accepted = countIf(info.records, (r) => r.accepted === local.accepted);
    if (accepted >= majority) return `${accepted} of ${info.records.length} records accepted ballot ${local.accepted}, but our record is not chosen`;
  }
  return null;
}

/**
 * The read half of counting a majority: a check-empty read counts only the empty answers to its own probe. Every mark
 * of another acceptor on the entry of a pending check-empty read names the probe that set it (checkedEmptyBy, recorded
 * by paxos.ts), and that must be the read's probe (checkedEmptyUuid): an empty answer to an earlier probe of the same
 * entry may predate a value accepted since (the stale-emptiness class of check-empty-counts-nonempty; mutation sample
 * paxos.ts `cmd.uuid !== m.uuid` → false). Only while the read is pending: the marks matter to no one after it.
 */
function probeProblem(s: NodeState, entity: string): string | null {
  const cmd = s.cmds[entity];
  if (cmd?.kind !== 'read' || cmd.valueId !== null) return null;
  const info = s.entities[entity]?.entries[cmd.entry];
  if (info === undefined) return null;
  for (let j = 0; j < info.checkedEmpty.length; j++) {
    if (j === s.idx || !info.checkedEmpty[j]) continue;
    if (info.checkedEmptyBy[j] !== info.checkedEmptyUuid) return `entry ${cmd.entry}: acceptor ${j}'s check-empty mark answers probe ${info.checkedEmptyBy[j]}, the pending read's probe is ${info.checkedEmptyUuid}`;
  }
  return null;
}

/**
 * A check-empty read is never left pending at an entry the node knows is chosen: the read probes MaxChosenEntry+1, and
 * a peer that passed it answers RemoteNewer carrying its MaxChosenEntry, which fails the read at once (seed §1: "read
 * fails, catch-up runs"; client.ts settleCmd fails any such read as `remote-newer`). Every path that raises
 * MaxChosenEntry while a read is pending settles the command in the same event (onPaxos's RemoteNewer case, onRecord,
 * tryCatchup). Mutation sample 2 (paxos.ts `case 'remote-newer'` → `""`): the answer raised MaxChosenEntry and was then
 * dropped, so the read hung until its 600 ms timeout and catch-up waited for the next message; no other check saw it.
 */
function staleReadProblem(s: NodeState, entity: string): string | null {
  const cmd = s.cmds[entity];
  if (cmd?.kind !== 'read' || cmd.valueId !== null) return null;
  const ent = s.entities[entity];
  if (ent === undefined || ent.isLoading || cmd.entry > ent.maxChosen) return null;
  return `check-empty read of entry ${cmd.entry} still pending although max-chosen-entry is ${ent.maxChosen} (RemoteNewer must fail it)`;
}

/**
 * IsReadOK: a pending check-empty read whose own record is still empty, with a majority of empty marks (its own
 * included) at MaxChosenEntry+1 and the DB level with the entry before, is answered in the event that completed the
 * majority (onEmptyAnswer settles at once). Mutation sample 2 (client.ts `count >= majorityOf(d.n)` → `>`): a read
 * then needed every acceptor's answer, so it failed whenever one was down or slow; after the heal all answer and the
 * tail reads still succeeded, so no other check saw it.
 */
function unansweredReadProblem(s: NodeState, entity: string): string | null {
  const cmd = s.cmds[entity];
  if (cmd?.kind !== 'read' || cmd.valueId !== null) return null;
  const ent = s.entities[entity];
  const info = ent?.entries[cmd.entry];
  if (ent === undefined || info === undefined || ent.isLoading || ent.maxChosen >= cmd.entry || ent.committed !== cmd.entry - 1) return null;
  const local = info.records[s.idx]!;
  if (local.prepared > 0 || local.promised > 0 || local.accepted > 0 || local.isChosen) return null;
  const count = info.checkedEmpty.filter((x) => x).length;
  if (count < Math.floor(s.n / 2) + 1) return null;
  return `check-empty read of entry ${cmd.entry} has ${count} of ${s.n} empty answers (a majority) and is still pending`;
}

/**
 * The entries of `was` (the entity in the last state that passed) need no second look in `ent`: stepProblem read of the
 * entity only whether it is loading and its amnesia fence, and they are the same.
 */
function isJudgedAlike(was: EntityState | undefined, ent: EntityState): was is EntityState {
  if (was === undefined || was.isLoading) return false;
  const a = was.amnesia;
  const b = ent.amnesia;
  return a === b || (a !== null && b !== null && a.fence === b.fence);
}

function nodeProblem(s: NodeState, id: string, passed: NodeState | undefined): string | null {
  const majority = Math.floor(s.n / 2) + 1;
  for (const entity in s.cmds) {
    const msg = probeProblem(s, entity) ?? staleReadProblem(s, entity) ?? unansweredReadProblem(s, entity);
    if (msg !== null) return `${id} ${entity} ${msg}`;
  }
  for (const entity in s.entities) {
    const ent = s.entities[entity]!;
    if (ent.isLoading) continue;
    const was = passed?.entities[entity];
    const changed = changedEntries(isJudgedAlike(was, ent) ? was.entries : undefined, ent.entries);
    if (changed.length === 0) continue; // no entry to judge: its list is not looked up
    const { keys, infos } = entryList(ent.entries);
    for (let c = 0; c < changed.length; c++) {
      const i = changed[c]!;
      const msg = stepProblem(ent, keys[i]!, infos[i]!, s.idx, majority);
      if (msg !== null) return `${id} ${entity} entry ${keys[i]}: ${msg}`;
    }
  }
  return null;
}

export const stepsTaken = stateInvariant(
  'steps-taken',
  'a record set showing a majority promise for our prepared number is accepted, one showing a majority accepted our number is chosen (CalcEntryState); a pending check-empty read counts only empty answers to its own probe is failed once its entry is known chosen, and is answered once a majority is empty',
  nodeProblem,
);

// The PS4 excuse of `one-chosen-value` (FIDELITY.md PS4): a second chosen value is Certain's own hazard only when every
// acceptor common to the two choosing quorums forgot its vote at that entry by one cause, and nothing else:
//   1. GC deleted the entry from its PLog (it vanished from memory within an incarnation, at or below CommittedEntry
//      before and after that step);
//   2. a GetAllAndSet then moved its DB back from L to a source's C < entry ≤ L (CommittedEntry fell within an
//      incarnation while MaxContChosenEntry stayed: recovery-end.ts's `recovery-db-moved-back`, not a bug flag's
//      counter reset, which takes MaxContChosenEntry down with it);
//   3. its next incarnation loaded the counters at exactly C from intact files (no amnesia: not a damaged PLog or DB)
//      and holds no vote of its own at that entry.
// A vote lost from an unsynced PLog write (ack-before-durable) never passes 1 (GC is the only in-incarnation delete
// above C), a damaged PLog never passes 3. The check's memory is kept here, per view (read-only: it watches states).
import type { View } from '../../sim/index.ts';
import type { EntityState, NodeState } from './state.ts';
import { majorityOf } from './options.ts';
import type { EntryList } from './entry-list.ts';
import { entryList } from './entry-list.ts';

/** A node's incarnation that booted with its vote at an entry forgotten by PS4's cause. */
export interface Forgetting { readonly step: number; readonly from: number; readonly to: number; readonly incarnation: number }

interface EntityTrack {
  ent: EntityState;
  /**
   * entryList(ent.entries), kept with it: the next change of the entity walks this list, and by then the record may
   * lie deep in (or have left) entry-list.ts's cache of recent records, which other nodes' changes refill.
   */
  list: EntryList;
  /** Entries GC deleted from this node's PLog (any incarnation). */
  readonly gcDeleted: Set<number>;
  /** The latest move-back of the DB in the incarnation before the next boot: CommittedEntry L → C. */
  moveBack: { readonly from: number; readonly to: number } | null;
}

interface NodeTrack {
  state: NodeState;
  incarnation: number;
  readonly entities: Map<string, EntityTrack>;
}

export interface VoteTracker {
  /** Counts observed node-state changes: orders votes and forgettings. */
  step: number;
  /** Per node, by its position in view.nodes (fixed for a run). */
  readonly nodes: (NodeTrack | undefined)[];
  /** `${idx}/${entity}/${entry}` → when that acceptor booted having forgotten the entry by PS4's cause. */
  readonly forgotten: Map<string, Forgetting>;
  /** `${entity}/${entry}` → value id → ballot → acceptor idx → step its own record first showed that vote. */
  readonly votes: Map<string, Map<string, Map<number, Map<number, number>>>>;
}

const trackers = new WeakMap<object, VoteTracker>();

/** Bring the view's tracker up to date with the node states it has not seen yet (unchanged states are skipped). */
export function observeVotes(view: View<NodeState>): VoteTracker {
  let t = trackers.get(view);
  if (t === undefined) {
    t = { step: 0, nodes: [], forgotten: new Map(), votes: new Map() };
    trackers.set(view, t);
  }
  const nodes = view.nodes;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    const s = n.state;
    if (s === undefined) continue;
    const nt = t.nodes[i];
    if (nt !== undefined && nt.state === s && nt.incarnation === n.incarnation) continue;
    t.step++;
    const isBoot = nt !== undefined && nt.incarnation !== n.incarnation;
    const track: NodeTrack = nt ?? { state: s, incarnation: n.incarnation, entities: new Map() };
    for (const entity in s.entities) observeEntity(t, track, entity, s.entities[entity]!, s.idx, isBoot || nt === undefined, isBoot);
    track.state = s;
    track.incarnation = n.incarnation;
    if (nt === undefined) t.nodes[i] = track;
  }
  return t;
}

/**
 * Adds to `gcDeleted` the entries our own record held a vote (a value) for in `prev` that `ent` no longer holds, at or
 * below CommittedEntry before and after: GC deletes only there (gcTick's floor), so an entry that vanishes as the DB
 * moves back below it (recovery-end.ts drops entries up to the source's entry) is not a GC delete. Reads prev's entry
 * list (entry-list.ts, kept per record object) instead of a set of held entries rebuilt whenever the entries changed.
 */
function noteGcDeletes(gcDeleted: Set<number>, prev: EntityState, was: EntryList, ent: EntityState, list: EntryList, idx: number): void {
  const floor = Math.min(prev.committed, ent.committed);
  const { keys, infos } = was;
  // Both lists ascend (entry-list.ts): one merge walk finds the numbers `ent` no longer holds, without a keyed read each.
  const now = list.keys;
  let j = 0;
  for (let i = 0; i < keys.length; i++) {
    const e = keys[i]!;
    if (e > floor) break;
    while (j < now.length && now[j]! < e) j++;
    if (j < now.length && now[j] === e) continue;
    if (infos[i]!.records[idx]?.value != null) gcDeleted.add(e);
  }
}

function observeEntity(t: VoteTracker, nt: NodeTrack, entity: string, ent: EntityState, idx: number, isFresh: boolean, isBoot: boolean): void {
  let et = nt.entities.get(entity);
  const old = isFresh ? undefined : et?.ent;
  // The same entity object as last seen, no boot: every step below would leave the track as it is (each entry is the
  // one seen), so a node's other entities cost one comparison when one of them changed.
  if (old !== undefined && old === ent) return;
  // The walks below see `old` only where it is et.ent (old is undefined otherwise), so et.list is its list.
  const was = old === undefined ? null : et!.list;
  const list = old !== undefined && old.entries === ent.entries ? et!.list : entryList(ent.entries);
  if (et === undefined) {
    et = { ent, list, gcDeleted: new Set(), moveBack: null };
    nt.entities.set(entity, et);
  } else if (isBoot) {
    const mb = et.moveBack;
    if (mb !== null && ent.isLoading && ent.amnesia === null && ent.committed === mb.to) {
      for (const e of et.gcDeleted) {
        if (e <= mb.to || e > mb.from || ent.entries[e]?.records[idx]?.value != null) continue;
        t.forgotten.set(`${idx}/${entity}/${e}`, { step: t.step, from: mb.from, to: mb.to, incarnation: nt.incarnation + 1 });
      }
    }
    et.moveBack = null;
  } else if (et.ent !== ent) {
    const prev = et.ent;
    if (prev.entries !== ent.entries) noteGcDeletes(et.gcDeleted, prev, et.list, ent, list, idx);
    if (ent.committed < prev.committed && ent.maxCont >= prev.maxCont) et.moveBack = { from: prev.committed, to: ent.committed };
  }
  et.ent = ent;
  et.list = list;
  if (old !== undefined && old.entries === ent.entries) return; // no entry object changed: no new vote
  // Every entry, skipping the objects `old` held at the same number: entry-diff.ts's changedEntries here measured
  // 0.965x (A/B, 30 seeds from 1000; the twentieth session's 0.969x too), its cache missing on this pair. Both lists
  // ascend, so one merge walk of old's list (kept on the track) finds them without a keyed read of
  // the record per entry (its keys are elements: a dictionary lookup each).
  // An entry whose own record is the object the last list's entry at the same number held is skipped too: every own
  // vote of that list was added (the walk above skips only what an earlier walk added: by induction from a track's
  // first walk, which takes every entry) and votes are never removed, so addVote would find its voter there. A peer's
  // record written into an entry copies the entry but keeps our own record object.
  const { keys, infos } = list;
  let j = 0;
  for (let i = 0; i < keys.length; i++) {
    const e = keys[i]!;
    const info = infos[i]!;
    const own = info.records[idx];
    if (was !== null) {
      while (j < was.keys.length && was.keys[j]! < e) j++;
      if (j < was.keys.length && was.keys[j] === e && (was.infos[j] === info || was.infos[j]!.records[idx] === own)) continue;
    }
    if (own === undefined || own.accepted <= 0 || own.value === null) continue;
    addVote(t, `${entity}/${e}`, own.value.id, own.accepted, idx);
  }
}

function addVote(t: VoteTracker, key: string, valueId: string, ballot: number, idx: number): void {
  let byValue = t.votes.get(key);
  if (byValue === undefined) t.votes.set(key, (byValue = new Map()));
  let byBallot = byValue.get(valueId);
  if (byBallot === undefined) byValue.set(valueId, (byBallot = new Map()));
  let voters = byBallot.get(ballot);
  if (voters === undefined) byBallot.set(ballot, (voters = new Map()));
  if (!voters.has(idx)) voters.set(idx, t.step);
}

/** The acceptors whose votes chose `valueId` (at any ballot a majority accepted it), each with its first such vote's step. */
function choosingQuorum(t: VoteTracker, key: string, valueId: string, majority: number): Map<number, number> | null {
  const q = new Map<number, number>();
  for (const voters of t.votes.get(key)?.get(valueId)?.values() ?? []) {
    if (voters.size < majority) continue;
    for (const [i, step] of voters) q.set(i, Math.min(q.get(i) ?? step, step));
  }
  return q.size === 0 ? null : q;
}

/**
 * The excuse for value `second` chosen at `entity` entry `entry` where `first` was: the detail when every acceptor common
 * to the two choosing quorums forgot the entry by PS4's cause between its two votes, else null (a violation).
 */
export function forgottenVoteExcuse(view: View<NodeState>, entity: string, entry: number, first: string, second: string): string | null {
  const t = observeVotes(view);
  const key = `${entity}/${entry}`;
  const majority = majorityOf(view.nodes.length);
  const qa = choosingQuorum(t, key, first, majority);
  const qb = choosingQuorum(t, key, second, majority);
  if (qa === null || qb === null) return null; // a chosen value we saw no majority vote for: nothing to excuse it by
  const common: string[] = [];
  for (const [i, sa] of qa) {
    const sb = qb.get(i);
    if (sb === undefined) continue;
    const f = t.forgotten.get(`${i}/${key}`);
    if (f === undefined || f.step <= Math.min(sa, sb) || f.step > Math.max(sa, sb)) return null;
    common.push(`a${i + 1} (DB moved back ${f.from}→${f.to}, restarted at ${f.to})`);
  }
  if (common.length === 0) return null; // two majorities always meet; no common voter means votes we did not see
  return `${entity} entry ${entry}: ${second} chosen after ${first}; every common voter forgot the entry after GC and a DB moved back: ${common.join(', ')}`;
}

/** Excused second values found by `one-chosen-value`, per view (the probe below counts them). */
export const excusedSeconds = new WeakMap<object, string[]>();

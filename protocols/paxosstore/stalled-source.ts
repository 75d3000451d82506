// The `recovery-from-stalled-source` excuse: a node whose every GetAllAndSet copies a stalled DB that is not ahead of it.
import type { AnomalyProbe, View } from '../../sim/index.ts';
import type { EntityState, NodeState } from './state.ts';
import { isDbOutOfService } from './state.ts';
import { isDbStalled } from './db-stalled.ts';
import { entityNames, perEntity } from './entity-memo.ts';
import { mayAnyEntityProbeHold } from './rare-entities.ts';

/**
 * Clean fuzz seed 1442764 (the eighth session's re-run from 1,440,000): a3's GetAllAndSet took a2 (its local+1) at
 * entry 5 while a3 had applied up to 9 (`recovery-db-moved-back`), and entries 6..8 were GC'd from every PLog, so a3's
 * DB stalls at 5 for good (`isDbStalled`, Certain's StorageCorrupt). a2 then lagged at 5 too: its catch-up of entry 6
 * got NotFound from both peers (GC'd), and its GetAllAndSet asks a3 first (local+1) - DBImpl.cpp takes the first source
 * whose meta call succeeds, and a stalled DB's does (its flag is clear), so every recovery "succeeds" at a3's entry 5
 * and never reaches a1 (entry 20). Certain does the same (the default `isRecoverSourceBehindSkipped: false`, FIDELITY
 * P15/S21): a second node held back by the first one's moved-back DB, for good.
 *
 * Excused only in exactly that state, for node `i`: every node up; our DB in service and below the cluster's
 * MaxChosenEntry; no OTHER node's PLog holds a value for the entry our catch-up asks for (MaxContChosenEntry + 1), so
 * catch-up can only NotFound or wait; and the first source our GetAllAndSet would get an answer from (local+1, local+2,
 * ...: up, loaded, in service, DB not lost) is a stalled DB whose CommittedEntry is not above ours. Our DB is either
 * level with MaxContChosenEntry (seed 1442764) or itself stalled (`isDbStalled`: its next entry gone from our PLog):
 *
 * - A stalled node (guided seed 2064170: a3's DB stalled at 6, max-cont 8, its local+1 a4 stalled at 6) is held the
 *   same way: catch-up asks only above MaxContChosenEntry (TryCatchup), that entry is NotFound everywhere, so
 *   GetAllAndSet runs again and copies a4's DB at 6; HandleRecoverRspCmd only raises the counters (UpdateIfLessThan),
 *   the entry after the DB is still missing from our PLog, and the DB stays stalled, recovery after recovery.
 * - Our own PLog's record at that entry is not looked at (guided seed 2061372: a1 at 0 held an accepted, never chosen
 *   vote at entry 1): TryCatchup commits an entry only once it is chosen here, else SyncToPeer asks a peer, and a
 *   client command targets MaxChosenEntry + 1 only, so no new Paxos round ever opens there. Our vote could still be
 *   chosen only by a peer that has not passed the entry (a peer's PLog answers NotFound at or below its
 *   MaxContChosenEntry and never votes there again), so when our log holds a value there every peer must have passed it;
 *   and the record must be neither chosen nor waiting for its PLog write (then it is applied as soon as it is stored).
 * Returns the detail when excused, else null. The detail says who recovers from whom and where the DBs stand, not the
 * probe's name: the anomaly record already leads with it (`recovery-from-stalled-source: <detail>`).
 */
export function heldByStalledSource(view: View<NodeState>, entity: string, i: number, target: number): string | null {
  const states = view.nodes.map((n) => n.state);
  if (states.some((s) => s === undefined)) return null;
  const ents = states.map((s) => s!.entities[entity]);
  if (ents.some((x) => x === undefined)) return null;
  const e = ents[i]!;
  if (e.isLoading || isDbOutOfService(e) || e.maxCont >= target) return null;
  const isOwnDbStalled = isDbStalled(e, i);
  if (e.committed !== e.maxCont && !isOwnDbStalled) return null;
  const next = e.maxCont + 1;
  if (ents.some((x, p) => p !== i && holdsValue(x!, next))) return null;
  const own = e.entries[next];
  if (own !== undefined && (own.isUncertain || own.records.some((r) => r?.isChosen === true))) return null; // chosen here: applies once stored
  if (holdsValue(e, next) && ents.some((x, p) => p !== i && x!.maxCont < next)) return null;
  const n = view.nodes.length;
  for (let pos = 0; pos < n - 1; pos++) {
    const p = (i + 1 + pos) % n;
    const src = ents[p]!;
    if (!answersMeta(src)) continue;
    if (!isDbStalled(src, p) || src.committed > e.committed) return null;
    const ours = isOwnDbStalled ? `ours stalled at ${e.committed}, max-cont-chosen ${e.maxCont}` : `ours at ${e.committed}`;
    return `${view.nodes[i]!.id} ${entity} recovers from ${view.nodes[p]!.id}, whose DB stalled at ${src.committed} (${ours}, cluster max chosen ${target})`;
  }
  return null;
}

/** Does any record this log keeps for the entry (its own or its view of a peer's) carry a value? */
const holdsValue = (x: EntityState, entry: number): boolean => x.entries[entry]?.records.some((r) => r !== null && r !== undefined && r.value !== null) === true;

/** Would this DB answer a GetAllAndSet meta request OK (recovery-serve.ts onMetaReq)? */
const answersMeta = (e: EntityState): boolean => !e.isLoading && !isDbOutOfService(e) && e.amnesia?.isDbLost !== true;

/** Counted where it holds (RunResult.anomalies, the fuzz summary), so a campaign shows how often catch-up was waived. */
export const recoveryFromStalledSource: AnomalyProbe<NodeState> = {
  name: 'recovery-from-stalled-source',
  description: 'a node lags below the cluster\'s MaxChosenEntry (its DB level with its MaxContChosenEntry, or itself stalled), the entry its catch-up asks for is GC\'d from every other PLog (its own unchosen vote there cannot be learned), and the first GetAllAndSet source that answers (DBImpl.cpp order) is a DB stalled after recovery-db-moved-back at or below ours: every recovery ends where it began, and all-caught-up is waived for that node',
  present(view) {
    if (!mayAnyEntityProbeHold(view)) return null; // no node holds a stalled DB: hasStalledDb is false for every entity
    for (const e of entityNames(view)) {
      const why = stalledSourceIn(view, e);
      if (why !== null) return why;
    }
    return null;
  },
};

/** The first node (in node order) the entity's recovery holds at a stalled source, or null. */
export function stalledSourceInNow(view: View<NodeState>, e: string): string | null {
  const target = Math.max(0, ...view.nodes.map((n) => n.state?.entities[e]?.maxChosen ?? 0));
  for (let i = 0; i < view.nodes.length; i++) {
    const why = heldByStalledSource(view, e, i, target);
    if (why !== null) return why;
  }
  return null;
}

/** stalledSourceInNow remembered while the entity's states stay the same objects (entity-memo.ts). */
export const stalledSourceIn = perEntity(stalledSourceInNow, hasStalledDb);

/**
 * stalledSourceInNow's necessary condition: some node's DB of the entity is stalled (isDbStalled), the only kind of
 * source heldByStalledSource excuses. Without one the answer is null.
 */
export function hasStalledDb(view: View<NodeState>, entity: string): boolean {
  const nodes = view.nodes;
  for (let p = 0; p < nodes.length; p++) {
    const e = nodes[p]!.state?.entities[entity];
    if (e !== undefined && isDbStalled(e, p)) return true;
  }
  return false;
}

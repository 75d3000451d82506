// Progress: chosen entries advance MaxContChosenEntry, EntityCatchUp applies them to the DB (written
// asynchronously), CheckForCatchUp syncs missing entries from the active peer, PLog GC deletes applied entries.
import type { EntityState } from './state.ts';
import { acceptorId, isDbOutOfService, isUncertain } from './state.ts';
import { dbAmnesiaMark, dbFile, plogFile, plogSnapshot } from './storage.ts';
import type { D, DEntity, Env } from './env.ts';
import { deleteEntry, entityOf, entryOf, setProgress } from './env.ts';
import { sortedNames } from './sorted-names.ts';
import { sendPaxos } from './paxos.ts';
import { valueOwner } from './record.ts';
import { settleCmd } from './client.ts';

/** A record of ours became chosen at `entry`. */
export function noteChosen(d: D, env: Env, entity: string, entry: number): void {
  const ent = entityOf(d, entity);
  // P7 (EntityWorker.cpp@40ada56 L2539-2546): our own value chosen here gives us pre-auth on the next entry.
  const v = ent.entries[entry]?.records[d.idx]?.value;
  if (env.opts.isPreAuthEnabled && v !== undefined && v !== null && valueOwner(v.id) === d.idx && ent.preAuthEntry < entry + 1) ent.preAuthEntry = entry + 1;
  // P8 (L2553-2558): a non-master acceptor drops its write-rejection lease when MaxChosenEntry moves up.
  if (entry > ent.maxChosen && d.idx !== 0 && ent.leaseUntilUs !== 0) ent.leaseUntilUs = 0;
  if (entry > ent.maxChosen) setProgress(ent, 'maxChosen', entry);
  tryCatchup(d, env, entity);
}

/** UpdateByChosenEntry + EntityCatchUp: advance MaxContChosenEntry over chosen entries, then apply them to the DB. */
function advance(d: D, env: Env, ent: DEntity, entity: string): void {
  let guard = 0;
  while (guard++ < 100_000) {
    const next = ent.entries[ent.maxCont + 1];
    // TryCatchup skips an uncertain entry: its chosen mark may rest on our own vote that is not durable yet.
    if (next === undefined || next.isUncertain || !next.records[d.idx]!.isChosen) break;
    setProgress(ent, 'maxCont', ent.maxCont + 1);
    if (ent.maxCont > ent.maxChosen) setProgress(ent, 'maxChosen', ent.maxCont);
  }
  // DbWorker::DoJob commits nothing while the DB's recover flag is set (db_worker.cc L39).
  if (isDbOutOfService(ent)) return;
  while (ent.committed < ent.maxCont) {
    const info = ent.entries[ent.committed + 1];
    if (info === undefined) break;
    const v = info.records[d.idx]!.value;
    if (v === null) break;
    ent.db = ent.db.withApplied(v) as DEntity["db"];
    setProgress(ent, 'committed', ent.committed + 1);
  }
  ensureDbWrite(d, env, entity);
  const a = ent.amnesia;
  if (a !== null && a.fence !== null && ent.maxCont >= a.fence) {
    // Every entry our lost votes could touch is now chosen and known: vote again, and rewrite a clean PLog.
    ent.amnesia = null;
    env.ctx.replace(plogFile(entity), plogSnapshot(ent as EntityState, d.idx));
    env.ctx.fsync(plogFile(entity), { kind: 'gc', entity });
    // And drop the DB record's amnesia marker (a DB write already in flight keeps it until the next commit: a restart
    // then probes the fence again, which costs liveness only).
    if (!ent.isDbWriting && !isDbOutOfService(ent)) writeDb(d, env, entity);
  }
}

/** TryCatchup: commit what is chosen locally, then ask the active peer for up to maxCatchupNum missing entries. */
export function tryCatchup(d: D, env: Env, entity: string): void {
  const ent = entityOf(d, entity);
  if (ent.isLoading) return;
  advance(d, env, ent, entity);
  settleCmd(d, env, entity, null);
  if (ent.isGetAllPending) return;
  const dest = Math.min(ent.maxChosen, ent.maxCont + env.opts.maxCatchupNum);
  for (let e = ent.maxCont + 1; e <= dest; e++) {
    const info = entryOf(d, ent, e);
    const local = info.records[d.idx]!;
    if (local.isChosen || info.isUncertain || info.catchupAtUs > env.ctx.nowUs) continue;
    // A retry goes to the next peer: the active one may be the one that does not know.
    if (info.catchupAtUs !== 0) ent.activePeer = nextPeer(d, ent.activePeer);
    info.catchupAtUs = env.ctx.nowUs + env.opts.catchupTimeoutUs;
    const peer = ent.activePeer;
    sendPaxos(d, env, { entity, entry: e, to: peer, src: local, dest: info.records[peer]!, isCatchup: true });
  }
  ensureTick(d, env);
}

/** Keep the worker-loop timer armed while some entity still has entries to fetch or awaits its fence. */
export function ensureTick(d: D, env: Env): void {
  if (d.isTickArmed) return;
  if (!isTickNeeded(d)) return;
  d.isTickArmed = true;
  env.ctx.setTimer('tick', env.opts.tickIntervalUs);
}

/** Does some entity still have entries to fetch, or a fence still to settle? (A for-in: no values array per call.) */
function isTickNeeded(d: D): boolean {
  for (const k in d.entities) {
    const e = d.entities[k]!;
    if (!e.isGetAllPending && (e.maxCont < e.maxChosen || (e.amnesia !== null && e.amnesia.fence === null))) return true;
  }
  return false;
}

export function nextPeer(d: D, from: number): number {
  const p = (from + 1) % d.n;
  return p === d.idx ? (p + 1) % d.n : p;
}

/** One DB write in flight per entity: a snapshot (replace) + fsync; dbDurable moves when it completes. */
export function ensureDbWrite(d: D, env: Env, entity: string): void {
  const ent = entityOf(d, entity);
  if (ent.isDbWriting || ent.isLoading || isDbOutOfService(ent) || ent.committed === ent.dbDurable) return;
  writeDb(d, env, entity);
}

export function writeDb(d: D, env: Env, entity: string): void {
  const ent = entityOf(d, entity);
  ent.isDbWriting = true;
  env.ctx.replace(dbFile(entity), [{ committed: ent.committed, isRecovering: false, kv: ent.db.kv, applied: ent.db.applied, ...dbAmnesiaMark(ent as EntityState) }]);
  env.ctx.fsync(dbFile(entity), { kind: 'db', entity, committed: ent.committed, isRecovering: false });
}

export function onDbDone(d: D, env: Env, entity: string, committed: number): void {
  const ent = entityOf(d, entity);
  ent.isDbWriting = false;
  if (isDbOutOfService(ent)) return;
  ent.dbDurable = Math.max(ent.dbDurable, committed);
  ensureDbWrite(d, env, entity);
}

/** Load finished (PLog and DB fsync'd): serve, and start catching up from what the files said. */
export function onLoaded(d: D, env: Env, entity: string): void {
  const ent = entityOf(d, entity);
  ent.isLoading = false;
  // A flagged DB stays as it is on disk (rewriting it here would clear the flag over partial KVs).
  if (!ent.isRecoverFlag) writeDb(d, env, entity);
  tryCatchup(d, env, entity);
}

/** PLog GC: delete entries applied to a durable DB at least one GC period ago. */
export function gcTick(d: D, env: Env): void {
  for (const entity of sortedNames(d.entities)) {
    const ent = entityOf(d, entity);
    if (ent.isLoading || isDbOutOfService(ent) || ent.amnesia !== null) continue;
    const floor = Math.min(ent.gcCandidate, ent.dbDurable, ent.committed);
    let isDeleted = false;
    for (const key of Object.keys(ent.entries)) {
      const e = Number(key);
      if (e <= floor && !isUncertain(ent, e)) {
        deleteEntry(ent, e);
        isDeleted = true;
      }
    }
    if (isDeleted) {
      env.ctx.replace(plogFile(entity), plogSnapshot(ent as EntityState, d.idx));
      env.ctx.fsync(plogFile(entity), { kind: 'gc', entity });
    }
    ent.gcCandidate = ent.dbDurable;
  }
}

export const peerIds = (d: D): string[] => Array.from({ length: d.n }, (_, i) => i).filter((i) => i !== d.idx).map(acceptorId);

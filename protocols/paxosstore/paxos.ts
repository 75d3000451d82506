// Per-entry TPaxos at one node: persist-before-send stores, broadcasts, WaitingMsg, and the PaxosCmd handler
// (DoWithPaxosCmd): piggy-backed progress, check-empty probes, RemoteNewer / NotFound answers, Update + Accept.
import type { PaxosMsg, PaxosResult } from './messages.ts';
import type { EntryRecord } from './record.ts';
import { EMPTY_RECORD, adoptPeer, hasMajorityPromise, isEmptyRecord, isMajorityAccepted, isRecordNewer, sameRecord, valueToAccept } from './record.ts';
import { majorityOf } from './options.ts';
import { acceptorId, isUncertain } from './state.ts';
import { assert } from '../../sim/index.ts';
import { plogFile } from './storage.ts';
import type { D, DEntity, Env } from './env.ts';
import { bug, canVote, copyCmds, entityOf, entryOf, own, setProgress } from './env.ts';
import { enqueueCatchup } from './worker.ts';
import { settleCmd } from './client.ts';
import { noteChosen, tryCatchup } from './catchup.ts';
import { requestRecovery } from './recover-queue.ts';
import { enqueuePlog } from './plog-writer.ts';
import { NO_STALE_MARKS, PROBE_UUID_REUSED, noteStaleMark } from './probe-uuid.ts';

export interface PaxosSend {
  readonly entity: string; readonly entry: number; readonly to: number; readonly src: EntryRecord; readonly dest: EntryRecord | null;
  readonly isCheckEmpty?: boolean; readonly isCatchup?: boolean; readonly uuid?: number; readonly result?: PaxosResult; readonly probeBootUs?: number | undefined;
}

/** GoAndDeleteIfFailed: a command about an entry the sender already passed goes through the catch-up worker. */
export function sendPaxos(d: D, env: Env, p: PaxosSend): void {
  const ent = d.entities[p.entity];
  assert(ent !== undefined, `unknown entity ${p.entity}`);
  const msg: PaxosMsg = {
    type: 'paxos', entity: p.entity, entry: p.entry, from: d.idx, to: p.to, src: p.src, dest: p.dest === null ? null : p.dest,
    maxChosen: ent.maxChosen, isCheckEmpty: p.isCheckEmpty ?? false, isCatchup: p.isCatchup ?? false, uuid: p.uuid ?? 0, result: p.result ?? 'ok',
    // Checker bookkeeping only where it means something: a check-empty probe and the answers to one.
    ...(p.probeBootUs === undefined ? {} : { probeBootUs: p.probeBootUs }),
  };
  const isLagging = msg.entry < msg.maxChosen || (msg.entry === msg.maxChosen && !msg.src.isChosen);
  if (isLagging) enqueueCatchup(d, env, p.to, msg);
  else env.ctx.sendDatagram(acceptorId(p.to), msg);
}

/** Send our record to `targets` (each with our view of its record). */
export function syncRecord(d: D, env: Env, entity: string, entry: number, targets: readonly number[]): void {
  const ent = d.entities[entity];
  assert(ent !== undefined, `unknown entity ${entity}`);
  const info = ent.entries[entry]!;
  for (const j of targets) {
    if (j !== d.idx) sendPaxos(d, env, { entity, entry, to: j, src: info.records[d.idx]!, dest: info.records[j]! });
  }
}

const allPeers = (d: D): number[] => Array.from({ length: d.n }, (_, j) => j).filter((j) => j !== d.idx);

/**
 * StoreEntryInfo: write our record to the PLog; peers hear of it only once the write is durable. Our own proposal
 * steps (prepare, accept, chosen) are broadcast; an acceptor's answer goes back to the sender only.
 */
export function store(d: D, env: Env, entity: string, entry: number, answerTo: number | null = null): void {
  const ent = entityOf(d, entity);
  const info = entryOf(d, ent, entry);
  d.nextSeq++;
  info.writeSeq = d.nextSeq;
  ent.maxPlog = Math.max(ent.maxPlog, entry);
  info.syncTo = answerTo === null ? allPeers(d) : [answerTo];
  if (env.opts.plogBatchMax > 0 && !bug(env, 'ack-before-durable')) {
    // Group commit (PlogWorker, P6): the record is written with the worker's next batch; peers hear of it after that.
    info.isUncertain = true;
    enqueuePlog(d, env, { entity, entry, seq: d.nextSeq, rec: info.records[d.idx]! });
    return;
  }
  env.ctx.append(plogFile(entity), { entry, rec: info.records[d.idx]! });
  if (bug(env, 'ack-before-durable')) {
    // sync=false PLog: the record sits in the page cache while the message already leaves.
    syncRecord(d, env, entity, entry, info.syncTo);
    return;
  }
  info.isUncertain = true;
  env.ctx.fsync(plogFile(entity), { kind: 'plog', entity, entry, seq: d.nextSeq });
}

/** HandleSetFromPlog: the write is durable; broadcast, then re-run the commands that waited (DoWithWaitingMsg). */
export function onPlogDone(d: D, env: Env, entity: string, entry: number, seq: number): void {
  const ent = entityOf(d, entity);
  const cur = ent.entries[entry];
  if (cur === undefined || !cur.isUncertain || cur.writeSeq !== seq) return;
  const info = entryOf(d, ent, entry);
  info.isUncertain = false;
  // HandleSetFromPlog → UpdateByChosenEntry: a chosen mark counts (MaxChosen, commit, client OK) once it is durable.
  if (info.records[d.idx]!.isChosen) noteChosen(d, env, entity, entry);
  syncRecord(d, env, entity, entry, info.syncTo);
  const waiting = info.waiting.map((m) => m);
  info.waiting = own(info.waiting);
  for (let j = 0; j < d.n; j++) info.waiting[j] = null;
  for (const m of waiting) if (m !== null) onPaxos(d, env, m);
}

/** An answer to `m`; an answer to a check-empty probe names the incarnation that sent the probe (probe-uuid.ts). */
function reply(d: D, env: Env, m: PaxosMsg, src: EntryRecord, dest: EntryRecord | null, result: PaxosResult): void {
  const probeBootUs = m.isCheckEmpty ? m.probeBootUs ?? 0 : undefined;
  sendPaxos(d, env, { entity: m.entity, entry: m.entry, to: m.from, src, dest, uuid: m.uuid, result, isCatchup: m.isCatchup, probeBootUs });
}

export function onPaxos(d: D, env: Env, m: PaxosMsg): void {
  const cur = d.entities[m.entity];
  if (cur === undefined || m.to !== d.idx || m.from === d.idx || m.from < 0 || m.from >= d.n) return;
  if (cur.isLoading) return;
  const ent = entityOf(d, m.entity);
  // A NotFound answer's MaxChosenEntry is not learned: Certain handles eRetCodeNotFound before CheckForCatchUp, the only
  // place iMaxChosenEntry rises (EntityWorker.cpp @40ada56 L1644-1670, L1296-1306; clean seed 1741621).
  if (m.result !== 'not-found' && m.maxChosen > ent.maxChosen) {
    setProgress(ent, 'maxChosen', m.maxChosen);
    ent.activePeer = m.from;
  }
  switch (m.result) {
    case 'remote-newer':
      failReadOnProbe(d, env, m, 'remote-newer');
      tryCatchup(d, env, m.entity);
      return;
    case 'not-found':
      onNotFound(d, env, ent, m);
      return;
    case 'empty':
      onEmptyAnswer(d, env, m);
      return;
    case 'ok':
      if (m.isCheckEmpty) onCheckEmptyProbe(d, env, ent, m);
      else onRecord(d, env, ent, m);
      tryCatchup(d, env, m.entity);
      return;
    default: {
      const x: never = m.result;
      return x;
    }
  }
}

function failReadOnProbe(d: D, env: Env, m: PaxosMsg, why: string): void {
  const cmd = d.cmds[m.entity];
  if (cmd?.kind === 'read' && cmd.valueId === null && cmd.uuid === m.uuid && cmd.entry === m.entry) settleCmd(d, env, m.entity, { ok: false, error: why });
}

function onNotFound(d: D, env: Env, ent: DEntity, m: PaxosMsg): void {
  if (ent.isGetAllPending || ent.maxCont >= m.entry) return;
  if (ent.lastRecoverEndUs !== null && env.ctx.nowUs - ent.lastRecoverEndUs < env.opts.recoverIntervalUs) return;
  requestRecovery(d, env, m.entity, m.entry);
}

/** The read probe at entry maxChosen+1: RemoteNewer if we passed it, empty if we hold nothing, else our record. */
function onCheckEmptyProbe(d: D, env: Env, ent: DEntity, m: PaxosMsg): void {
  if (m.entry <= ent.maxChosen) {
    reply(d, env, m, EMPTY_RECORD, null, 'remote-newer');
    return;
  }
  if (!canVote(ent, m.entry)) return;
  const info = ent.entries[m.entry];
  if (info?.isUncertain === true) {
    if (info.waiting[m.from] !== null) env.ctx.log(`WaitingMsg ${m.entity}/${m.entry}: newer command from a${m.from + 1} replaces an older one`);
    const w = entryOf(d, ent, m.entry);
    (w.waiting = own(w.waiting))[m.from] = m;
    d.waitedCount++;
    return;
  }
  const local = info?.records[d.idx] ?? EMPTY_RECORD;
  if (isEmptyRecord(local)) reply(d, env, m, EMPTY_RECORD, null, 'empty');
  else reply(d, env, m, local, info!.records[m.from]!, 'ok');
}

/** SetCheckedEmpty for the answering acceptor while our own record is still empty. */
function onEmptyAnswer(d: D, env: Env, m: PaxosMsg): void {
  const cmd = d.cmds[m.entity];
  if (cmd?.kind !== 'read' || cmd.valueId !== null || cmd.uuid !== m.uuid || cmd.entry !== m.entry) return;
  const ent = entityOf(d, m.entity);
  const info = entryOf(d, ent, m.entry);
  if (!isEmptyRecord(info.records[d.idx]!)) return;
  // Certain cannot tell an answer to our previous incarnation's probe from one to ours (same uuid: both booted in one
  // second); the model counts it, and remembers which marks rest on such answers only (probe-uuid.ts).
  const isStale = (m.probeBootUs ?? 0) < d.bootUs;
  if (isStale) env.ctx.anomaly(PROBE_UUID_REUSED, `${env.ctx.self} ${m.entity} entry ${m.entry}: a${m.from + 1}'s empty answer to probe ${m.uuid} of the incarnation booted at ${m.probeBootUs ?? 0} us counted for this incarnation's read`);
  const prev = cmd.staleMarks ?? NO_STALE_MARKS;
  const stale = noteStaleMark(prev, m.from, isStale, info.checkedEmpty[m.from] === true);
  if (stale !== prev) (d.cmds = own(d.cmds, copyCmds))[m.entity] = { ...cmd, staleMarks: [...stale] };
  (info.checkedEmpty = own(info.checkedEmpty))[m.from] = true;
  (info.checkedEmptyBy = own(info.checkedEmptyBy))[m.from] = m.uuid;
  settleCmd(d, env, m.entity, null);
}

/** UpdateRecord: learn the sender's record, Update our own (promise / adopt / chosen), Accept if we may, store. */
function onRecord(d: D, env: Env, ent: DEntity, m: PaxosMsg): void {
  const maj = majorityOf(d.n);
  const existing = ent.entries[m.entry];
  if (existing === undefined && m.entry <= ent.maxCont) {
    // Applied and GC'd (or superseded by a recovery): the PLog has nothing to serve.
    if (!m.src.isChosen) reply(d, env, m, EMPTY_RECORD, null, 'not-found');
    return;
  }
  const info = entryOf(d, ent, m.entry);
  if (servesStaleAccept(env, ent, m, info.records[d.idx]!)) {
    // HandleIfLocalChosen → PlogReadonlyWorker: answered from the PLog, before any Update.
    reply(d, env, m, { ...info.records[d.idx]!, isChosen: true }, info.records[m.from]!, 'ok');
    return;
  }
  if (info.isUncertain) {
    if (info.waiting[m.from] !== null) env.ctx.log(`WaitingMsg ${m.entity}/${m.entry}: newer command from a${m.from + 1} replaces an older one`);
    (info.waiting = own(info.waiting))[m.from] = m;
    d.waitedCount++;
    return;
  }
  const cmd = d.cmds[m.entity];
  if (bug(env, 'check-empty-counts-nonempty') && cmd?.kind === 'read' && cmd.valueId === null && cmd.uuid === m.uuid && cmd.entry === m.entry) {
    (info.checkedEmpty = own(info.checkedEmpty))[m.from] = true;
    (info.checkedEmptyBy = own(info.checkedEmptyBy))[m.from] = m.uuid;
    settleCmd(d, env, m.entity, null);
  }
  // Work on a copy of the records and assign it back once.
  const recs = [...info.records];
  if (isRecordNewer(recs[m.from]!, m.src)) recs[m.from] = m.src;
  const before = recs[d.idx]!;
  const isVoter = canVote(ent, m.entry);
  let local = isVoter ? adoptPeer(before, m.src) : m.src.isChosen ? adoptPeer(before, m.src) : before;
  recs[d.idx] = local;
  let isOwnStep = false;
  // CalcEntryState answers kChosen before kMajorityPromise: a chosen record is never re-accepted.
  if (isVoter && !local.isChosen && hasMajorityPromise(recs, d.idx, maj, bug(env, 'tpaxos-ap-guard'))) {
    isOwnStep = true;
    const own = info.proposal ?? { id: `${env.ctx.self}:noop:${m.entity}:${m.entry}:${local.prepared}`, key: null, val: 0 };
    const value = valueToAccept(recs, local.prepared, own);
    local = { ...local, accepted: local.prepared, value, promised: Math.max(local.promised, local.prepared) };
    recs[d.idx] = local;
  }
  if (!local.isChosen && isMajorityAccepted(recs, d.idx, maj)) {
    isOwnStep = true;
    local = { ...local, isChosen: true };
    recs[d.idx] = local;
  }
  info.records = recs;
  if (!sameRecord(before, local)) {
    // P8 (EntityWorker.cpp@40ada56 L1528-1533): a competing proposer's message moved our record (PromiseRemote /
    // AcceptRemote) above MaxChosenEntry: client writes here are rejected while the lease runs.
    if (env.opts.writeRejectLeaseUs > 0 && m.entry > ent.maxChosen && !local.isChosen && local.promised > local.prepared) ent.leaseUntilUs = env.ctx.nowUs + env.opts.writeRejectLeaseUs;
    store(d, env, m.entity, m.entry, isOwnStep ? null : m.from);
    // Only a sync=false PLog (ack-before-durable) leaves the entry certain here; else onPlogDone notes it.
    if (local.isChosen && !isUncertain(ent, m.entry)) noteChosen(d, env, m.entity, m.entry);
  } else if (m.dest === null || isRecordNewer(m.dest, local)) {
    reply(d, env, m, local, info.records[m.from]!, 'ok');
  }
  settleCmd(d, env, m.entity, null);
}

/** H-PS-1 (bug): a catch-up request below MaxContChosenEntry is answered from the PLog, any accept marked chosen. */
function servesStaleAccept(env: Env, ent: DEntity, m: PaxosMsg, local: EntryRecord): boolean {
  return bug(env, 'stale-accept-served-as-chosen') && m.isCatchup && m.entry <= ent.maxCont && local.accepted > 0 && !local.isChosen;
}

export { setProgress };

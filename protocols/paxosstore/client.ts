// Client commands (one per entity at a time): writes propose at MaxChosenEntry+1; reads run EntityCatchUp, then
// the check-empty probe on MaxChosenEntry+1 and answer from the local DB once a majority is empty.
import type { ReqId } from '../../sim/index.ts';
import { assert } from '../../sim/index.ts';
import type { EntryRecord, Value } from './record.ts';
import { EMPTY_RECORD, isEmptyRecord, nextBallot } from './record.ts';
import { majorityOf } from './options.ts';
import type { D, Env } from './env.ts';
import { bug, canVote, copyCmds, dropCmd, entityOf, entryOf, own } from './env.ts';
import { sendPaxos, store } from './paxos.ts';
import { tryCatchup } from './catchup.ts';
import { isDbOutOfService, isUncertain } from './state.ts';
import { requestRecovery } from './recover-queue.ts';
import { noteReadOnReusedProbe, takeUuid } from './probe-uuid.ts';

export type ClientOpIn =
  | { readonly type: 'write'; readonly entity: string; readonly key: string; readonly value: number }
  | { readonly type: 'read'; readonly entity: string; readonly key: string };

/** `isMaybeApplied`: a failed write whose value may still have been chosen (the model then allows both outcomes). */
export type ClientResult = { readonly ok: true; readonly value?: number | null } | { readonly ok: false; readonly error: string; readonly isMaybeApplied?: boolean };

/**
 * Value ids must differ across incarnations: a restarted node's counter starts again, and a chosen value left by the
 * previous incarnation with the same id would answer the new command OK (fuzz seed 800013). The first incarnation,
 * booted at 0, keeps the short form.
 */
const valueIdPrefix = (d: D, env: Env): string => (d.bootUs === 0 ? env.ctx.self : `${env.ctx.self}@${d.bootUs}`);

/** Why the entity cannot take a command now, or null. */
function refusal(d: D, env: Env, entity: string, isRead: boolean): string | null {
  const ent = d.entities[entity];
  if (ent === undefined) return 'no-such-entity';
  if (ent.isLoading) return 'loading';
  if (isDbOutOfService(ent) && !(isRead && bug(env, 'read-during-recovery'))) return 'get-all-pending';
  if (d.cmds[entity] !== undefined) return 'client-cmd-conflict';
  return null;
}

/**
 * Wrapper::Replay (wrapper.cc L132-135): a DB whose recover flag is set (a crash inside GetAllAndSet, or a queue
 * failure after an abort) answers RecoverPending and triggers a recovery (TriggerRecover: not if one is pending,
 * not within the 60 s guard). Nothing else starts one for it unless a peer answers NotFound above MaxContChosenEntry.
 */
function triggerRecoverOnFlag(d: D, env: Env, entity: string): void {
  const ent = d.entities[entity]!;
  if (!ent.isRecoverFlag || ent.isGetAllPending) return;
  if (ent.lastRecoverEndUs !== null && env.ctx.nowUs - ent.lastRecoverEndUs < env.opts.recoverIntervalUs) return;
  // No entry was NotFound: a source is good enough if it is not behind the DB meta we hold.
  requestRecovery(d, env, entity, ent.committed);
}

export function onClient(d: D, env: Env, reqId: ReqId, op: ClientOpIn): void {
  const why = refusal(d, env, op.entity, op.type === 'read');
  if (why !== null) {
    env.ctx.reply(reqId, { ok: false, error: why } satisfies ClientResult);
    if (why === 'get-all-pending') triggerRecoverOnFlag(d, env, op.entity);
    return;
  }
  const ent = entityOf(d, op.entity);
  if (op.type === 'read' && isDbOutOfService(ent)) {
    // read-during-recovery (bug): the DB is being cleared and refilled, yet it answers.
    env.ctx.reply(reqId, { ok: true, value: ent.db.kv[op.key] ?? null } satisfies ClientResult);
    return;
  }
  tryCatchup(d, env, op.entity);
  const entry = ent.maxChosen + 1;
  const lag = ent.maxCont < ent.maxChosen || ent.committed < ent.maxCont ? 'catching-up' : !canVote(ent, entry) ? 'amnesia' : null;
  if (lag !== null) {
    env.ctx.reply(reqId, { ok: false, error: lag } satisfies ClientResult);
    return;
  }
  const info = entryOf(d, ent, entry);
  if (info.isUncertain) {
    env.ctx.reply(reqId, { ok: false, error: 'entry-busy' } satisfies ClientResult);
    return;
  }
  const local = info.records[d.idx]!;
  // P8 (2017 lease, EntityWorker.cpp@40ada56 L673-685): after the check-empty read path, before any proposal.
  const isLeased = env.opts.writeRejectLeaseUs > 0 && ent.leaseUntilUs > env.ctx.nowUs;
  if (op.type === 'read') {
    // GetNextUUID (probe-uuid.ts): a read, once past EntityCatchUp, takes the next uuid of this incarnation.
    const uuid = takeUuid(d);
    if (bug(env, 'read-without-check-empty')) {
      env.ctx.reply(reqId, { ok: true, value: ent.db.kv[op.key] ?? null } satisfies ClientResult);
      return;
    }
    if (!isEmptyRecord(local) && isLeased) return leaseReject(d, env, reqId);
    if (!isEmptyRecord(local)) {
      // ReportWriteForRead / HandleReadCmd → HandleWriteCmd: an instance is open here, so the read runs Paxos like
      // a write with an empty batch; it succeeds if its own no-op is chosen (then nothing else was at this entry).
      d.nextSeq++;
      const valueId = `${valueIdPrefix(d, env)}:${d.nextSeq}:read`;
      const timerId = env.ctx.setTimer('cmd-timeout', env.opts.clientCmdTimeoutUs, { entity: op.entity, reqId });
      (d.cmds = own(d.cmds, copyCmds))[op.entity] = { kind: 'read', reqId, entry, key: op.key, uuid, timerId, valueId };
      d.readsViaPaxos++;
      propose(d, env, op.entity, entry, { id: valueId, key: null, val: 0 });
      return;
    }
    info.checkedEmpty = own(info.checkedEmpty);
    for (let j = 0; j < d.n; j++) info.checkedEmpty[j] = j === d.idx;
    info.checkedEmptyUuid = uuid;
    info.checkedEmptyBy = Array.from({ length: d.n }, () => 0);
    const timerId = env.ctx.setTimer('cmd-timeout', env.opts.clientCmdTimeoutUs, { entity: op.entity, reqId });
    (d.cmds = own(d.cmds, copyCmds))[op.entity] = { kind: 'read', reqId, entry, key: op.key, uuid, timerId, valueId: null };
    for (let j = 0; j < d.n; j++) {
      if (j !== d.idx) sendPaxos(d, env, { entity: op.entity, entry, to: j, src: EMPTY_RECORD, dest: null, isCheckEmpty: true, uuid, probeBootUs: d.bootUs });
    }
    settleCmd(d, env, op.entity, null);
    return;
  }
  if (isLeased) return leaseReject(d, env, reqId);
  d.nextSeq++;
  const valueId = `${valueIdPrefix(d, env)}:${d.nextSeq}`;
  const timerId = env.ctx.setTimer('cmd-timeout', env.opts.clientCmdTimeoutUs, { entity: op.entity, reqId });
  (d.cmds = own(d.cmds, copyCmds))[op.entity] = { kind: 'write', reqId, entry, valueId, timerId };
  propose(d, env, op.entity, entry, { id: valueId, key: op.key, val: op.value });
}

/** Promise: a fresh ballot of ours on `entry`, stored before the prepare leaves; `value` goes out unless Accept must re-propose another. */
function propose(d: D, env: Env, entity: string, entry: number, value: Value): void {
  const ent = entityOf(d, entity);
  const info = entryOf(d, ent, entry);
  const local = info.records[d.idx]!;
  if (local.isChosen || info.isUncertain) return;
  if (isPreAuthorised(d, env, ent.preAuthEntry, entry, info.records)) {
    // P7 (EntityWorker.cpp@40ada56 L693-704, LocalAcceptFirst=1): our own value was chosen at entry-1, so the number
    // reserved for us (idx + 1: every other proposer skips it, and a prepare's ballot is above n) is the lowest anyone
    // can use here. No lower proposal can have been accepted, so phase 1 is empty: we accept at once and broadcast.
    const pn = d.idx + 1;
    (info.records = own(info.records))[d.idx] = { prepared: pn, promised: pn, accepted: pn, value, isChosen: false };
    info.proposal = value;
    d.preAuthProposals++;
    store(d, env, entity, entry);
    return;
  }
  const pn = nextBallot(Math.max(local.promised, local.prepared), d.idx, d.n);
  (info.records = own(info.records))[d.idx] = { ...local, prepared: pn, promised: pn };
  info.proposal = value;
  store(d, env, entity, entry);
}

/**
 * Pre-auth holds only on the entry after one chosen with our value, while nobody's number is known there yet
 * (Certain: GetNextPreparedNum still gives the first number, idx + 1, and the local record is empty).
 */
function isPreAuthorised(d: D, env: Env, preAuthEntry: number, entry: number, records: readonly EntryRecord[]): boolean {
  return env.opts.isPreAuthEnabled && entry === preAuthEntry && records.every(isEmptyRecord) && d.n > 1;
}

/** eRetCodeLeaseReject: a competing proposer reached us lately; nothing was proposed, so the write did not happen. */
function leaseReject(d: D, env: Env, reqId: ReqId): void {
  d.leaseRejects++;
  env.ctx.reply(reqId, { ok: false, error: 'lease-reject' } satisfies ClientResult);
}

/** Answer the entity's command if its fate is known; `forced` answers it now with that result. */
export function settleCmd(d: D, env: Env, entity: string, forced: ClientResult | null): void {
  const cmd = d.cmds[entity];
  if (cmd === undefined) return;
  // Read only (the entity is not written here): no copy of it.
  const ent = d.entities[entity];
  assert(ent !== undefined, `unknown entity ${entity}`);
  let result: ClientResult | null = forced;
  // FinishClientCmd(kRetCodeOk) runs in HandleSetFromPlog: a chosen mark on an uncertain entry is not an answer yet.
  const isDurable = !isUncertain(ent, cmd.entry);
  if (result === null && cmd.kind === 'write' && isDurable) {
    const local = ent.entries[cmd.entry]?.records[d.idx];
    if (local?.isChosen === true) result = local.value?.id === cmd.valueId ? { ok: true } : { ok: false, error: 'state-accept-failed' };
  }
  if (result === null && cmd.kind === 'read' && cmd.valueId !== null) {
    if (!isDurable) return;
    const local = ent.entries[cmd.entry]?.records[d.idx];
    if (local?.isChosen === true) result = local.value?.id === cmd.valueId ? { ok: true, value: ent.db.kv[cmd.key] ?? null } : { ok: false, error: 'state-accept-failed' };
    if (result?.ok === true) d.readsViaPaxosOk++;
  } else if (result === null && cmd.kind === 'read') {
    const info = ent.entries[cmd.entry];
    const local = info?.records[d.idx] ?? EMPTY_RECORD;
    const count = info === undefined ? 0 : countMarks(info.checkedEmpty);
    if (ent.maxChosen >= cmd.entry || ent.committed !== cmd.entry - 1) result = { ok: false, error: 'remote-newer' };
    else if (count >= majorityOf(d.n) && (isEmptyRecord(local) || bug(env, 'check-empty-counts-nonempty'))) {
      result = { ok: true, value: ent.db.kv[cmd.key] ?? null };
      noteReadOnReusedProbe(d, env, entity, cmd.key, count, cmd.staleMarks, result);
    }
    else if (!isEmptyRecord(local) && !bug(env, 'check-empty-counts-nonempty')) result = { ok: false, error: 'read-failed' };
  }
  if (result === null) return;
  env.ctx.cancelTimer(cmd.timerId);
  env.ctx.reply(cmd.reqId, result);
  dropCmd(d, entity);
}

/** How many check-empty marks are set (`marks.filter((x) => x).length` without the closure and the array). */
function countMarks(marks: readonly boolean[]): number {
  let count = 0;
  for (let i = 0; i < marks.length; i++) if (marks[i]) count++;
  return count;
}

/** The command timed out: drop it unanswered (its write may still be chosen, so the client must not hear "failed"). */
export function onCmdTimeout(d: D, entity: string, reqId: number): void {
  const cmd = d.cmds[entity];
  if (cmd !== undefined && cmd.reqId === reqId) dropCmd(d, entity);
}

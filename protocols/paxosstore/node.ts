// The acceptor actor: boot (load every entity from PLog + DB, fsync before serving) and input dispatch.
import type { Actor, Input } from '../../sim/index.ts';
import { unreachable } from '../../sim/index.ts';
import type { FenceReplyMsg, PsMsg } from './messages.ts';
import type { PaxosStoreOptions } from './options.ts';
import type { NodeState } from './state.ts';
import { acceptorId, acceptorIdx, entityName } from './state.ts';
import type { DiskTag } from './storage.ts';
import { dbFile, loadEntity, plogFile } from './storage.ts';
import type { D, Env } from './env.ts';
import { beginHandler, entityOf, finishHandler, own, setProgress } from './env.ts';
import { onPaxos, onPlogDone } from './paxos.ts';
import { ensureTick, gcTick, onDbDone, onLoaded, tryCatchup } from './catchup.ts';
import { onCatchupSlice } from './worker.ts';
import { freshPlogWriter, onPlogBatchDone, onPlogPoll } from './plog-writer.ts';
import { freshRateCtrl } from './catchup-ctrl.ts';
import { freshGetAllRspQueue, onGetAllRequeue, onGetAllRspServed } from './getall-rsp.ts';
import type { GetAllRspItem } from './getall-rsp.ts';
import type { ClientOpIn } from './client.ts';
import { onClient, onCmdTimeout } from './client.ts';
import { onRecoverStart, requestRecovery } from './recover-queue.ts';
import { onRecoverDbDone } from './recovery.ts';
import { onMetaRsp, onPageRsp, onRecoverRpcTimeout } from './recovery-sources.ts';
import { doWithGetAllRsp, onRecoverRetry } from './recovery-end.ts';
import { onMetaReq, onPageReq } from './recovery-serve.ts';
import { firstUuid } from './probe-uuid.ts';
import { sortedNames } from './sorted-names.ts';

export const actor: Actor<NodeState, PsMsg, PaxosStoreOptions> = {
  boot(node, disk, ctx, opts, bugs) {
    const idx = acceptorIdx(node.id);
    const n = opts.acceptorCount;
    const entities: Record<string, ReturnType<typeof loadEntity>> = {};
    for (let i = 0; i < opts.entityCount; i++) {
      const e = entityName(i);
      entities[e] = loadEntity(e, disk, n, idx, bugs.has('paxosstore/trust-damaged-plog'));
      ctx.fsync(dbFile(e));
      ctx.fsync(plogFile(e), { kind: 'load', entity: e } satisfies DiskTag);
    }
    ctx.setTimer('tick', opts.tickIntervalUs);
    ctx.setTimer('gc', opts.plogGcIntervalUs);
    return {
      idx, n, entities, cmds: {}, recoveries: {}, snapshots: [], nextSeq: 0, bootUs: ctx.nowUs, uuidNext: firstUuid(idx, ctx.nowUs), reusedProbeRead: null, recoveriesDone: 0, recoveriesAborted: 0, waitedCount: 0,
      isTickArmed: true, recoverQueue: [], recoverCtrl: freshRateCtrl(ctx.nowUs), isRecoverSleeping: false, recoveriesThrottled: 0, recoverQueueFailed: 0, readsViaPaxos: 0, readsViaPaxosOk: 0,
      plogWriter: freshPlogWriter(ctx.nowUs), getAllRsp: freshGetAllRspQueue(), preAuthProposals: 0, leaseRejects: 0,
      catchup: {
        queue: [], ctrl: freshRateCtrl(ctx.nowUs), isHeadPaid: false, isTicking: false, idleSinceUs: ctx.nowUs, idlePollWaits: 0, droppedCount: 0, sentCount: 0, byteThrottledCount: 0, countThrottledCount: 0,
        recent: [], maxBytesPerSecond: opts.catchupMaxBytesPerSecond, maxCountPerSecond: opts.catchupMaxCountPerSecond, sliceUs: opts.catchupSliceUs,
      },
    };
  },
  handle(s, input: Input<PsMsg>, ctx, opts, bugs) {
    const env: Env = { ctx, opts, bugs };
    // Copy-on-write by hand (env.ts): immer's proxies cost more than the handlers themselves.
    const d = beginHandler(s);
    dispatch(d, env, input);
    return finishHandler(s, d);
  },
};

function dispatch(d: D, env: Env, input: Input<PsMsg>): void {
  switch (input.type) {
    case 'message': return onMessage(d, env, input.msg);
    case 'client': return onClient(d, env, input.reqId, input.op as unknown as ClientOpIn);
    case 'timer': return onTimer(d, env, input.name, input.data);
    case 'disk-done': return onDisk(d, env, input.tag as DiskTag | undefined);
    case 'conn-opened':
    case 'conn-closed':
      return;
    default: return unreachable(input);
  }
}

function onMessage(d: D, env: Env, m: PsMsg): void {
  switch (m.type) {
    case 'paxos': return onPaxos(d, env, m);
    case 'fence-probe': {
      const ent = d.entities[m.entity];
      if (ent === undefined || ent.isLoading) return;
      const maxEntry = Math.max(ent.maxPlog, ent.maxChosen, ent.committed, ...Object.keys(ent.entries).map(Number));
      env.ctx.sendDatagram(acceptorId(m.from), { type: 'fence-reply', from: d.idx, entity: m.entity, maxEntry, maxChosen: ent.maxChosen } satisfies FenceReplyMsg);
      return;
    }
    case 'fence-reply': return onFenceReply(d, env, m);
    case 'recover-meta-req': return onMetaReq(d, env, m);
    case 'recover-meta-rsp': return onMetaRsp(d, env, m);
    case 'recover-page-req': return onPageReq(d, env, m);
    case 'recover-page-rsp': return onPageRsp(d, env, m);
    default: return unreachable(m);
  }
}

/** Every peer answered: our lost votes can only touch entries up to the highest one anyone saw, plus one. */
function onFenceReply(d: D, env: Env, m: FenceReplyMsg): void {
  const cur = d.entities[m.entity]?.amnesia;
  if (cur === null || cur === undefined || cur.fence !== null || cur.answered.includes(m.from)) return;
  const ent = entityOf(d, m.entity);
  const a = (ent.amnesia = own(cur));
  (a.answered = own(a.answered)).push(m.from);
  a.maxSeen = Math.max(a.maxSeen, m.maxEntry);
  if (m.maxChosen > ent.maxChosen) {
    setProgress(ent, 'maxChosen', m.maxChosen);
    ent.activePeer = m.from;
  }
  if (a.answered.length >= d.n - 1) {
    a.fence = a.maxSeen + 1;
    env.ctx.log(`amnesia ${m.entity}: votes again above entry ${a.fence}`);
  }
  tryCatchup(d, env, m.entity);
}

function onTimer(d: D, env: Env, name: string, data: unknown): void {
  switch (name) {
    case 'tick': return tick(d, env);
    case 'gc':
      env.ctx.setTimer('gc', env.opts.plogGcIntervalUs);
      return gcTick(d, env);
    case 'catchup-slice': return onCatchupSlice(d, env);
    case 'plog-poll': return onPlogPoll(d, env);
    case 'cmd-timeout': {
      const t = data as { entity: string; reqId: number };
      return onCmdTimeout(d, t.entity, t.reqId);
    }
    case 'recover-rpc': {
      const t = data as { entity: string; rpcId: number };
      return onRecoverRpcTimeout(d, env, t.entity, t.rpcId);
    }
    case 'recover-retry': {
      const t = data as { entity: string; needEntry: number };
      return onRecoverRetry(d, env, t.entity, t.needEntry, requestRecovery);
    }
    case 'recover-start': return onRecoverStart(d, env);
    case 'getall-rsp-served': return onGetAllRspServed(d, env, doWithGetAllRsp);
    case 'getall-requeue': return onGetAllRequeue(d, env, data as GetAllRspItem, doWithGetAllRsp);
    default: return;
  }
}

/**
 * Worker loop (IterateAndCatchup): round-robin catch-up and fence probes. Certain polls every entity; a loop turn
 * with nothing to catch up does nothing, so the timer runs only while some entity has something to fetch
 * (armed again by tryCatchup when that changes). No progress datagram: a node learns of newer entries only from
 * the max chosen entry piggy-backed on Paxos traffic (sources-and-bugs.md §3.3, §3.7).
 */
function tick(d: D, env: Env): void {
  d.isTickArmed = false;
  const names = sortedNames(d.entities);
  for (let j = 0; j < d.n; j++) {
    if (j === d.idx) continue;
    for (const e of names) {
      const ent = d.entities[e]!;
      if (ent.amnesia !== null && ent.amnesia.fence === null && !ent.isLoading) {
        env.ctx.sendDatagram(acceptorId(j), { type: 'fence-probe', from: d.idx, entity: e });
      }
    }
  }
  for (const e of names) tryCatchup(d, env, e);
  ensureTick(d, env);
}

function onDisk(d: D, env: Env, tag: DiskTag | undefined): void {
  if (tag === undefined) return;
  switch (tag.kind) {
    case 'plog': return onPlogDone(d, env, tag.entity, tag.entry, tag.seq);
    case 'db': return onDbDone(d, env, tag.entity, tag.committed);
    case 'load': return onLoaded(d, env, tag.entity);
    case 'gc': return;
    case 'plog-batch': return onPlogBatchDone(d, env, tag.batchId, tag.file);
    case 'recover-db': return onRecoverDbDone(d, env, tag.entity, tag.rpcId);
    default: return unreachable(tag);
  }
}

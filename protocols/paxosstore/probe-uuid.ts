// Client-command uuids as Certain builds them, and the permitted anomaly their reuse allows.
//
// Tencent/paxosstore@40ada56 certain/src/Command.cpp L282-292 (clsCmdFactory::Init, once per process):
// m_iUUIDGenerator = (serverId << 32) + ((GetCurrTime() % 65536) << 16), GetCurrTime in seconds; L338-341
// GetNextUUID = __sync_fetch_and_add(&m_iUUIDGenerator, 1). CertainWrapper.cpp L197-201 (CatchUpAndRunPaxos) and
// L560-564 (RunPaxos) take one only for a command with an empty write batch, i.e. a read (a write's batch carries the
// caller's vecWBUUID and its command uuid stays 0); EntityWorker.cpp L436 / L749 copy it onto the check-empty probe
// and the read's PaxosCmd, L1543 counts an empty answer whose uuid equals the pending read's. So a rebooted server
// reuses the uuids of its previous incarnation only when both booted in the same second (mod 65,536 s), or when a
// long incarnation's 16-bit counter carried into the time field. The model used a per-incarnation sequence from 0
// (every restart reused uuids); this follows the real generator on the virtual clock (deterministic). The model's
// server id is idx + 1, so that no uuid is 0 (the model's "no probe"). The newer Certain has the same shape per
// entity (@HEAD entity_info_mng.cc L52-55: [ip:32][seconds:12][inc:20]; entity_helper.cc L286).
import type { ClientOp, NodeId, View } from '../../sim/index.ts';
import type { ClientResult } from './client.ts';
import type { NodeState } from './state.ts';
import type { D, Env } from './env.ts';
import { majorityOf } from './options.ts';

const TIME_SHIFT = 2 ** 16;
const SERVER_SHIFT = 2 ** 32;

/** m_iUUIDGenerator at boot: server id, boot second mod 65,536, counter 0. */
export function firstUuid(idx: number, nowUs: number): number {
  return (idx + 1) * SERVER_SHIFT + (Math.floor(nowUs / 1_000_000) % 65_536) * TIME_SHIFT;
}

/** GetNextUUID: the current value, then +1 (the counter carries into the time bits as the real 64-bit add does). */
export function takeUuid(d: D): number {
  const uuid = d.uuidNext;
  d.uuidNext = uuid + 1;
  return uuid;
}

/**
 * An empty answer to a check-empty probe that a previous incarnation of this node sent, counted for a read of this
 * incarnation because both probes carry the same uuid (the same boot second): the real design's hazard. It can make a
 * read return a value older than a write acknowledged before it (scenario hazard-probe-uuid-reused-after-fast-restart).
 */
export const PROBE_UUID_REUSED = 'probe-uuid-reused-after-fast-restart';
/** A read answered OK on a majority of check-empty marks that needed such an answer: the workload excuses that reply. */
export const STALE_READ_VIA_REUSED_PROBE = 'read-answered-via-reused-probe-uuid';

export const NO_STALE_MARKS: readonly number[] = [];

/**
 * The peers whose mark rests only on stale answers, after `from` answered: a stale answer adds `from` unless its mark
 * is already set (by a fresh answer, or an earlier stale one); a fresh answer removes it. Unchanged array if nothing moved.
 */
export function noteStaleMark(staleMarks: readonly number[], from: number, isStale: boolean, isMarked: boolean): readonly number[] {
  if (isStale) return isMarked ? staleMarks : [...staleMarks, from];
  return staleMarks.includes(from) ? staleMarks.filter((j) => j !== from) : staleMarks;
}

/**
 * A check-empty read is being answered OK with `count` marks (ours included): if fewer than a majority rest on this
 * incarnation's own probe, record the reply for the excuse (checker bookkeeping; Certain answers it the same way).
 */
export function noteReadOnReusedProbe(d: D, env: Env, entity: string, key: string, count: number, staleMarks: readonly number[] | undefined, result: ClientResult): void {
  if (!result.ok || staleMarks === undefined || count - staleMarks.length >= majorityOf(d.n)) return;
  d.reusedProbeRead = { entity, key, atUs: env.ctx.nowUs };
}

/**
 * Workload.excuse: the reply just recorded is the read noteReadOnReusedProbe remembered at this node, this instant
 * (the reply is recorded after the handler's new state is in place, sim/effects.ts). Like zab's sync-read excuse,
 * the checker then leaves that read's result unconstrained; every other op is checked as before.
 */
export function excuseReusedProbeRead(view: View<NodeState>, node: NodeId, op: ClientOp, result: unknown): { anomaly: string; detail: string } | null {
  if (op.type !== 'read' || (result as ClientResult | undefined)?.ok !== true) return null;
  const r = view.node(node).state?.reusedProbeRead;
  if (r === undefined || r === null || r.atUs !== view.nowUs || r.entity !== op['entity'] || r.key !== op['key']) return null;
  return { anomaly: STALE_READ_VIA_REUSED_PROBE, detail: `${node} answered ${JSON.stringify(result)} for ${r.entity}/${r.key} on a majority that needed an empty answer to its previous incarnation's probe` };
}

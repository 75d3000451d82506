// Client operations: recorded in the history at call, answered by reply, or left unknown by timeout or crash.
import type { World } from './world.ts';
import type { NodeRec } from './node.ts';
import type { ReqId, ScheduledOp } from './types.ts';
import type { HistoryOp } from './history.ts';
import { resolveTargets } from './targets.ts';
import { excuseReply } from './reply-excuse.ts';

/** A scheduled op fires: pick its node, record the call, deliver it. Returns the node it went to, or null if skipped. */
export function issueClientOp(w: World, s: ScheduledOp): NodeRec | null {
  const ids = resolveTargets(w, s.target);
  const node = ids.length === 0 ? undefined : w.byId.get(ids[0]!);
  const why = node === undefined ? `no node for ${s.target}` : !node.isUp ? `${node.id} is down` : w.busyClients.has(s.client) ? `client ${s.client} busy` : null;
  if (why !== null || node === undefined) {
    w.record('client-skip', node?.id ?? null, `${JSON.stringify(s.op)}: ${why}`);
    return null;
  }
  const workload = w.protocol.workload;
  const id = w.newId() as ReqId;
  const h: HistoryOp = {
    id, client: s.client, node: node.id, op: s.op, callUs: w.nowUs, callSeq: w.historySeq++,
    returnUs: null, returnSeq: null, result: undefined, outcome: 'pending',
  };
  w.history.push(h);
  w.historyById.set(id, h);
  w.busyClients.add(s.client);
  w.recordJson('client', node.id, `#${id} c${s.client} `, s.op);
  w.schedule(w.nowUs + (workload?.timeoutUs ?? 1_000_000), null, { kind: 'client-timeout', reqId: id });
  w.schedule(w.nowUs, node, { kind: 'client-deliver', reqId: id });
  return node;
}

export function recordReply(w: World, n: NodeRec, reqId: ReqId, result: unknown): void {
  const h = w.historyById.get(reqId);
  if (h === undefined || h.outcome !== 'pending') {
    w.record('log', n.id, `late or unknown reply #${reqId}: ${JSON.stringify(result)}`);
    return;
  }
  h.outcome = 'ok';
  h.result = result;
  h.returnUs = w.nowUs;
  h.returnSeq = w.historySeq++;
  w.busyClients.delete(h.client);
  w.recordJson('reply', n.id, `#${reqId} `, result);
  excuseReply(w, n, h, result);
}

export function timeoutClientOp(w: World, reqId: ReqId): void {
  const h = w.historyById.get(reqId);
  if (h === undefined || h.outcome !== 'pending') return;
  h.outcome = 'unknown';
  w.busyClients.delete(h.client);
  w.record('client-timeout', h.node, `#${reqId} outcome unknown`);
}

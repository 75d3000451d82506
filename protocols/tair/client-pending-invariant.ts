// client-pending-unanswered: a client keeps a kv request in `pending` only until it answers it (the dataserver's reply,
// or the failure when the link breaks); answering and forgetting happen in the same handler. A request the history
// records as answered (outcome ok) but still pending at its client is one it will answer again on a later link break,
// and a kv reply handler that left the client state alone also never learnt the reply's newer client version (mutation
// survivor client.ts:59, the whole patch `{ pending, newConfigVersion, ... }` → `{}`; Stryker 2026-12-05c). Reads
// the client history (view.history): checked after every event.
import type { HistoryOp, Invariant, ReqId } from '../../sim/index.ts';
import { clientHistory } from '../../sim/index.ts';
import type { ClientState, TairState } from './state.ts';
import { clientOf } from './view-helpers.ts';

/** The history op with this id: ids grow with the history's call order (one id counter per run), so a binary search. */
export function historyOpById(history: readonly Readonly<HistoryOp>[], id: ReqId): Readonly<HistoryOp> | undefined {
  let lo = 0;
  let hi = history.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const h = history[mid]!;
    if (h.id === id) return h;
    if (h.id < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/** A pending request with its history op: the op's outcome may change later, the pairing never does. */
interface PendingOp { readonly req: number; readonly h: Readonly<HistoryOp> }

/**
 * Each client's pending requests paired with their history ops, in `pending`'s order; null when some request's op
 * was not (yet) found, so the pairing is looked up again. States are immutable and the history only grows (an op's
 * id and place never change), so after an event that left a client's state alone the check reads its ops' outcomes
 * instead of listing, parsing and searching its requests again (it runs after every event).
 */
interface Pairing { state: ClientState; history: readonly Readonly<HistoryOp>[]; ops: readonly PendingOp[] | null }
/**
 * The last pairing per client id, overwritten in place (as coverage.ts keeps its keys): a WeakMap entry per client state
 * object was an ephemeron per client event for the GC to trace. A pairing of another run never matches: it holds that
 * run's state object and history array.
 */
const lastPairings = new Map<string, Pairing>();

function pendingOps(history: readonly Readonly<HistoryOp>[], id: string, c: ClientState): readonly PendingOp[] | null {
  const m = lastPairings.get(id);
  // Paired against this run's history (the kernel's one array per run) only.
  if (m !== undefined && m.state === c && m.history === history) return m.ops;
  let ops: PendingOp[] | null = [];
  for (let i = 0; i < c.pending.length; i++) {
    const p = c.pending[i]!;
    const h = historyOpById(history, p.reqId);
    if (h === undefined) { ops = null; break; }
    ops.push({ req: p.req, h });
  }
  if (m === undefined) lastPairings.set(id, { state: c, history, ops });
  else { m.state = c; m.history = history; m.ops = ops; }
  return ops;
}

/** The first answered request still pending at this client, in `pending`'s order (ascending request): the full look-up. */
function answeredPending(history: readonly Readonly<HistoryOp>[], id: string, c: ClientState): string | null {
  for (const p of c.pending) {
    const h = historyOpById(history, p.reqId);
    if (h !== undefined && h.outcome === 'ok') return answeredMessage(id, p.req, h);
  }
  return null;
}

const answeredMessage = (id: string, req: number, h: Readonly<HistoryOp>): string =>
  `${id} still holds request ${req} (${h.op.type} ${String(h.op['key'])}) pending after answering it`;

/** As answeredPending, from the remembered pairing when every request's op was found. */
export function answeredPendingRemembered(history: readonly Readonly<HistoryOp>[], id: string, c: ClientState): string | null {
  const ops = pendingOps(history, id, c);
  if (ops === null) return answeredPending(history, id, c);
  for (let i = 0; i < ops.length; i++) {
    const o = ops[i]!;
    if (o.h.outcome === 'ok') return answeredMessage(id, o.req, o.h);
  }
  return null;
}

/** The full look-up, for tests that the remembered pairing gives the same verdict. */
export { answeredPending as answeredPendingFull };

export const clientPendingUnanswered: Invariant<TairState> = {
  name: 'client-pending-unanswered',
  description: 'a client holds no answered request in pending (it forgets a request in the handler that answers it)',
  scope: 'view',
  check(view) {
    const history = clientHistory(view);
    if (history.length === 0) return null;
    const nodes = view.nodes;
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      if (n.kind !== 'client') continue;
      const c = clientOf(n);
      // Most events find a client with nothing pending (answeredPendingRemembered's answer then): no pairing look-up.
      if (c === undefined || c.pending.length === 0) continue;
      const found = answeredPendingRemembered(history, n.id, c);
      if (found !== null) return found;
    }
    return null;
  },
};

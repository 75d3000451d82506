// client-pending-unanswered: a client keeps a kv request in `pending` only until it answers it (the dataserver's reply,
// or the failure when the link breaks); answering and forgetting happen in the same handler. A request the history
// records as answered (outcome ok) but still pending at its client is one it will answer again on a later link break,
// and a kv reply handler that left the client state alone also never learnt the reply's newer client version (mutation
// survivor client.ts:59, the whole patch `{ pending, newConfigVersion, ... }` → `{}`; Stryker 2026-12-05c). Reads
// the client history (view.history): checked after every event.
import type { HistoryOp, Invariant, ReqId } from '../../sim/index.ts';
import { clientHistory } from '../../sim/index.ts';
import type { TairState } from './state.ts';
import { clientOf, clientViews } from './view-helpers.ts';

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

export const clientPendingUnanswered: Invariant<TairState> = {
  name: 'client-pending-unanswered',
  description: 'a client holds no answered request in pending (it forgets a request in the handler that answers it)',
  scope: 'view',
  check(view) {
    const history = clientHistory(view);
    if (history.length === 0) return null;
    for (const n of clientViews(view)) {
      const c = clientOf(n);
      if (c === undefined) continue;
      for (const req of Object.keys(c.pending)) {
        const p = c.pending[Number(req)]!;
        const h = historyOpById(history, p.reqId);
        if (h !== undefined && h.outcome === 'ok') return `${n.id} still holds request ${req} (${h.op.type} ${String(h.op['key'])}) pending after answering it`;
      }
    }
    return null;
  },
};

// Every answer a client got has one of ClientResult's two shapes. Certain answers a client command with a return code
// (kRetCodeOk, or a named failure: eRetCodeLeaseReject, RemoteNewer, RecoverPending, ...), and so does this model:
// `{ok: true}` (a read's with the value it read, a number or null for an absent key) or `{ok: false, error}` with the
// failure's name. The model and the progress checks read only `ok` (workload.ts `!out.ok`, liveness-tail.ts `r.ok`),
// so a refusal that lost its code, or a reply with no ok flag at all, passed every check: the fifteenth session's
// audit (docs/history/mutation-audit.md, paxosstore rows 1-2) found two surviving mutants that did exactly that
// (paxos.ts's `'remote-newer'` → "" and client.ts's refusal object → {}). tfs's read-answers-well-formed is the same
// check for its read path. Read-only: it looks at the client history, never at a node.
import type { HistoryOp, Invariant } from '../../sim/index.ts';
import { historyScan } from '../../sim/index.ts';
import type { NodeState } from './state.ts';

/**
 * What this run's check still has to judge: ops called but not yet answered (outcome 'pending'); sim/history-scan.ts
 * gives each new op once. sim/clients.ts records a reply once (pending → ok, or pending → unknown on a timeout or crash)
 * and never changes it again, so an op is judged once, at the first check after its reply. Started afresh when the
 * view's history is another array (a hand-built view).
 */
const openOps = historyScan((): { pending: Readonly<HistoryOp>[] } => ({ pending: [] }));

/** What is wrong with one answered op's reply, or null when it is one of ClientResult's shapes. */
export function replySlip(h: Readonly<HistoryOp>): string | null {
  const r = h.result as { ok?: unknown; value?: unknown; error?: unknown; isMaybeApplied?: unknown } | null | undefined;
  if (r === null || typeof r !== 'object') return 'not a reply object';
  if (r.ok === false) {
    if (typeof r.error !== 'string' || r.error === '') return 'a refusal without an error code';
    if (r.isMaybeApplied !== undefined && typeof r.isMaybeApplied !== 'boolean') return 'isMaybeApplied is not a boolean';
    return null;
  }
  if (r.ok !== true) return 'no ok flag';
  if (h.op.type === 'read' && r.value !== null && typeof r.value !== 'number') return 'a read answered OK without the value it read';
  return null;
}

export const clientRepliesWellFormed: Invariant<NodeState> = {
  name: 'client-replies-well-formed',
  description: 'every reply a client got is {ok: true} (a read\'s with value: a number or null) or {ok: false, error: a non-empty code}',
  check(view) {
    // Scope 'view' (it reads the history). New ops join the pending list; an op leaves it once its outcome is known,
    // judged if it was answered ('unknown' has no reply to judge).
    // The list is compacted in place (it runs after every event: a new array per event was 3 % of a seed's bytes).
    const { fresh, memory: open } = openOps(view);
    const pending = open.pending;
    for (const h of fresh) pending.push(h);
    let failure: string | null = null;
    let kept = 0;
    for (let i = 0; i < pending.length; i++) {
      const h = pending[i]!;
      if (h.outcome === 'pending') pending[kept++] = h;
      else if (h.outcome === 'ok') {
        const slip = replySlip(h);
        if (slip === null) continue;
        // Kept, so a later call (another event's, or an anomaly probe's) fails it again rather than passing it.
        pending[kept++] = h;
        failure ??= `${h.op.type} #${h.id} at ${h.node} answered ${JSON.stringify(h.result)}: ${slip}`;
      }
    }
    if (kept !== pending.length) pending.length = kept;
    return failure;
  },
};

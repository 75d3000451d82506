// What a client is told for a read-block: a well-formed answer per event, and (liveness) that some read is served.
import type { Invariant, LivenessPredicate, View } from '../../sim/index.ts';
import { clientHistory, clientPlan, seconds } from '../../sim/index.ts';
import type { TfsState } from './state.ts';

/**
 * How far back (call time) an op answered in this event can be: ten times tfsWorkload's 1 s client timeout (a later
 * reply is dropped as late). A constant, not tfsWorkload.timeoutUs: workload.ts imports liveness.ts, which imports this.
 */
const ANSWER_WINDOW_US = seconds(10);

type V = View<TfsState>;

/** The cluster's dataservers (node kind 'dataserver'; a hand-built test view may carry only the state kind 'ds'). */
const isDataserver = (view: V, id: unknown): boolean => view.nodes.some((n) => n.id === id && (n.kind === 'dataserver' || n.state?.kind === 'ds'));

/**
 * Why a read-block answer has two shapes only: ns-serve's read path answers `{ok: true, blockId, servers}` (the
 * block's location list, handed to the client to read from), every refusal `{ok: false, error}` (a TFS status code,
 * EXIT_ROLE_ERROR, EXIT_NO_BLOCK, ...). An answer with no ok flag, a refusal without a code, or an ok answer naming a
 * server that is not a dataserver is a reply the real client could not act on. Scope 'view': it reads the history.
 */
export const readAnswersWellFormed: Invariant<TfsState> = {
  name: 'read-answers-well-formed',
  description: 'every read-block answer a client got is {ok: true, blockId, servers (each a dataserver)} or {ok: false, error (a status code)}',
  check(view) {
    // Checked after every event that replied (scope 'view'), so only this event's replies are new. A reply counts only
    // within the client timeout of its call (a later one is dropped as late), so scanning back from the newest call to
    // one ANSWER_WINDOW_US old sees every op this event can have answered: O(recent ops), not O(history), per event.
    const history = clientHistory(view);
    for (let i = history.length - 1; i >= 0; i--) {
      const h = history[i]!;
      if (h.callUs < view.nowUs - ANSWER_WINDOW_US) break;
      if (h.outcome !== 'ok' || h.op.type !== 'read-block') continue;
      const r = h.result as { ok?: unknown; blockId?: unknown; servers?: unknown; error?: unknown } | null;
      const what = `read-block #${h.id} at ${h.node} answered ${JSON.stringify(r)}`;
      if (r === null || typeof r !== 'object') return `${what}: not an answer object`;
      if (r.ok === false) {
        if (typeof r.error !== 'string' || r.error === '') return `${what}: a refusal without a status code`;
        continue;
      }
      if (r.ok !== true) return `${what}: no ok flag`;
      if (typeof r.blockId !== 'number') return `${what}: no block id`;
      if (!Array.isArray(r.servers)) return `${what}: no server list`;
      const bogus = (r.servers as unknown[]).find((ds) => !isDataserver(view, ds));
      if (bogus !== undefined) return `${what}: ${JSON.stringify(bogus)} is not a dataserver`;
    }
    return null;
  },
};

/**
 * The read path's progress: a read-block is legally refused (no master, safe mode, no block yet) or unanswered (the
 * VIP moved), so a master that refused every read, answered none, or named no server for any block passed every
 * other check (the workload's reads are in the fault phase; the tail has only create-block and write-file). Asked
 * only of runs that issued a read-block after some create-block returned ok (a block existed then): in those, some
 * read-block must have returned ok naming at least one server. Whether the list is the block's right one is
 * read-answers-well-formed's and block-servers-are-dataservers' business. No memory across calls: from the history.
 */
export const readBlockServed: LivenessPredicate<TfsState> = {
  name: 'read-block-served',
  description: 'in a run that issued a read-block after a create-block returned ok, some read-block returned ok naming at least one server',
  check(view) {
    if (!clientPlan(view).some((s) => s.op.type === 'read-block')) return null;
    const history = clientHistory(view);
    let firstCreatedUs = Infinity;
    for (const h of history) {
      if (h.outcome === 'ok' && h.op.type === 'create-block' && (h.result as { ok?: unknown }).ok === true && h.returnUs! < firstCreatedUs) firstCreatedUs = h.returnUs!;
    }
    let asked = 0;
    for (const h of history) {
      if (h.op.type !== 'read-block' || h.callUs <= firstCreatedUs) continue;
      asked++;
      const r = h.result as { ok?: unknown; servers?: unknown } | undefined;
      if (h.outcome === 'ok' && r?.ok === true && Array.isArray(r.servers) && r.servers.length > 0) return null;
    }
    return asked === 0 ? null : `none of the ${asked} read-block(s) issued after the first created block returned ok with a server`;
  },
};

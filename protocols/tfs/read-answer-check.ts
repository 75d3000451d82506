// What a client is told for a read-block: a well-formed answer per event, and (liveness) that some read is served.
import type { HistoryOp, Invariant, LivenessPredicate, View } from '../../sim/index.ts';
import { historyScan, seconds } from '../../sim/index.ts';
import { isEverAnswered, isPlanned, isTailClient } from './liveness-tail.ts';
import type { TfsState } from './state.ts';

/**
 * How far back (call time) an op answered in this event can be: ten times tfsWorkload's 1 s client timeout (a later
 * reply is dropped as late). A constant, not tfsWorkload.timeoutUs: workload.ts imports liveness.ts, which imports this.
 */
const ANSWER_WINDOW_US = seconds(10);

type V = View<TfsState>;

/**
 * What this run's check still has to judge: the read-block ops not yet judged well-formed, in history order
 * (sim/history-scan.ts gives each new op once). An ok outcome's result is never changed (sim/clients.ts records the
 * reply once) and a run's node ids and kinds are fixed, so an answer judged well-formed stays so; an op called more than
 * ANSWER_WINDOW_US ago is out of the window for good (the clock only moves on), and one whose outcome is unknown never
 * becomes ok (a late reply is dropped). So each op is judged once instead of every answer of the last ten seconds again
 * after every event. Per run (view object), and started afresh when the view's history is another array.
 */
const openReads = historyScan((): { ops: Readonly<HistoryOp>[] } => ({ ops: [] }));

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
    // Checked after every event (scope 'view'), so only this event's replies are new. A reply counts only within the
    // client timeout of its call (a later one is dropped as late), so the ops called in the last ANSWER_WINDOW_US are
    // every op this event can have answered; of those, only the reads not yet judged well-formed are looked at (openReads).
    const { fresh, memory: open } = openReads(view);
    for (const h of fresh) if (h.op.type === 'read-block') open.ops.push(h);
    // History is in call order, so the ops at or after the cutoff are exactly those a scan back from the newest call
    // reaches; of the ops failing, the newest is reported, as that scan would.
    const cutoff = view.nowUs - ANSWER_WINDOW_US;
    const kept: Readonly<HistoryOp>[] = [];
    let failure: string | null = null;
    for (const h of open.ops) {
      if (h.callUs < cutoff || h.outcome === 'unknown') continue;
      if (h.outcome === 'ok') {
        const slip = answerSlip(view, h);
        if (slip === null) continue;
        failure = `read-block #${h.id} at ${h.node} answered ${JSON.stringify(h.result)}: ${slip}`;
      }
      kept.push(h);
    }
    open.ops = kept;
    if (failure !== null) return failure;
    return null;
  },
};

/** What is wrong with one answered read-block's result, or null when it is well-formed. */
function answerSlip(view: V, h: Readonly<HistoryOp>): string | null {
  const r = h.result as { ok?: unknown; blockId?: unknown; servers?: unknown; error?: unknown } | null;
  if (r === null || typeof r !== 'object') return 'not an answer object';
  if (r.ok === false) return typeof r.error !== 'string' || r.error === '' ? 'a refusal without a status code' : null;
  if (r.ok !== true) return 'no ok flag';
  if (typeof r.blockId !== 'number') return 'no block id';
  if (!Array.isArray(r.servers)) return 'no server list';
  const bogus = (r.servers as unknown[]).find((ds) => !isDataserver(view, ds));
  return bogus === undefined ? null : `${JSON.stringify(bogus)} is not a dataserver`;
}

/**
 * The read path's progress: a master that refused every read, answered none, or named no server for any block passed
 * every other check. Asked of the workload's tail reads only (workload.ts: after the heal, one a second, each after
 * that round's tail create, on logical clients of their own): a fault-phase read is legally refused (no master, the
 * VIP moving, no block yet) or unanswered, so asking that one of those succeed failed clean seeds whose two or three
 * reads all fell in fault windows (ledger campaign 1400000..: seeds 1400583, 1400907, 1403643). After the heal a
 * master with a block answers a read with that block's location list (ns-serve.ts), and every tail create puts the
 * block on each connected DS: so some tail read names a server within the bound. Whether the list is the block's
 * right one is read-answers-well-formed's and block-servers-are-dataservers' business. From the history, no memory.
 */
export const readBlockServed: LivenessPredicate<TfsState> = {
  name: 'read-block-served',
  description: 'after the heal, a tail read-block (one a second, at a rotating client) returns ok naming at least one server',
  check(view) {
    if (!isPlanned(view, 'read-block')) return null;
    const isServed = isEverAnswered(view, 'read-block-served', (h) => {
      if (h.op.type !== 'read-block' || h.outcome !== 'ok' || !isTailClient('read-block', h.client)) return false;
      const r = h.result as { ok?: unknown; servers?: unknown } | undefined;
      return r?.ok === true && Array.isArray(r.servers) && r.servers.length > 0;
    });
    return isServed ? null : 'no tail read-block returned ok with a server';
  },
};

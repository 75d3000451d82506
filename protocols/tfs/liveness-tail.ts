// The progress checks: after the heal, a client's create-block and write-file (the workload's tail ops) return ok.
import type { LivenessPredicate, View } from '../../sim/index.ts';
import { clientHistory, clientPlan, ms, seconds } from '../../sim/index.ts';
import type { TfsState } from './state.ts';

/**
 * Tail ops (workload.ts): from TAIL_START_US after the heal, once every TAIL_GAP_US for the liveness bound, a create-block
 * and, tailWriteOffsetUs later, a write-file, at a rotating client node, each on logical clients of their own (never the
 * workload's 0..clientCount-1, so a busy racer never skips one; TAIL_CLIENTS of each, reused every 3 s, well past the
 * 1 s client timeout).
 */
export const TAIL_START_US = ms(500);
export const TAIL_GAP_US = seconds(1);
export const TAIL_CLIENTS = 3;
export const TAIL_CREATE_CLIENT_BASE = 100;
export const TAIL_WRITE_CLIENT_BASE = 200;
export const TAIL_READ_CLIENT_BASE = 300;
/** A tail read-block's offset in its round: three quarters of a gap, after that round's create (at 0) has had time to return. */
export const TAIL_READ_OFFSET_US = ms(750);

/**
 * A tail write-file's offset in its round: frac(1/2 + round·(√5−1)/2) of a gap, a golden-ratio walk (round 0 at half a
 * gap, as before). Why not a fixed offset: the sim's DS does not renew a block lease (real lease_managerv2 does), it
 * re-applies at a heartbeat, and holds the lease dsLeaseExpireTimeUs − dsLeaseSafeTimeUs; when that is shorter than
 * dsHeartbeatIntervalUs (perturbed: 1..8 s less 0.05..0.6 s, against 0.2..2 s) a DS is writable only in
 * [its beat, its beat + lease − safe] of each beat. With a 1 s beat a fixed-phase write every TAIL_GAP_US (1 s) lands
 * at the same point of that cycle every round and can miss every window (clean seeds 1310010, 1311687, 1312386,
 * 1312986: windows x.01-x.79, writes at x.00). The walk puts the writes at evenly spread phases, so a window of any
 * fraction of the beat is hit within a few rounds.
 */
export function tailWriteOffsetUs(round: number): number {
  const phase = (0.5 + round * 0.6180339887498949) % 1;
  return Math.floor(phase * TAIL_GAP_US);
}

type TailKind = 'create-block' | 'write-file' | 'read-block';
const TAIL_BASE: Readonly<Record<TailKind, number>> = { 'create-block': TAIL_CREATE_CLIENT_BASE, 'write-file': TAIL_WRITE_CLIENT_BASE, 'read-block': TAIL_READ_CLIENT_BASE };
/** Is this logical client one of the tail's for this kind of op (never one of the workload's racers)? */
export const isTailClient = (kind: TailKind, client: number): boolean => client >= TAIL_BASE[kind] && client < TAIL_BASE[kind] + TAIL_CLIENTS;

/**
 * Memos for checks run after every event of the liveness phase (a day-long idle run with the real report day: millions
 * of events): the plan is fixed before the first event, and the history is the run's array, appended in place, whose
 * entries' ok outcome and result are final once set, so a kind planned or answered stays so. Keyed by those arrays.
 */
const plannedKinds = new WeakMap<object, Map<TailKind, boolean>>();
const answeredKeys = new WeakMap<object, Set<string>>();

/** Has some history entry met `test`? Latched per history array under `key` once true (entries only become final). */
export function isEverAnswered(view: View<TfsState>, key: string, test: (h: ReturnType<typeof clientHistory>[number]) => boolean): boolean {
  const history = clientHistory(view);
  const seen = answeredKeys.get(history);
  if (seen?.has(key) === true) return true;
  if (!history.some(test)) return false;
  if (seen === undefined) answeredKeys.set(history, new Set([key]));
  else seen.add(key);
  return true;
}

/**
 * Does this run schedule tail ops of this kind? From the run's client plan, fixed before the first event, so known at
 * the heal's first check; a scenario with its own ops (or no client nodes) has none, and the check is vacuous there.
 */
export const isPlanned = (view: View<TfsState>, kind: TailKind): boolean => {
  const plan = clientPlan(view);
  let known = plannedKinds.get(plan);
  if (known === undefined) plannedKinds.set(plan, known = new Map());
  let is = known.get(kind);
  if (is === undefined) known.set(kind, is = plan.some((s) => s.op.type === kind && isTailClient(kind, s.client)));
  return is;
};

/** Did some tail op of this kind return ok (the client history's outcome and result)? */
const isAnswered = (view: View<TfsState>, kind: TailKind): boolean =>
  isEverAnswered(view, kind, (h) => h.outcome === 'ok' && h.op.type === kind && isTailClient(kind, h.client) && (h.result as { ok?: unknown }).ok === true);

/**
 * Without it a history where every client request fails or times out is legal, and the other liveness predicates ask
 * for a master, a lease and a caught-up slave, none of which needs a client request to succeed: a master that refuses
 * every allocation, or answers nobody, passed every check. Safe mode does not refuse a plain create-block (T_NEWBLK by
 * id is refused in the discard_newblk window, replicate/compact tasks wait for switch_time; ns-serve.ts), so a tail
 * create needs only what `one-master-holds-vip` asks (master, block-id base confirmed) plus a dataserver registered
 * with it and a client connected to the VIP: seconds after the control plane settles, well within the bound.
 */
export const tailBlockCreated: LivenessPredicate<TfsState> = {
  name: 'tail-block-created',
  description: 'after the heal, a client create-block (one a second, at a rotating client) returns ok',
  check(view) {
    return !isPlanned(view, 'create-block') || isAnswered(view, 'create-block') ? null : 'no tail create-block returned ok';
  },
};

/**
 * The write path: the master names a block a dataserver holds a write lease on, the client writes to that DS, which
 * takes it only under its lease. After a switch (and at start-up) the master refuses every lease application for
 * dsLeaseExpireTimeUs (the apply_block safe window, r2791), and a DS applies at a heartbeat with probability 1/2 (it
 * has data to write every other beat): so a clean run may see no writable block for the window plus a few beats after
 * the last switch. livenessBoundUs adds both (liveness.ts), which is why a clean run can always succeed within it.
 */
export const tailFileWritten: LivenessPredicate<TfsState> = {
  name: 'tail-file-written',
  description: 'after the heal, a client write-file (one a second, at a rotating client) returns ok: the master named a leased block and its dataserver took the write',
  check(view) {
    return !isPlanned(view, 'write-file') || isAnswered(view, 'write-file') ? null : 'no tail write-file returned ok';
  },
};

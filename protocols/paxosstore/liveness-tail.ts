// The progress checks: after the heal, a client write to every entity is chosen and applied, and a read returns one.
import type { AnomalyProbe, ClientOp, LivenessPredicate, View } from '../../sim/index.ts';
import { clientHistory, clientPlan } from '../../sim/index.ts';
import type { NodeState } from './state.ts';
import { hasSettledFence } from './state.ts';
import { TAIL_KEY } from './workload.ts';
import { majorityOf } from './options.ts';
import type { ClientResult } from './client.ts';
import { chosenEntryLost } from './chosen-entry-lost.ts';
import { fencedAndStalled } from './fenced-and-stalled.ts';
import { entityNames, perEntity } from './entity-memo.ts';
import { mayAnyEntityProbeHold } from './rare-entities.ts';
import { sortedNames } from './sorted-names.ts';

/**
 * `test`, a function of the run's client plan and an entity, kept per plan array and entity: the plan is one read-only
 * array set before the first event (sim/run.ts), while the progress checks scanned it for every entity after every
 * event of the liveness phase. A new plan array (a new run) starts afresh.
 */
export function perPlan(test: (view: View<NodeState>, entity: string) => boolean): (view: View<NodeState>, entity: string) => boolean {
  let plan: readonly unknown[] | null = null;
  const answers = new Map<string, boolean>();
  return (view, entity) => {
    const p = clientPlan(view);
    if (p !== plan) {
      plan = p;
      answers.clear();
    }
    let a = answers.get(entity);
    if (a === undefined) answers.set(entity, (a = test(view, entity)));
    return a;
  };
}

const isTailOp = (op: ClientOp, type: 'read' | 'write', entity: string): boolean => op.type === type && op['entity'] === entity && op['key'] === TAIL_KEY;

/**
 * Does this run schedule tail writes to the entity? Read from the run's client plan, fixed before the first event, so
 * it is known at the heal's first liveness check, before any tail op was issued; a scenario with its own ops has none,
 * and the checks are vacuous there.
 */
const hasTailOps = perPlan((view, entity) => clientPlan(view).some((s) => isTailOp(s.op, 'write', entity)));

/** Was some read of the entity's TAIL_KEY answered OK with a value (not null)? Read from the run's client history. */
const isTailReadAnswered = (view: View<NodeState>, entity: string): boolean => clientHistory(view).some((h) => {
  if (h.outcome !== 'ok' || !isTailOp(h.op, 'read', entity)) return false;
  const r = h.result as ClientResult;
  return r.ok && typeof r.value === 'number';
});

/**
 * The liveness phase's steady reads (workload.ts): every second, a read of "k0" of every entity at every acceptor, at the
 * same instant, on logical clients 100..199 (TAIL_CLIENT_BASE there; 200+ are tail writes, 300+ tail reads). Several
 * entities' commands are then pending at one node at once: the case where a node that loses another entity's pending
 * command (its command table copied without it: env.ts copyCmds) leaves that client unanswered for good.
 */
const STEADY_CLIENT_MIN = 100;
const STEADY_CLIENT_MAX = 199;
const isSteadyRead = (client: number, op: ClientOp, entity: string): boolean =>
  client >= STEADY_CLIENT_MIN && client <= STEADY_CLIENT_MAX && op.type === 'read' && op['entity'] === entity && op['key'] === 'k0';

/** Does the run schedule steady reads of the entity (client plan), and was one of them answered OK (client history)? */
const hasSteadyReads = perPlan((view, entity) => clientPlan(view).some((s) => isSteadyRead(s.client, s.op, entity)));
const isSteadyReadAnswered = (view: View<NodeState>, entity: string): boolean =>
  clientHistory(view).some((h) => h.outcome === 'ok' && isSteadyRead(h.client, h.op, entity) && (h.result as ClientResult).ok);

/**
 * The first excused case, `amnesia-majority-fenced`: a majority of acceptors lost their PLog (CRC failure → amnesia) and
 * their fences cover the entity's next entry (cluster MaxChosenEntry + 1), so fewer than a majority may vote on it
 * and nothing can ever be chosen there again. It is the amnesia design's price for safety: both lost records may have
 * been a majority's accepts of a value a client was told is written, so no other value may be chosen at that entry
 * (clean aimed seed 1200097: a1 and a3 fenced at e1 entry 10, only a2 may vote). A fence still being probed (null) is not
 * excused: it settles once every peer answers. Returns the detail when excused, else null.
 */
export const majorityFencedOut = perEntity(majorityFencedOutNow, mayBeFencedOut);

/** majorityFencedOutNow's necessary condition: more than a minority of nodes hold a settled amnesia fence (at any entry). */
export function mayBeFencedOut(view: View<NodeState>, entity: string): boolean {
  const nodes = view.nodes;
  let count = 0;
  for (let i = 0; i < nodes.length; i++) {
    const e = nodes[i]!.state?.entities[entity];
    if (e !== undefined && hasSettledFence(e)) count++;
  }
  return nodes.length - count < majorityOf(nodes.length);
}

/** majorityFencedOut computed afresh (a pure function of the entity's states: entity-memo.ts). */
export function majorityFencedOutNow(view: View<NodeState>, entity: string): string | null {
  const states = view.nodes.map((n) => n.state);
  const next = 1 + Math.max(0, ...states.map((s) => s?.entities[entity]?.maxChosen ?? 0));
  const fenced = view.nodes.filter((n) => {
    const fence = n.state?.entities[entity]?.amnesia?.fence;
    return fence !== undefined && fence !== null && next <= fence;
  });
  if (view.nodes.length - fenced.length >= majorityOf(view.nodes.length)) return null;
  return `amnesia-majority-fenced: ${fenced.map((n) => n.id).join(', ')} may not vote on ${entity} entry ${next}`;
}

/**
 * The progress checks' excuses: an entity a majority's amnesia fences closed (nothing can be chosen at its next entry),
 * one with a chosen entry in no PLog and no DB (chosen-entry-lost.ts: no DB can ever apply past it, clean seed
 * 1442369, where every tail write and read failed GetAllPending for good), or one whose next entry no node may open,
 * each fenced there or stalled for good (fenced-and-stalled.ts, clean seed 3850523).
 */
const isWaived = (view: View<NodeState>, entity: string): boolean =>
  majorityFencedOut(view, entity) !== null || chosenEntryLost(view, entity) !== null || fencedAndStalled(view, entity) !== null;

/**
 * Without it a history where every write fails is legal (failing or timing out is always an allowed outcome), and
 * `all-caught-up` holds when nothing was ever chosen: a proposer that gives up, never retries or never learns a
 * majority passes every other check. The default workload writes TAIL_KEY to every entity once a second after the
 * heal, at a rotating acceptor, for the whole liveness bound; this asks that one of them was chosen and applied
 * to some node's DB (all-caught-up then spreads it to every node). The bound is livenessBoundUs, the same as for
 * catch-up: a tail write issued once catch-up and any recovery are over needs one Paxos round.
 */
export const tailWriteApplied: LivenessPredicate<NodeState> = {
  name: 'tail-write-applied',
  description: `after the heal, a client write of "${TAIL_KEY}" to every entity (issued each second) is chosen and applied to some node's DB (excused: an entity a majority's amnesia fences have closed, amnesia-majority-fenced, or one with a chosen entry in no PLog and no DB, chosen-entry-lost, or one whose next entry no node may open, fenced there or stalled for good, fenced-and-stalled)`,
  check(view: View<NodeState>) {
    const states = view.nodes.map((n) => n.state).filter((s): s is NodeState => s !== undefined);
    if (states.length === 0) return 'every node down';
    for (const entity of sortedNames(states[0]!.entities)) {
      if (!hasTailOps(view, entity) || states.some((s) => s.entities[entity]?.db.kv[TAIL_KEY] !== undefined) || isWaived(view, entity)) continue;
      return `${entity}: no tail write applied on any node`;
    }
    return null;
  },
};

/**
 * The read half: reads fail or time out legally too, so a check-empty probe that never gathers a majority (an empty
 * answer never counted, a probe answer taken for a record) left every read unanswered and passed. The workload
 * reads TAIL_KEY at another acceptor 300 ms after each round of tail writes; this asks that one such read of every
 * entity was answered OK with a tail value (not null), as the client history records it. Which value is the
 * linearizability checker's business. The steady reads (every entity at every acceptor at the same instant) add the
 * case of several entities' commands pending at one node: Certain answers each command or drops it by its own
 * timer (client_cmd_timeout_msec), so one of them must be answered OK within the bound; a node that loses another
 * entity's pending command never answers that entity's reads there (the copyCmds slip: the tail reads, one entity per
 * acceptor at a time, never saw it).
 */
export const tailReadReturned: LivenessPredicate<NodeState> = {
  name: 'tail-read-returned',
  description: `after the heal, a client read of "${TAIL_KEY}" on every entity (issued each second) is answered OK with a value a tail write wrote, and one of the steady reads of every entity (k0, at every acceptor at once, each second) is answered OK (excused: amnesia-majority-fenced, chosen-entry-lost, fenced-and-stalled)`,
  check(view: View<NodeState>) {
    const states = view.nodes.map((n) => n.state).filter((s): s is NodeState => s !== undefined);
    if (states.length === 0) return 'every node down';
    for (const entity of sortedNames(states[0]!.entities)) {
      if (isWaived(view, entity)) continue;
      if (hasTailOps(view, entity) && !isTailReadAnswered(view, entity)) return `${entity}: no read of ${TAIL_KEY} answered with a value`;
      if (hasSteadyReads(view, entity) && !isSteadyReadAnswered(view, entity)) return `${entity}: none of the steady reads of k0 (every acceptor, each second) answered OK`;
    }
    return null;
  },
};

/**
 * The excuse counted where it holds (RunResult.anomalies, the fuzz summary), so a campaign shows how often the progress
 * checks were waived and for which entity, not only that they passed.
 */
export const amnesiaMajorityFenced: AnomalyProbe<NodeState> = {
  name: 'amnesia-majority-fenced',
  description: 'a majority of acceptors lost their PLog (CRC failure) and their amnesia fences cover the entity\'s next entry: nothing can be chosen there again, and the progress checks are waived for it',
  present(view) {
    if (!mayAnyEntityProbeHold(view)) return null; // no node holds a settled fence: mayBeFencedOut is false for all
    for (const e of entityNames(view)) {
      const why = majorityFencedOut(view, e);
      if (why !== null) return why;
    }
    return null;
  },
};

// The progress checks: after the heal, a client write to every entity is chosen and applied, and a read returns one.
import type { LivenessPredicate, View } from '../../sim/index.ts';
import type { NodeState } from './state.ts';
import { TAIL_KEY } from './workload.ts';
import { majorityOf } from './options.ts';

/**
 * The one excused case, `amnesia-majority-fenced`: a majority of acceptors lost their PLog (CRC failure → amnesia) and
 * their fences cover the entity's next entry (cluster MaxChosenEntry + 1), so fewer than a majority may vote on it
 * and nothing can ever be chosen there again. It is the amnesia design's price for safety: both lost records may have
 * been a majority's accepts of a value a client was told is written, so no other value may be chosen at that entry
 * (fuzz seed 1155409: a1 and a2 fenced at entry 5, only a3 may vote). A fence still being probed (null) is not
 * excused: it settles once every peer answers. Returns the detail when excused, else null.
 */
/**
 * Does this run have tail ops for the entity? The default workload marks the end of the fault phase with a read of
 * TAIL_KEY at every acceptor (before the heal's first liveness check); a scenario with its own ops has none, and the
 * checks are vacuous there. (A seed that has every acceptor down at that instant loses the marks: vacuous too.)
 */
const hasTailOps = (states: readonly NodeState[], entity: string): boolean => states.some((s) => s.asked[`${entity}/${TAIL_KEY}`] === true);

export function majorityFencedOut(view: View<NodeState>, entity: string): string | null {
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
 * Without it a history where every write fails is legal (failing or timing out is always an allowed outcome), and
 * `all-caught-up` holds when nothing was ever chosen: a proposer that gives up, never retries or never learns a
 * majority passes every other check. The default workload writes TAIL_KEY to every entity once a second after the
 * heal, at a rotating acceptor, for the whole liveness bound; this asks that one of them was chosen and applied
 * to some node's DB (all-caught-up then spreads it to every node). The bound is livenessBoundUs, the same as for
 * catch-up: a tail write issued once catch-up and any recovery are over needs one Paxos round.
 */
export const tailWriteApplied: LivenessPredicate<NodeState> = {
  name: 'tail-write-applied',
  description: `after the heal, a client write of "${TAIL_KEY}" to every entity (issued each second) is chosen and applied to some node's DB (excused: an entity a majority's amnesia fences have closed, amnesia-majority-fenced)`,
  check(view: View<NodeState>) {
    const states = view.nodes.map((n) => n.state).filter((s): s is NodeState => s !== undefined);
    if (states.length === 0) return 'every node down';
    for (const entity of Object.keys(states[0]!.entities).sort()) {
      if (!hasTailOps(states, entity) || states.some((s) => s.entities[entity]?.db.kv[TAIL_KEY] !== undefined) || majorityFencedOut(view, entity) !== null) continue;
      return `${entity}: no tail write applied on any node`;
    }
    return null;
  },
};

/**
 * The read half: reads fail or time out legally too, so a check-empty probe that never gathers a majority (an empty
 * answer never counted, a probe answer taken for a record) left every read unanswered and passed. The workload
 * reads TAIL_KEY at another acceptor 300 ms after each round of tail writes; this asks that one such read of every
 * entity was answered OK with a tail value (not null). Which value is the linearizability checker's business.
 */
export const tailReadReturned: LivenessPredicate<NodeState> = {
  name: 'tail-read-returned',
  description: `after the heal, a client read of "${TAIL_KEY}" on every entity (issued each second) is answered OK with a value a tail write wrote (excused: amnesia-majority-fenced)`,
  check(view: View<NodeState>) {
    const states = view.nodes.map((n) => n.state).filter((s): s is NodeState => s !== undefined);
    if (states.length === 0) return 'every node down';
    for (const entity of Object.keys(states[0]!.entities).sort()) {
      const key = `${entity}/${TAIL_KEY}`;
      if (!hasTailOps(states, entity) || states.some((s) => typeof s.readsOk[key] === 'number') || majorityFencedOut(view, entity) !== null) continue;
      return `${entity}: no read of ${TAIL_KEY} answered with a value`;
    }
    return null;
  },
};

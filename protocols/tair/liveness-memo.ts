// Liveness predicates that read only node states, asked again only when some node changed.
//
// The kernel asks every liveness predicate (in order, up to the first unmet one) after every event of the liveness
// phase that did something, and in a fuzz seed 55-59 % of those asks see every node exactly as the ask before
// (a timer or a message that left every state as it was; 40 fuzz seeds from 1000, counted on 7 Dec). A
// predicate that reads nothing but the nodes' states, up, paused and incarnation gives the same answer then.
import type { LivenessPredicate, NodeView } from '../../sim/index.ts';
import type { TairState } from './state.ts';
import type { TairView } from './view-helpers.ts';

/** What a predicate may read of a node besides its state: incarnation, up, paused, as one number. */
const livenessOf = (n: NodeView<TairState>): number => n.incarnation * 4 + (n.isUp ? 2 : 0) + (n.isPaused ? 1 : 0);

/**
 * `pred`, its last answer given again while the view is the one it last answered and every node's state object,
 * incarnation, up and paused are as they were then. Exact for a predicate that reads only those (not the time, the
 * history, the client plan or the network) and keeps no memory: one-master, slave-synced, migrations-complete,
 * dataservers-converged and clients-converged (liveness.ts); not the tail checks (liveness-tail.ts), which read the
 * history. States are immutable (copy-on-write), so the same object is the same state.
 */
export function rememberedWhileNodesStand(pred: LivenessPredicate<TairState>): LivenessPredicate<TairState> {
  // The last run's view only (a view's nodes are the run's; another view starts afresh), and per node index what was seen.
  let lastView: TairView | null = null;
  const states: (TairState | undefined)[] = [];
  const lives: number[] = [];
  let answer: string | null = null;
  const check = pred.check.bind(pred);
  const remembered: LivenessPredicate<TairState> = {
    ...pred,
    check(view: TairView): string | null {
      const nodes = view.nodes;
      let isSame = view === lastView && states.length === nodes.length;
      for (let i = 0; i < nodes.length; i++) {
        const n = nodes[i]!;
        const live = livenessOf(n);
        if (states[i] !== n.state || lives[i] !== live) { states[i] = n.state; lives[i] = live; isSame = false; }
      }
      if (isSame) return answer;
      if (states.length !== nodes.length) { states.length = nodes.length; lives.length = nodes.length; }
      lastView = view;
      return (answer = check(view));
    },
  };
  plainOf.set(remembered, pred);
  return remembered;
}

/** The predicate a rememberedWhileNodesStand wrapper asks (tests and benches compare the two); any other: itself. */
export const plainLiveness = (p: LivenessPredicate<TairState>): LivenessPredicate<TairState> => plainOf.get(p) ?? p;
const plainOf = new WeakMap<LivenessPredicate<TairState>, LivenessPredicate<TairState>>();

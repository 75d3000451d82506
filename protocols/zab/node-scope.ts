// A per-node zab invariant whose whole-view check keeps judging the other nodes after a verdict (their memory of the
// previous state brought up to this event, as the 'states' checks it replaced did), so a hand-built sequence of views
// in a test reads the same; the first verdict in node order is the answer.
import type { Invariant, NodeView, View } from '../../sim/index.ts';
import type { ZabNode } from './state.ts';

/**
 * Scope 'node': a check that reads only the node it judges (its state, clock and incarnation) and its own memory of
 * that node runs, in scoped runs, only for the nodes an event changed: an unchanged node's state is the same object,
 * so asking again would change neither its verdict nor its memory (test/bench/invariant-scope.test.ts: both modes agree).
 */
export function nodeInvariantVisitingAll(name: string, description: string, checkNode: (view: View<ZabNode>, n: NodeView<ZabNode>) => string | null): Invariant<ZabNode> {
  return {
    name, description, scope: 'node', checkNode,
    check(view) {
      let verdict: string | null = null;
      for (const n of view.nodes) {
        const found = checkNode(view, n);
        if (verdict === null) verdict = found;
      }
      return verdict;
    },
  };
}

// "Sometimes" marks that hold when some node passes a test of that node alone (its state, liveness, pause, incarnation,
// disk: what sim/node-change.ts compares). Such a mark can only start to hold on a node that changed since it was last
// asked, so the coverage tracker asks only those nodes instead of every node after every event: unmet marks (most of
// them in most runs) were a scan of the nodes each, after every event that changed something.
import type { Mark } from './protocol-module.ts';
import type { NodeView } from './types.ts';

/** A mark whose `check` is "some node passes `holdsAt`"; `holdsAt` must read nothing but its node (not the time, not other nodes). */
export interface NodeMark<S> extends Mark<S> {
  holdsAt(n: NodeView<S>): boolean;
}

/** A node mark: `check` (the full path, what the mark means) asks every node; the tracker asks only changed ones. */
export function someNodeMark<S>(name: string, description: string, holdsAt: (n: NodeView<S>) => boolean): NodeMark<S> {
  return {
    name, description, holdsAt,
    // A loop, not some() with a closure: an unmet mark is asked after every event.
    check: (view) => {
      for (const n of view.nodes) if (holdsAt(n)) return true;
      return false;
    },
  };
}

export function isNodeMark<S>(m: Mark<S>): m is NodeMark<S> {
  return typeof (m as Partial<NodeMark<S>>).holdsAt === 'function';
}

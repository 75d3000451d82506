// Which nodes changed since a consumer last looked: one tracker for the invariant checks (which nodes to re-check) and
// the anomaly watcher (whether to evaluate its probes at all). Each consumer owns its own tracker, so one looking does
// not hide a change from the other.
//
// What counts as a change: the node's state object (states are immutable, so identity means unchanged), isUp,
// isPaused, incarnation, and its disk's version. That is everything a 'states'/'node' invariant and an anomaly probe
// may read of a node, so skipping an unchanged node is exact, not an approximation.
import type { NodeRec } from './node.ts';

/** What was seen of one node at the last look. */
interface Seen { state: unknown; isUp: boolean; isPaused: boolean; incarnation: number; diskVersion: number }

export class NodeChangeTracker {
  private readonly seen: Seen[];

  constructor(private readonly nodes: readonly NodeRec[]) {
    // Nothing seen yet: the first look reports every node as changed.
    this.seen = nodes.map(() => ({ state: undefined, isUp: false, isPaused: false, incarnation: -1, diskVersion: -1 }));
  }

  /**
   * Compares every node with the last look and records what it sees now (no early exit: each comparison also updates
   * the copy). Pushes the changed nodes, in node order, onto `out` when given; returns whether any node changed.
   */
  look(out?: NodeRec[]): boolean {
    let isChanged = false;
    const nodes = this.nodes;
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      const s = this.seen[i]!;
      const v = n.storage.version;
      if (s.state !== n.state || s.isUp !== n.isUp || s.isPaused !== n.isPaused || s.incarnation !== n.incarnation || s.diskVersion !== v) {
        s.state = n.state; s.isUp = n.isUp; s.isPaused = n.isPaused; s.incarnation = n.incarnation; s.diskVersion = v;
        isChanged = true;
        out?.push(n);
      }
    }
    return isChanged;
  }
}

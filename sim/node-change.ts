// Which nodes changed since a consumer last looked: the invariant checks (which nodes to re-check), the anomaly watcher
// (whether to evaluate its probes at all) and coverage (which keys and marks to recompute). A consumer that looks when
// it likes owns its own tracker, so one looking does not hide a change from another. In a run the three look after the
// same events (every event that changed something, from the first, until the run ends or the consumer stops for good),
// so they share one tracker through lookAt: one scan of the nodes per event, not three (sim/run.ts).
//
// What counts as a change: the node's state object (states are immutable, so identity means unchanged), isUp,
// isPaused, incarnation, and its disk's version. That is everything a 'states'/'node' invariant and an anomaly probe
// may read of a node, so skipping an unchanged node is exact, not an approximation.
import type { NodeRec } from './node.ts';

/** What was seen of one node at the last look (nothing yet: the first look reports the node as changed). */
class Seen {
  state: unknown = undefined;
  isUp = false;
  isPaused = false;
  incarnation = -1;
  diskVersion = -1;
}

export class NodeChangeTracker {
  private readonly seen: Seen[];
  /** lookAt's answer: the nodes found changed, the first `changedCount` entries (reused, never shrunk; see lookInto). */
  readonly changed: NodeRec[] = [];
  changedCount = 0;
  /** The event index of the last lookAt (-1: none yet). */
  private lookedAt = -1;

  constructor(private readonly nodes: readonly NodeRec[]) {
    // Nothing seen yet: the first look reports every node as changed.
    // A loop of pushes, not `map` with a closure made per tracker: map's result came out packed or holey depending on
    // whether it ran optimised, so lookInto's `this.seen[i]` met a second map after warm-up and deoptimised ("wrong
    // map", bench/deopt-census.ts, every protocol); and the closure's optimised code was dropped at each full GC.
    const seen: Seen[] = [];
    for (let i = 0; i < nodes.length; i++) seen.push(new Seen());
    this.seen = seen;
  }

  /**
   * lookInto(this.changed) once per event: a second consumer asking after the same event gets the first one's answer
   * instead of an empty one. Exact only when every consumer looks after every event any of them looks after (from the
   * first, until it stops for good): a consumer that skipped an event would miss what was seen then. Returns the count.
   */
  lookAt(eventIndex: number): number {
    if (eventIndex !== this.lookedAt) {
      this.lookedAt = eventIndex;
      this.changedCount = this.lookInto(this.changed);
    }
    return this.changedCount;
  }

  /**
   * Compares every node with the last look and records what it sees now (no early exit: each comparison also updates
   * the copy). Pushes the changed nodes, in node order, onto `out` when given; returns whether any node changed.
   */
  look(out?: NodeRec[]): boolean {
    return this.lookInto(out ?? null) > 0;
  }

  /**
   * look(), writing the changed nodes into `out` from index 0 (entries past the count are stale, not cleared) and
   * returning how many: a caller reusing one array avoids `length = 0`, which makes V8 drop the array's backing store
   * (every event then allocated a new one on its first push).
   */
  lookInto(out: NodeRec[] | null): number {
    let count = 0;
    const nodes = this.nodes;
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      const s = this.seen[i]!;
      const v = n.storage.version;
      if (s.state !== n.state || s.isUp !== n.isUp || s.isPaused !== n.isPaused || s.incarnation !== n.incarnation || s.diskVersion !== v) {
        s.state = n.state; s.isUp = n.isUp; s.isPaused = n.isPaused; s.incarnation = n.incarnation; s.diskVersion = v;
        if (out !== null) out[count] = n;
        count++;
      }
    }
    return count;
  }
}

// Which nodes changed since a watcher last looked. A run's watchers (the invariant checks: which nodes to re-check; the
// coverage tracker: which nodes to key and ask marks of; the anomaly watcher: whether to evaluate its probes at all)
// share one NodeChanges, which compares the nodes once per event, and each reads it through its own NodeChangeReader,
// which reports the changes since ITS last look: the watchers do not all look after the same events (the checks stop
// at a violation, coverage may be off, the anomaly watcher looks before the event's trace checkpoint), so one looking
// does not hide a change from another.
//
// What counts as a change: the node's state object (states are immutable, so identity means unchanged), isUp,
// isPaused, incarnation, and its disk's version. That is everything a 'states'/'node' invariant, a node mark and an
// anomaly probe may read of a node, so skipping an unchanged node is exact, not an approximation.
//
// One comparison per event: the first reader to look at an event index compares; later looks at the same index reuse
// its result. That is exact because the watchers of one event all look after everything the event does to node state
// (the kernel runs them after dispatch and triggered faults; between them it only records and checkpoints the trace).
import type { NodeRec } from './node.ts';

/** What was seen of one node at the last comparison (nothing yet: the first comparison reports the node as changed). */
class Seen {
  state: unknown = undefined;
  isUp = false;
  isPaused = false;
  incarnation = -1;
  diskVersion = -1;
}

/** The run's node comparisons, one per event looked at; read through readers (`reader()`). */
export class NodeChanges {
  private readonly seen: Seen[];
  /** Per node index, the number of the comparison that last found it changed (0: none has yet). */
  readonly changedAt: number[];
  /** The nodes the latest comparison found changed, in node order: the first `latestCount` entries (reused, never shrunk). */
  readonly latest: NodeRec[] = [];
  latestCount = 0;
  /** Comparisons made so far (the latest one's number). */
  comparisons = 0;
  /** The number of the latest comparison that found some node changed (0: none has yet). */
  lastChangeAt = 0;
  /** The event index the latest comparison was made at. */
  private comparedAtEvent = Number.NaN;

  constructor(readonly nodes: readonly NodeRec[]) {
    // A loop of pushes, not `map` with a closure made per tracker: map's result came out packed or holey depending on
    // whether it ran optimised, so `this.seen[i]` met a second map after warm-up and deoptimised ("wrong map",
    // bench/deopt-census.ts, every protocol); and the closure's optimised code was dropped at each full GC.
    const seen: Seen[] = [];
    const changedAt: number[] = [];
    for (let i = 0; i < nodes.length; i++) {
      seen.push(new Seen());
      changedAt.push(0);
    }
    this.seen = seen;
    this.changedAt = changedAt;
  }

  /** A new watcher's view of these comparisons: its first look reports every node as changed. */
  reader(): NodeChangeReader {
    return new NodeChangeReader(this);
  }

  /**
   * Compares every node with the last comparison unless one was made at this event index already; returns the number
   * of the comparison that stands for this event. No early exit: each comparison also updates the copy.
   */
  compareAt(eventIndex: number): number {
    if (eventIndex === this.comparedAtEvent) return this.comparisons;
    this.comparedAtEvent = eventIndex;
    const at = ++this.comparisons;
    let count = 0;
    const nodes = this.nodes;
    const out = this.latest;
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      const s = this.seen[i]!;
      const v = n.storage.version;
      if (s.state !== n.state || s.isUp !== n.isUp || s.isPaused !== n.isPaused || s.incarnation !== n.incarnation || s.diskVersion !== v) {
        s.state = n.state; s.isUp = n.isUp; s.isPaused = n.isPaused; s.incarnation = n.incarnation; s.diskVersion = v;
        this.changedAt[i] = at;
        out[count] = n;
        count++;
      }
    }
    this.latestCount = count;
    if (count > 0) this.lastChangeAt = at;
    return at;
  }
}

/** One watcher's looks at a run's NodeChanges: each reports the nodes changed since this reader's previous look. */
export class NodeChangeReader {
  /** The comparison this reader last looked at (0: never, so every node counts as changed). */
  lookedAt = 0;
  /** The comparison this reader looked at before its latest look: a node changed since then has changedAt above it. */
  previousLook = 0;

  constructor(private readonly changes: NodeChanges) {}

  /** The per-node comparison numbers (NodeChanges.changedAt), for a watcher that compares them with its own looks. */
  get changedAt(): readonly number[] {
    return this.changes.changedAt;
  }

  /** Whether any node changed since this reader last looked (at event `eventIndex`). */
  look(eventIndex: number): boolean {
    const c = this.changes;
    const at = c.compareAt(eventIndex);
    this.previousLook = this.lookedAt;
    const isAny = c.lastChangeAt > this.lookedAt;
    this.lookedAt = at;
    return isAny;
  }

  /**
   * look(), writing the changed nodes into `out` from index 0 in node order (entries past the count are stale, not
   * cleared) and returning how many: a caller reusing one array avoids `length = 0`, which makes V8 drop the array's
   * backing store (every event then allocated a new one on its first push).
   */
  lookInto(eventIndex: number, out: NodeRec[]): number {
    const c = this.changes;
    const at = c.compareAt(eventIndex);
    const since = this.lookedAt;
    this.previousLook = since;
    this.lookedAt = at;
    let count = 0;
    if (since === at - 1) {
      // Looked at the comparison before (the usual case): the changes since are the latest comparison's.
      const latest = c.latest;
      count = c.latestCount;
      for (let j = 0; j < count; j++) out[j] = latest[j]!;
      return count;
    }
    if (c.lastChangeAt <= since) return 0;
    const changedAt = c.changedAt;
    const nodes = c.nodes;
    for (let i = 0; i < nodes.length; i++) if (changedAt[i]! > since) out[count++] = nodes[i]!;
    return count;
  }
}

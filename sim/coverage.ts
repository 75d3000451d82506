// Coverage of one run: the distinct abstract per-node keys the protocol's coverageKey produced, and when each
// "sometimes" mark first held. Cheap by construction: after an event only the node it ran on is keyed.
import type { NodeView, View } from './types.ts';
import type { Mark, ProtocolModule } from './protocol-module.ts';
import { KeyReaches, type KeyReach } from './key-reach.ts';
import { NodeChangeTracker } from './node-change.ts';
import type { NodeRec } from './node.ts';
import { isNodeMark, type NodeMark } from './node-marks.ts';

/** When a mark first held in a run: the event index and virtual time. */
export interface MarkHit { readonly eventIndex: number; readonly atUs: number }

export interface RunCoverage {
  /** Distinct coverage keys of the run, sorted (so results are comparable byte for byte). */
  readonly keys: readonly string[];
  /** Where and when each key (same order as `keys`) was first reached: guided frontier mutants aim faults there. */
  readonly reachedAt?: readonly KeyReach[];
  /** Every declared mark: where it first held, or null when it never did. */
  readonly marks: Readonly<Record<string, MarkHit | null>>;
}

/** Collects a run's coverage; `observe` is called after every event that changed state. */
export class CoverageTracker {
  private readonly keys = new Set<string>();
  private readonly reaches = new KeyReaches();
  private readonly hits: (MarkHit | null)[];
  private readonly marks: readonly Mark<unknown>[];
  private pending: number;
  /** Per mark, its node test when it is a node mark (sim/node-marks.ts) and the tracker may ask only changed nodes. */
  private readonly holdsAt: (((n: NodeView<unknown>) => boolean) | null)[];
  /** Which nodes changed since the last observe (made at the first, from the run's nodes); null while no node mark is declared. */
  private changes: NodeChangeTracker | null = null;
  private readonly changed: NodeRec[] = [];

  /** `isFullPath` asks node marks of every node too (their `check`): the twin tests compare the two. */
  constructor(private readonly protocol: ProtocolModule, isFullPath = false) {
    this.marks = protocol.marks ?? [];
    this.hits = this.marks.map(() => null);
    this.pending = this.marks.length;
    this.holdsAt = this.marks.map((m) => (!isFullPath && isNodeMark(m) ? (m as NodeMark<unknown>).holdsAt : null));
  }

  get isActive(): boolean {
    return this.protocol.coverageKey !== undefined || this.marks.length > 0;
  }

  /** `node` is the node the event ran on; null (a fault, a client op) keys every node. */
  observe(view: View<unknown>, node: NodeView<unknown> | null, eventIndex: number): void {
    const key = this.protocol.coverageKey;
    if (key !== undefined) {
      if (node !== null) this.add(key(node, view), node.id, view.nowUs);
      else for (const n of view.nodes) this.add(key(n, view), n.id, view.nowUs);
    }
    if (this.pending === 0) return;
    // Looked at after every observe while marks are pending, so "changed" is since the marks were last asked. The view's
    // nodes are the run's NodeRecs (world.ts hands its own array), which the change tracker reads.
    let changedCount = 0;
    if (this.changes === null && this.holdsAt.some((h) => h !== null)) this.changes = new NodeChangeTracker(view.nodes as readonly NodeRec[]);
    if (this.changes !== null) changedCount = this.changes.lookInto(this.changed);
    // Marks are checked until they first hold; a mark that held once costs nothing afterwards. A node mark was false on
    // every node when last asked, so it holds now exactly when a changed node passes it.
    for (let i = 0; i < this.marks.length; i++) {
      if (this.hits[i] !== null) continue;
      const holdsAt = this.holdsAt[i]!;
      if (holdsAt !== null ? this.holdsOnChanged(holdsAt, changedCount) : this.marks[i]!.check(view)) {
        this.hits[i] = { eventIndex, atUs: view.nowUs };
        this.pending--;
      }
    }
  }

  private holdsOnChanged(holdsAt: (n: NodeView<unknown>) => boolean, count: number): boolean {
    for (let j = 0; j < count; j++) if (holdsAt(this.changed[j]!)) return true;
    return false;
  }

  private add(k: string | null, node: string, atUs: number): void {
    if (k === null || this.keys.has(k)) return;
    this.keys.add(k);
    this.reaches.note(k, node, atUs);
  }

  result(): RunCoverage | null {
    if (!this.isActive) return null;
    const marks: Record<string, MarkHit | null> = {};
    this.marks.forEach((m, i) => { marks[m.name] = this.hits[i]!; });
    const keys = [...this.keys].sort();
    return { keys, reachedAt: this.reaches.inOrder(keys), marks };
  }
}

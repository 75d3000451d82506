// Coverage of one run: the distinct abstract per-node keys the protocol's coverageKey produced, and when each
// "sometimes" mark first held. Cheap by construction: after an event only the node it ran on is keyed.
import type { NodeView, View } from './types.ts';
import type { Mark, ProtocolModule } from './protocol-module.ts';
import { KeyReaches, type KeyReach } from './key-reach.ts';

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

  constructor(private readonly protocol: ProtocolModule) {
    this.marks = protocol.marks ?? [];
    this.hits = this.marks.map(() => null);
    this.pending = this.marks.length;
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
    // Marks are checked until they first hold; a mark that held once costs nothing afterwards.
    for (let i = 0; i < this.marks.length; i++) {
      if (this.hits[i] !== null) continue;
      if (this.marks[i]!.check(view)) {
        this.hits[i] = { eventIndex, atUs: view.nowUs };
        this.pending--;
      }
    }
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

// Which invariants run after an event: scoped (skip what the event cannot have changed, per Invariant.scope) or full.
import type { World } from './world.ts';
import type { NodeRec } from './node.ts';
import type { Invariant } from './protocol-module.ts';
import { NodeChangeTracker } from './node-change.ts';

export type InvariantCheckMode = 'scoped' | 'full';

let defaultMode: InvariantCheckMode = 'scoped';

/** The mode of runs that do not say (RunConfig.invariantChecks); the test suite sets 'full'. */
export function setInvariantCheckMode(mode: InvariantCheckMode): void {
  defaultMode = mode;
}

export const invariantCheckMode = (m: InvariantCheckMode | undefined): InvariantCheckMode => m ?? defaultMode;

export interface InvariantFailure { readonly name: string; readonly message: string; readonly node: string | null }

export class InvariantChecks {
  private readonly invariants: readonly Invariant<unknown>[];
  /** What a 'states' or 'node' invariant may read of each node, as last checked (its own copy: the anomaly watcher keeps its). */
  private readonly changes: NodeChangeTracker;
  /** The nodes the last look found changed: the first `touchedCount` entries (the array is reused, never shrunk). */
  private readonly touched: NodeRec[] = [];
  private touchedCount = 0;
  private aliasSig = '';
  private partitionVersion = 0;
  private readonly isScoped: boolean;

  constructor(private readonly w: World, mode: InvariantCheckMode) {
    this.invariants = w.protocol.invariants as readonly Invariant<unknown>[];
    this.isScoped = mode === 'scoped' && this.invariants.some((i) => i.scope === 'states' || i.scope === 'node');
    this.changes = new NodeChangeTracker(w.nodes);
  }

  /**
   * After an event that did something. `isEverything` (faults, phase changes: partitions, crashes, heals) makes
   * every scoped invariant run as if every node changed. Returns the first violation in declaration order.
   */
  run(isEverything: boolean): InvariantFailure | null {
    const view = this.w.view;
    if (!this.isScoped) {
      for (const inv of this.invariants) {
        const msg = inv.check(view);
        if (msg !== null) return { name: inv.name, message: msg, node: null };
      }
      return null;
    }
    const isAll = this.collectTouched() || isEverything;
    for (const inv of this.invariants) {
      let msg: string | null = null;
      if (inv.scope === 'node' && inv.checkNode !== undefined) {
        const nodes = isAll ? this.w.nodes : this.touched;
        const count = isAll ? nodes.length : this.touchedCount;
        for (let i = 0; i < count; i++) {
          msg = inv.checkNode(view, nodes[i]!);
          if (msg !== null) break;
        }
      } else if (inv.scope === 'states' || inv.scope === 'node') {
        if (isAll || this.touchedCount > 0) msg = inv.check(view);
      } else {
        msg = inv.check(view);
      }
      if (msg !== null) return { name: inv.name, message: msg, node: null };
    }
    return null;
  }

  /** Nodes whose state, liveness or disk changed since the last check; true when partitions or alias bindings changed (all count). */
  private collectTouched(): boolean {
    this.touchedCount = this.changes.lookInto(this.touched);
    // Partitions change on fault events, but a triggered fault step applies inside a node's event.
    const pv = this.w.net.partitionVersion;
    let isAll = pv !== this.partitionVersion;
    this.partitionVersion = pv;
    const aliases = this.w.net.aliases;
    if (aliases.size === 0 && this.aliasSig === '') return isAll;
    let sig = '';
    for (const [a, n] of aliases) sig += `${a}=${n ?? ''};`;
    if (sig === this.aliasSig) return isAll;
    this.aliasSig = sig;
    return true;
  }
}

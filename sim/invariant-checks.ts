// Which invariants run after an event: scoped (skip what the event cannot have changed, per Invariant.scope) or full.
import type { World } from './world.ts';
import type { NodeRec } from './node.ts';
import type { View } from './types.ts';
import type { Invariant } from './protocol-module.ts';
import { NodeChangeTracker } from './node-change.ts';

// The constructor's helpers are module-level, not closures made per run: a closure's optimised code is held only
// weakly, so every full GC dropped it and a warm worker recompiled it (bench/deopt-census.ts: the plan mapper 9 times
// in 300 paxosstore seeds).
const isScopedInvariant = (i: Invariant<unknown>): boolean => i.scope === 'states' || i.scope === 'node';

export type InvariantCheckMode = 'scoped' | 'full';

let defaultMode: InvariantCheckMode = 'scoped';

/** The mode of runs that do not say (RunConfig.invariantChecks); the test suite sets 'full'. */
export function setInvariantCheckMode(mode: InvariantCheckMode): void {
  defaultMode = mode;
}

export const invariantCheckMode = (m: InvariantCheckMode | undefined): InvariantCheckMode => m ?? defaultMode;

export interface InvariantFailure { readonly name: string; readonly message: string; readonly node: string | null }

/** How a scoped run calls one invariant (sim/protocol-module.ts Invariant.scope): after every event, */
const ALWAYS = 0;
/** after an event that changed a node (of its kinds), */
const IF_ANY_CHANGED = 1;
/** or checkNode per changed node (of its kinds). */
const PER_CHANGED_NODE = 2;

/**
 * One invariant as the scoped loop calls it, made once per run: every entry has this one shape, where the protocols'
 * invariant objects have many (spreads, literals, nodeInvariant), so the per-event loop reads monomorphic fields.
 */
class Planned {
  constructor(
    readonly name: string,
    readonly call: number,
    /** check, or checkNode for PER_CHANGED_NODE, bound to the invariant (a method may read `this`). */
    readonly check: (view: View<unknown>) => string | null,
    readonly checkNode: (view: View<unknown>, n: NodeRec) => string | null,
    /** Per node index: 1 when the node's kind is one the invariant reads (Invariant.kinds); null: every node. */
    readonly ofKind: Uint8Array | null,
    /** The same as a set of the run's kinds (KindBits): the bits of the kinds it reads, every kind's when null. */
    readonly kindMask: number,
  ) {}
}

/**
 * The run's node kinds as bits (first seen first), so the kinds an event changed are one number: the scoped loop's
 * entries for that number are listed once per run (InvariantChecks.listFor) instead of each entry testing its kinds
 * against the changed nodes after every event.
 */
export class KindBits {
  /** Per node index, its kind's bit. */
  readonly ofNode: number[] = [];
  private readonly bitOf = new Map<string, number>();

  constructor(nodes: readonly NodeRec[]) {
    for (const n of nodes) {
      let bit = this.bitOf.get(n.kind);
      if (bit === undefined) {
        // More kinds than bits would make two kinds one, and an entry run for a kind it does not read.
        if (this.bitOf.size === 30) throw new Error(`scoped invariant checks: more than 30 node kinds`);
        this.bitOf.set(n.kind, (bit = 1 << this.bitOf.size));
      }
      this.ofNode.push(bit);
    }
  }

  /** The bits of `kinds` (the kinds no node has, none); every kind's when undefined. */
  maskOf(kinds: readonly string[] | undefined): number {
    let mask = 0;
    for (const [kind, bit] of this.bitOf) if (kinds === undefined || kinds.includes(kind)) mask |= bit;
    return mask;
  }
}

const noCheckNode = (): string | null => null;

export function planAll(invariants: readonly Invariant<unknown>[], nodes: readonly NodeRec[], bits: KindBits): Planned[] {
  const out: Planned[] = [];
  for (const inv of invariants) out.push(plan(inv, nodes, bits));
  return out;
}

function plan(inv: Invariant<unknown>, nodes: readonly NodeRec[], bits: KindBits): Planned {
  const call = inv.scope === 'node' && inv.checkNode !== undefined ? PER_CHANGED_NODE
    : inv.scope === 'states' || inv.scope === 'node' ? IF_ANY_CHANGED : ALWAYS;
  const kinds = call === ALWAYS ? undefined : inv.kinds;
  const checkNode = inv.checkNode === undefined ? noCheckNode : inv.checkNode.bind(inv) as Planned['checkNode'];
  const ofKind = kinds === undefined ? null : Uint8Array.from(nodes, (n) => (kinds.includes(n.kind) ? 1 : 0));
  return new Planned(inv.name, call, inv.check.bind(inv), checkNode, ofKind, bits.maskOf(kinds));
}

/**
 * The entries a scoped run calls after an event whose changed nodes have the kinds `mask` (no partition or alias
 * change, no fault): every ALWAYS one, and an IF_ANY_CHANGED or PER_CHANGED_NODE one when a changed node is of a kind
 * it reads (a per-node entry would find no node to call checkNode on otherwise). Declaration order. Exported for
 * test/sim/invariant-kind-masks.test.ts, which compares it with each entry testing its kinds against the changed nodes.
 */
export function entriesFor(planned: readonly Planned[], mask: number): Planned[] {
  const out: Planned[] = [];
  for (const e of planned) if (e.call === ALWAYS || (e.kindMask & mask) !== 0) out.push(e);
  return out;
}

export class InvariantChecks {
  private readonly invariants: readonly Invariant<unknown>[];
  /** The invariants as the scoped loop calls them, in declaration order. */
  private readonly planned: readonly Planned[];
  /** The node kinds' bits; null when not scoped. */
  private readonly bits: KindBits | null;
  /** Per mask of changed kinds, the entries to call (entriesFor), listed at the first event with that mask. */
  private readonly byMask: (readonly Planned[] | undefined)[] = [];
  /** How many nodes the last look found changed (the first entries of `changes.changed`). */
  private touchedCount = 0;
  private aliasSig = '';
  /** NetworkState.aliasVersion when aliasSig was last brought up to date: the bindings are compared only after a bind. */
  private aliasVersion = 0;
  private partitionVersion = 0;
  private readonly isScoped: boolean;

  /**
   * `changes`: what a 'states' or 'node' invariant may read of each node, as last seen; the run's tracker, shared with
   * the anomaly watcher and coverage, which look after the same events (sim/node-change.ts lookAt).
   */
  constructor(private readonly w: World, mode: InvariantCheckMode, private readonly changes: NodeChangeTracker = new NodeChangeTracker(w.nodes)) {
    this.invariants = w.protocol.invariants as readonly Invariant<unknown>[];
    this.isScoped = mode === 'scoped' && this.invariants.some(isScopedInvariant);
    this.bits = this.isScoped ? new KindBits(w.nodes) : null;
    this.planned = this.bits !== null ? planAll(this.invariants, w.nodes, this.bits) : [];
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
    const nodes = isAll ? this.w.nodes : this.changes.changed;
    const count = isAll ? nodes.length : this.touchedCount;
    let list = this.planned;
    if (!isAll) {
      // The changed kinds as one number, and the entries that call for it: not every entry testing its kinds.
      const ofNode = this.bits!.ofNode;
      let mask = 0;
      for (let i = 0; i < count; i++) mask |= ofNode[nodes[i]!.index]!;
      list = this.byMask[mask] ??= entriesFor(this.planned, mask);
    }
    for (let p = 0; p < list.length; p++) {
      const e = list[p]!;
      let msg: string | null = null;
      if (e.call === PER_CHANGED_NODE) {
        const ofKind = e.ofKind;
        for (let i = 0; i < count; i++) {
          const n = nodes[i]!;
          if (ofKind !== null && ofKind[n.index] === 0) continue;
          msg = e.checkNode(view, n);
          if (msg !== null) break;
        }
      } else {
        msg = e.check(view);
      }
      if (msg !== null) return { name: e.name, message: msg, node: null };
    }
    return null;
  }

  /** Nodes whose state, liveness or disk changed since the last check; true when partitions or alias bindings changed (all count). */
  private collectTouched(): boolean {
    this.touchedCount = this.changes.lookAt(this.w.eventIndex);
    // Partitions change on fault events, but a triggered fault step applies inside a node's event.
    const pv = this.w.net.partitionVersion;
    let isAll = pv !== this.partitionVersion;
    this.partitionVersion = pv;
    // The signature was built per event (a string per alias, tfs binds one); binds are rare, so compare after one only.
    const av = this.w.net.aliasVersion;
    if (av === this.aliasVersion) return isAll;
    this.aliasVersion = av;
    const aliases = this.w.net.aliases;
    if (aliases.size === 0 && this.aliasSig === '') return isAll;
    let sig = '';
    for (const [a, n] of aliases) sig += `${a}=${n ?? ''};`;
    if (sig === this.aliasSig) return isAll;
    this.aliasSig = sig;
    return true;
  }
}

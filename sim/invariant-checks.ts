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

/** Kinds in a run beyond which the loop keeps no per-kind-set lists (2^kinds of them) and tests each entry's kinds per event. */
const LISTED_KINDS_MAX = 8;

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
    /** The run's kind bits (RunKinds) of the kinds it reads; every bit when it names none (ALWAYS: unused). */
    readonly kindMask: number,
  ) {}
}

const noCheckNode = (): string | null => null;

/** The run's node kinds as bits: kind k (in order of first appearance among the nodes) is bit k. */
class RunKinds {
  /** Per node index: its kind's bit (0 past bit 30: such runs keep no lists, see LISTED_KINDS_MAX). */
  readonly bitOf: Int32Array;
  readonly count: number;
  private readonly index = new Map<string, number>();

  constructor(nodes: readonly NodeRec[]) {
    const bits = new Int32Array(nodes.length);
    for (let i = 0; i < nodes.length; i++) {
      const kind = nodes[i]!.kind;
      let k = this.index.get(kind);
      if (k === undefined) {
        k = this.index.size;
        this.index.set(kind, k);
      }
      bits[nodes[i]!.index] = k < 31 ? 1 << k : 0;
    }
    this.bitOf = bits;
    this.count = this.index.size;
  }

  /** The bits of `kinds` (kinds no node has add none); undefined: every kind. */
  maskOf(kinds: readonly string[] | undefined): number {
    if (kinds === undefined) return -1;
    let m = 0;
    for (const kind of kinds) {
      const k = this.index.get(kind);
      if (k !== undefined && k < 31) m |= 1 << k;
    }
    return m;
  }
}

function planAll(invariants: readonly Invariant<unknown>[], nodes: readonly NodeRec[], kinds: RunKinds): Planned[] {
  const out: Planned[] = [];
  for (const inv of invariants) out.push(plan(inv, nodes, kinds));
  return out;
}

function plan(inv: Invariant<unknown>, nodes: readonly NodeRec[], runKinds: RunKinds): Planned {
  const call = inv.scope === 'node' && inv.checkNode !== undefined ? PER_CHANGED_NODE
    : inv.scope === 'states' || inv.scope === 'node' ? IF_ANY_CHANGED : ALWAYS;
  const kinds = call === ALWAYS ? undefined : inv.kinds;
  const checkNode = inv.checkNode === undefined ? noCheckNode : inv.checkNode.bind(inv) as Planned['checkNode'];
  const ofKind = kinds === undefined ? null : Uint8Array.from(nodes, (n) => (kinds.includes(n.kind) ? 1 : 0));
  return new Planned(inv.name, call, inv.check.bind(inv), checkNode, ofKind, runKinds.maskOf(kinds));
}

/**
 * A run's plan: its entries, its kinds as bits, and per set of changed kinds (a mask) the entries to call, filled at
 * first need. It depends only on the invariants and the nodes' kinds in order, so runs share it (planPerRun): planning
 * (a bind per check, a kinds array per invariant) was 0.2 % of a tair seed, paid again by the catalog's recording run.
 */
class Plan {
  readonly planned: readonly Planned[];
  readonly kinds: RunKinds;
  readonly byMask: (Planned[] | undefined)[] | null;
  /** The invariants it was made from, in order: a plan is reused only while the array still holds these. */
  readonly sources: readonly Invariant<unknown>[];

  constructor(invariants: readonly Invariant<unknown>[], nodes: readonly NodeRec[]) {
    this.sources = invariants.slice();
    this.kinds = new RunKinds(nodes);
    this.planned = planAll(invariants, nodes, this.kinds);
    // 2^kinds slots, filled as masks occur (most runs see a handful).
    this.byMask = this.kinds.count <= LISTED_KINDS_MAX ? new Array<Planned[] | undefined>(1 << this.kinds.count).fill(undefined) : null;
  }
}

const plans = new WeakMap<readonly Invariant<unknown>[], Map<string, Plan>>();

/** The plan for these invariants over nodes of these kinds, made once per process. */
function planPerRun(invariants: readonly Invariant<unknown>[], nodes: readonly NodeRec[]): Plan {
  let byKinds = plans.get(invariants);
  if (byKinds === undefined) {
    byKinds = new Map();
    plans.set(invariants, byKinds);
  }
  let key = '';
  for (let i = 0; i < nodes.length; i++) key += `${nodes[i]!.kind}\n`;
  let plan = byKinds.get(key);
  if (plan === undefined || !isSameList(plan.sources, invariants)) {
    plan = new Plan(invariants, nodes);
    byKinds.set(key, plan);
  }
  return plan;
}

function isSameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The entries to call after an event that changed nodes of the kinds `mask` holds (none: the ALWAYS ones), in order. */
function entriesFor(planned: readonly Planned[], mask: number): Planned[] {
  const out: Planned[] = [];
  for (const e of planned) if (e.call === ALWAYS || (e.kindMask & mask) !== 0) out.push(e);
  return out;
}

export class InvariantChecks {
  private readonly invariants: readonly Invariant<unknown>[];
  /** The invariants as the scoped loop calls them, in declaration order. */
  private readonly planned: readonly Planned[];
  /** The run's node kinds as bits, and per set of changed kinds (a mask) the entries to call (Plan). */
  private readonly kinds: RunKinds | null;
  private readonly byMask: (Planned[] | undefined)[] | null;
  /** What a 'states' or 'node' invariant may read of each node, as last checked (its own copy: the anomaly watcher keeps its). */
  private readonly changes: NodeChangeTracker;
  /** The nodes the last look found changed: the first `touchedCount` entries (the array is reused, never shrunk). */
  private readonly touched: NodeRec[] = [];
  private touchedCount = 0;
  private aliasSig = '';
  /** NetworkState.aliasVersion when aliasSig was last brought up to date: the bindings are compared only after a bind. */
  private aliasVersion = 0;
  private partitionVersion = 0;
  private readonly isScoped: boolean;

  constructor(private readonly w: World, mode: InvariantCheckMode) {
    this.invariants = w.protocol.invariants as readonly Invariant<unknown>[];
    this.isScoped = mode === 'scoped' && this.invariants.some(isScopedInvariant);
    const plan = this.isScoped ? planPerRun(this.invariants, w.nodes) : null;
    this.planned = plan === null ? [] : plan.planned;
    this.kinds = plan === null ? null : plan.kinds;
    this.byMask = plan === null ? null : plan.byMask;
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
    const nodes = isAll ? this.w.nodes : this.touched;
    const count = isAll ? nodes.length : this.touchedCount;
    // Only the entries that can have something to say: after an event that changed no node, the ALWAYS ones; else
    // those of the changed nodes' kinds. With a list, an IF_ANY_CHANGED entry in it is due without a further test.
    const byMask = this.byMask;
    const entries = isAll || byMask === null ? this.planned : this.entriesOf(byMask, count);
    const isListed = isAll || byMask !== null;
    for (let p = 0; p < entries.length; p++) {
      const e = entries[p]!;
      let msg: string | null = null;
      if (e.call === PER_CHANGED_NODE) {
        const ofKind = e.ofKind;
        for (let i = 0; i < count; i++) {
          const n = nodes[i]!;
          if (ofKind !== null && ofKind[n.index] === 0) continue;
          msg = e.checkNode(view, n);
          if (msg !== null) break;
        }
      } else if (e.call === ALWAYS || isListed || this.isAnyOfKind(e.ofKind)) {
        msg = e.check(view);
      }
      if (msg !== null) return { name: e.name, message: msg, node: null };
    }
    return null;
  }

  /** The entries for the kinds of the `count` touched nodes (made once per plan and set of kinds). */
  private entriesOf(byMask: (Planned[] | undefined)[], count: number): readonly Planned[] {
    const bitOf = this.kinds!.bitOf;
    const touched = this.touched;
    let mask = 0;
    for (let i = 0; i < count; i++) mask |= bitOf[touched[i]!.index]!;
    let list = byMask[mask];
    if (list === undefined) {
      list = entriesFor(this.planned, mask);
      byMask[mask] = list;
    }
    return list;
  }

  /** Whether the last look found a changed node of a kind `ofKind` marks (any node when null). */
  private isAnyOfKind(ofKind: Uint8Array | null): boolean {
    if (ofKind === null) return this.touchedCount > 0;
    for (let i = 0; i < this.touchedCount; i++) if (ofKind[this.touched[i]!.index] === 1) return true;
    return false;
  }

  /** Nodes whose state, liveness or disk changed since the last check; true when partitions or alias bindings changed (all count). */
  private collectTouched(): boolean {
    this.touchedCount = this.changes.lookInto(this.touched);
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

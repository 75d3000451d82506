// Coverage of one run: the distinct abstract per-node keys the protocol's coverageKey produced, and when each
// "sometimes" mark first held. Cheap by construction: after an event only the node it ran on is keyed (every node after
// a fault or client op), and with declared reads (ProtocolModule.coverageKeyReads) only those whose key inputs changed.
import type { NodeId, NodeView, View } from './types.ts';
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
  /** Whether a node mark or a mark naming its reads is declared (so the changed nodes are looked into while marks are pending). */
  private readonly isMarkScoped: boolean;
  /** The protocol's coverageKeyReads; null on the full path or when undeclared (every key computed after every event). */
  private readonly keyReads: 'node' | ((id: NodeId) => readonly string[]) | null;
  /** Which nodes changed since the last observe (the shared one, or made at the first, from the run's nodes); null until needed. */
  private changes: NodeChangeTracker | null = null;
  /** Per node (by its index in the run), the event index of the last observe that saw it changed. */
  private changedAt: number[] = [];
  /** Per node, the event index at which its key was last computed (-1: never); only with keyReads. */
  private keyedAt: number[] = [];
  /** Per node, the key last computed for it with keyReads: the same string again is already in the set, not looked up. */
  private lastKey: (string | null)[] = [];
  /** Per node, the indexes of the other nodes its key reads (keyReads resolved against the run's nodes). */
  private keyReadIdx: (readonly number[])[] = [];
  /** Per mark, the indexes of the nodes it reads when it names them (Mark.reads) and is not a node mark; else null. */
  private markReadIdx: ((readonly number[]) | null)[] = [];

  /**
   * `isFullPath` asks every mark of every node (their `check`) and computes every key: the twin tests compare the two.
   * `sharedChanges`: the run's change tracker, which the invariant checks and the anomaly watcher look into after the
   * same events (sim/node-change.ts lookAt); without it the tracker makes its own at the first observe that needs one.
   */
  constructor(private readonly protocol: ProtocolModule, isFullPath = false, private readonly sharedChanges: NodeChangeTracker | null = null) {
    this.marks = protocol.marks ?? [];
    this.hits = this.marks.map(() => null);
    this.pending = this.marks.length;
    this.holdsAt = this.marks.map((m) => (!isFullPath && isNodeMark(m) ? (m as NodeMark<unknown>).holdsAt : null));
    this.isMarkScoped = !isFullPath && this.marks.some((m) => isNodeMark(m) || m.reads !== undefined);
    this.keyReads = isFullPath || protocol.coverageKey === undefined ? null : protocol.coverageKeyReads ?? null;
  }

  get isActive(): boolean {
    return this.protocol.coverageKey !== undefined || this.marks.length > 0;
  }

  /** `node` is the node the event ran on; null (a fault, a client op) keys every node. */
  observe(view: View<unknown>, node: NodeView<unknown> | null, eventIndex: number): void {
    // The changed nodes since the last observe, looked at before the keys and marks that read them. The view's nodes are
    // the run's NodeRecs (world.ts hands its own array), which the change tracker reads; a NodeRec's index is its place.
    let changedCount = 0;
    if (this.keyReads !== null || (this.pending > 0 && this.isMarkScoped)) {
      if (this.changes === null) this.start(view.nodes as readonly NodeRec[]);
      changedCount = this.changes!.lookAt(eventIndex);
      const changed = this.changes!.changed;
      for (let j = 0; j < changedCount; j++) this.changedAt[changed[j]!.index] = eventIndex;
    }
    const key = this.protocol.coverageKey;
    if (key !== undefined) {
      if (this.keyReads !== null) {
        // A node whose key inputs are unchanged since it was keyed would give the same text, already in the set.
        if (node !== null) this.keyIfChanged(key, node, view, eventIndex);
        else for (const n of view.nodes) this.keyIfChanged(key, n, view, eventIndex);
      } else if (node !== null) this.add(key(node, view), node.id, view.nowUs);
      else for (const n of view.nodes) this.add(key(n, view), n.id, view.nowUs);
    }
    if (this.pending === 0) return;
    // Marks are checked until they first hold; a mark that held once costs nothing afterwards. A node mark was false on
    // every node when last asked, so it holds now exactly when a changed node passes it; a mark naming its reads was
    // false when last asked, so it can hold now only when one of them changed.
    for (let i = 0; i < this.marks.length; i++) {
      if (this.hits[i] !== null) continue;
      const holdsAt = this.holdsAt[i]!;
      const reads = this.markReadIdx[i];
      const holds = holdsAt !== null ? this.holdsOnChanged(holdsAt, changedCount)
        : reads != null && !this.anyChangedAt(reads, eventIndex) ? false
        : this.marks[i]!.check(view);
      if (holds) {
        this.hits[i] = { eventIndex, atUs: view.nowUs };
        this.pending--;
      }
    }
  }

  /** At the first observe that needs them: the change tracker and the declared reads as node indexes. */
  private start(nodes: readonly NodeRec[]): void {
    this.changes = this.sharedChanges ?? new NodeChangeTracker(nodes);
    this.changedAt = nodes.map(() => -1);
    this.keyedAt = nodes.map(() => -1);
    this.lastKey = nodes.map(() => null);
    const indexOf = new Map<string, number>(nodes.map((n) => [n.id, n.index]));
    const resolve = (ids: readonly string[]): number[] => ids.flatMap((id) => { const i = indexOf.get(id); return i === undefined ? [] : [i]; });
    const reads = this.keyReads;
    this.keyReadIdx = nodes.map((n) => (reads === null || reads === 'node' ? [] : resolve(reads(n.id))));
    this.markReadIdx = this.marks.map((m, i) => (this.isMarkScoped && this.holdsAt[i] === null && m.reads !== undefined ? resolve(m.reads) : null));
  }

  private keyIfChanged(key: NonNullable<ProtocolModule['coverageKey']>, n: NodeView<unknown>, view: View<unknown>, eventIndex: number): void {
    const i = (n as NodeRec).index;
    const at = this.keyedAt[i]!;
    if (this.changedAt[i]! <= at) {
      const reads = this.keyReadIdx[i]!;
      let j = 0;
      while (j < reads.length && this.changedAt[reads[j]!]! <= at) j++;
      if (j === reads.length) return;
    }
    this.keyedAt[i] = eventIndex;
    // A changed node's key is most often its last one (72 % of tair's: a heartbeat moves a time, not the tuple); a
    // protocol that interns its key texts hands back the same string, compared by identity instead of hashed into the set.
    const k = key(n, view);
    if (k === this.lastKey[i]) return;
    this.lastKey[i] = k;
    this.add(k, n.id, view.nowUs);
  }

  private anyChangedAt(reads: readonly number[], eventIndex: number): boolean {
    for (let j = 0; j < reads.length; j++) if (this.changedAt[reads[j]!] === eventIndex) return true;
    return false;
  }

  private holdsOnChanged(holdsAt: (n: NodeView<unknown>) => boolean, count: number): boolean {
    const changed = this.changes!.changed;
    for (let j = 0; j < count; j++) if (holdsAt(changed[j]!)) return true;
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

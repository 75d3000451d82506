// Per-run memory for checks. An invariant (or excuse, or coverage key) is one object shared by every run in the process,
// so what it remembers from one event to the next is kept per view object: the kernel gives each run one view, so two
// runs in one process never mix, and a WeakMap lets a finished run's memory go with its view. Checks wrote this
// get-or-create by hand many times; these are that code once. Each call of a factory below is its own memory: two checks
// that shared one would each see the other's record of the very event they judge.
import { NodeRec } from './node.ts';

/** The fields of a NodeView these helpers read (a hand-built node in a test need not be a whole NodeView). */
export interface NodeIncarnation { readonly id: string; readonly incarnation: number }

/**
 * This run's value, made by `make` the first time the run asks (get-or-create per view object). The last view asked and
 * its value are kept beside the WeakMap: a run's events come one after another, so nearly every ask is for the view the
 * last one asked for and needs no WeakMap lookup (zab's checks make about fifteen such asks per event, ~15-25 ns each).
 * Exact: the WeakMap would give that same object. The last view stays referenced until another view is asked for (one
 * finished run's memory per factory kept alive until the next run's checks start).
 */
export function perRun<T>(make: () => T): (view: object) => T {
  const byRun = new WeakMap<object, T>();
  let lastView: object | null = null;
  let lastValue: T | undefined;
  return (view) => {
    if (view === lastView) return lastValue as T;
    let v = byRun.get(view);
    if (v === undefined) {
      v = make();
      byRun.set(view, v);
    }
    lastView = view;
    lastValue = v;
    return v;
  };
}

/** This run's map from node id (or any string key) to what the check remembers of it; empty at the run's start. */
export function perRunNodeMap<V>(): (view: object) => Map<string, V> {
  return perRun(() => new Map<string, V>());
}

/** NodeRec.memories slots handed out; a memory made past the cap (factories made per run, say) keeps a per-view map instead. */
let slotCount = 0;
const SLOTS_MAX = 256;

/**
 * What a check remembers of each node in a run, kept by the node object it is handed. The kernel's node objects (the
 * View's `nodes` and `node(id)`, NodeRec) are one per run and node, kept across restarts (the incarnation changes, not
 * the object), and only the run's own view holds them: so a slot in the node object itself is this run's memory of
 * that node, read with one array load, where perRunNodeMap takes two lookups (a WeakMap by view, then a Map by id; 0.7
 * to 0.8 % of a zab, tair or paxosstore seed). A node object that is not the kernel's (a hand-built view's) is
 * remembered by view and id, as perRunNodeMap does: the answers are the same either way.
 */
export class NodeMemory<V> {
  private readonly slot = slotCount < SLOTS_MAX ? slotCount++ : -1;
  private readonly byId = perRunNodeMap<V>();

  get(view: object, n: NodeIncarnation): V | undefined {
    if (this.slot >= 0 && n instanceof NodeRec) {
      const m = n.memories;
      return this.slot < m.length ? (m[this.slot] as V | undefined) : undefined;
    }
    return this.byId(view).get(n.id);
  }

  set(view: object, n: NodeIncarnation, v: V): void {
    if (this.slot >= 0 && n instanceof NodeRec) {
      const m = n.memories;
      while (m.length < this.slot) m.push(undefined); // packed: no holes for the loads above
      m[this.slot] = v;
    } else this.byId(view).set(n.id, v);
  }

  /** Forgets the node (get gives undefined until the next set). */
  delete(view: object, n: NodeIncarnation): void {
    if (this.slot >= 0 && n instanceof NodeRec) {
      if (this.slot < n.memories.length) n.memories[this.slot] = undefined;
    } else this.byId(view).delete(n.id);
  }
}

/**
 * The node's state as this memory last saw it, when that was in the same incarnation and a different object, else
 * undefined; records `s` as the state seen now. A restart starts from disk, so its first state is not a transition;
 * states are copy-on-write, so the same object means nothing changed. Passing `s` undefined forgets the node and gives
 * undefined (a check that records only some states, e.g. a LOOKING server's, passes undefined for the others, so the
 * next recorded state has no previous one).
 */
export function previousInIncarnation<S>(): (view: object, n: NodeIncarnation, s: S | undefined) => S | undefined {
  const memory = new NodeMemory<{ readonly s: S; readonly inc: number }>();
  return (view, n, s) => {
    if (s === undefined) {
      memory.delete(view, n);
      return undefined;
    }
    const prev = memory.get(view, n);
    memory.set(view, n, { s, inc: n.incarnation });
    return prev !== undefined && prev.inc === n.incarnation && prev.s !== s ? prev.s : undefined;
  };
}

/**
 * True the first time this memory is asked about the node in its current incarnation, false after (until it
 * restarts): for checks of what a node loaded at boot, which only its first state after the boot shows.
 */
export function firstInIncarnation(): (view: object, n: NodeIncarnation) => boolean {
  const memory = new NodeMemory<number>();
  return (view, n) => {
    if (memory.get(view, n) === n.incarnation) return false;
    memory.set(view, n, n.incarnation);
    return true;
  };
}

/** A memoPerNode entry: the key last computed for and its result (updated in place: no object per computation). */
class Memo<K, R> {
  constructor(public key: K, public r: R) {}
}

/**
 * `compute(key, n, view, lastKey, lastR)` for the node, remembered per run and node (in a NodeMemory: a slot in the
 * kernel's node object) while `key` is the same object: a verdict that depends on an immutable state alone need not be
 * worked out again for a node the event did not change. `lastKey` and `lastR` are what the memory held for the node
 * before (undefined at its first computation, any incarnation): a check may reuse work done for the last key (e.g.
 * skip what an earlier state that passed already held). A new key replaces the memory's, so two keys alternating
 * compute each time; `compute` must answer from its arguments alone (the same key and node, the same answer).
 */
export function memoPerNode<K, R, N extends NodeIncarnation = NodeIncarnation>(
  compute: (key: K, n: N, view: object, lastKey: K | undefined, lastR: R | undefined) => R,
): (view: object, n: N, key: K) => R {
  const memory = new NodeMemory<Memo<K, R>>();
  return (view, n, key) => {
    const last = memory.get(view, n);
    if (last === undefined) {
      const r = compute(key, n, view, undefined, undefined);
      memory.set(view, n, new Memo(key, r));
      return r;
    }
    if (last.key === key) return last.r;
    const r = compute(key, n, view, last.key, last.r);
    last.key = key;
    last.r = r;
    return r;
  };
}

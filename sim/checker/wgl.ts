// The Wing–Gong/Lowe search over one partition, with Porcupine's memo of (linearized set, state); resumable.
import { Memo, pairHash, zobristOf } from './memo.ts';
import { buildEntryList, lift, unlift } from './entries.ts';
import type { EntryList } from './entries.ts';
import { ILLEGAL } from './types.ts';
import type { CheckModel, Op } from './types.ts';

/** Where the search got stuck deepest: enough to explain an illegal history. */
export interface StuckPoint<S> {
  /** Indices (into the partition's ops) of the longest linearized prefix, in order. */
  readonly prefix: readonly number[];
  readonly state: S;
  /** Op whose return event was reached while it was still unplaced. */
  readonly stuckOp: number;
  /** Ops whose calls precede that return and that were still unplaced (stuckOp included). */
  readonly candidates: readonly number[];
}

export type SliceOutcome = 'ok' | 'illegal' | 'running' | 'memo-full';

/**
 * Transition rows (one Int32Array of all ops per state) pay off when the state space is small and
 * revisited millions of times (a register); a kv search makes ~150k states visited a few times
 * each, where rows would only be garbage. So only the first states get rows, once visited often.
 */
const ROW_STATES_MAX = 256;
const ROW_AFTER_STEPS = 6;
/** And no more rows past this many cells (16 MB), for long histories. */
const TRANSITION_CELLS_MAX = 4_000_000;
const NOT_STEPPED = 0;
const STEP_ILLEGAL = 1;

/**
 * One partition's search, run in slices of steps so several partitions can share a step budget
 * round-robin (as Porcupine checks them in parallel and stops at the first illegal one).
 */
export class PartitionSearch<S, I, O> {
  steps = 0;

  private readonly n: number;
  private readonly list: EntryList;
  private readonly lin: Uint32Array;
  private readonly memo: Memo;
  private readonly zob: Uint32Array;
  /** Interned states: the memo stores ids, `states[id]` the state. */
  private readonly states: S[] = [];
  private readonly stateIds = new Map<unknown, number>();
  /** transitions[stateId][op] = next state id + 2, STEP_ILLEGAL, or NOT_STEPPED. */
  private readonly transitions: (Int32Array | undefined)[] = [];
  private transitionCells = 0;
  /** Steps taken from each of the first states so far (until it gets a row). */
  private readonly stepsFrom = new Int32Array(ROW_STATES_MAX);
  private readonly stackOp: Int32Array;
  private readonly stackState: Int32Array;
  private depth = 0;
  private stateId = 0;
  private setHash = 0;
  private node: number;
  /**
   * The deepest point where a return stopped the search: its prefix is copied incrementally
   * (only the entries below `keptDepth` are still valid copies), so recording stays linear overall.
   */
  private bestDepth = -1;
  private readonly bestPrefix: Int32Array;
  private keptDepth = 0;
  private bestRetNode = -1;
  private bestStateId = 0;

  constructor(
    private readonly model: CheckModel<S, I, O>,
    private readonly ops: readonly Op<I, O>[],
    private readonly memoEntriesMax: number,
  ) {
    const n = ops.length;
    this.n = n;
    this.list = buildEntryList(ops);
    const words = Math.max(1, (n + 31) >>> 5);
    this.lin = new Uint32Array(words);
    this.memo = new Memo(words);
    this.zob = new Uint32Array(n);
    for (let k = 0; k < n; k++) this.zob[k] = zobristOf(k);
    this.stackOp = new Int32Array(n);
    this.stackState = new Int32Array(n);
    this.bestPrefix = new Int32Array(n);
    this.internState(model.init());
    this.node = this.list.next[this.list.head]!;
  }

  get memoEntries(): number { return this.memo.size; }
  get memoBytes(): number { return this.memo.bytes; }

  /** Runs at most `stepsMax` more steps. */
  run(stepsMax: number): SliceOutcome {
    const { next, prev, match, opOf, callNode, head } = this.list;
    const { lin, memo, zob, stackOp, stackState, transitions } = this;
    let { depth, stateId, setHash, node } = this;
    let steps = 0;
    let outcome: SliceOutcome = 'ok';
    while (next[head]! !== -1) {
      if (steps >= stepsMax) { outcome = 'running'; break; }
      steps++;
      const ret = match[node]!;
      if (ret >= 0) {
        // A call entry: try to linearize this operation next.
        const k = opOf[node]!;
        const row = transitions[stateId];
        let cell = row === undefined ? NOT_STEPPED : row[k]!;
        if (cell === NOT_STEPPED) cell = this.stepAndCache(stateId, k);
        if (cell !== STEP_ILLEGAL) {
          const afterId = cell - 2;
          const afterHash = (setHash ^ zob[k]!) >>> 0;
          if (memo.addWith(lin, k >>> 5, (1 << (k & 31)) >>> 0, afterId, pairHash(afterHash, afterId))) {
            if (memo.size > this.memoEntriesMax) { outcome = 'memo-full'; break; }
            stackOp[depth] = k;
            stackState[depth] = stateId;
            depth++;
            stateId = afterId;
            lin[k >>> 5] = (lin[k >>> 5]! | (1 << (k & 31))) >>> 0;
            setHash = afterHash;
            lift(next, prev, node, ret);
            node = next[head]!;
            continue;
          }
        }
        node = next[node]!;
      } else {
        // The return of an unplaced op: nothing tried before it works here, so backtrack.
        if (depth > this.bestDepth) this.recordBest(node, depth, stateId);
        if (depth === 0) { outcome = 'illegal'; break; }
        depth--;
        if (depth < this.keptDepth) this.keptDepth = depth;
        const k = stackOp[depth]!;
        stateId = stackState[depth]!;
        lin[k >>> 5] = (lin[k >>> 5]! & ~(1 << (k & 31))) >>> 0;
        setHash = (setHash ^ zob[k]!) >>> 0;
        const c = callNode[k]!;
        unlift(next, prev, c, match[c]!);
        node = next[c]!;
      }
    }
    this.depth = depth;
    this.stateId = stateId;
    this.setHash = setHash;
    this.node = node;
    this.steps += steps;
    return outcome;
  }

  /** Steps the model and remembers the transition (the same pair recurs throughout the search). */
  private stepAndCache(stateId: number, k: number): number {
    const op = this.ops[k]!;
    const state = this.states[stateId]!;
    const after = this.model.step(state, op.input, op.output);
    const cell = after === ILLEGAL ? STEP_ILLEGAL : (after === state ? stateId : this.internState(after)) + 2;
    let row = this.transitions[stateId];
    if (row === undefined && stateId < ROW_STATES_MAX && ++this.stepsFrom[stateId]! >= ROW_AFTER_STEPS && this.transitionCells + this.n <= TRANSITION_CELLS_MAX) {
      row = new Int32Array(this.n);
      this.transitions[stateId] = row;
      this.transitionCells += this.n;
    }
    if (row !== undefined) row[k] = cell;
    return cell;
  }

  private internState(state: S): number {
    let id: number;
    const dense = this.model.denseStateId;
    if (dense !== undefined) {
      id = dense.call(this.model, state);
      if (this.states[id] !== undefined) return id;
    } else {
      const key = this.model.stateKey(state);
      const known = this.stateIds.get(key);
      if (known !== undefined) return known;
      id = this.states.length;
      this.stateIds.set(key, id);
    }
    // Dense ids arrive in creation order, so this array stays packed.
    while (this.states.length < id) this.states.push(undefined as S);
    this.states[id] = state;
    return id;
  }

  private recordBest(retNode: number, depth: number, stateId: number): void {
    for (let i = this.keptDepth; i < depth; i++) this.bestPrefix[i] = this.stackOp[i]!;
    this.keptDepth = depth;
    this.bestDepth = depth;
    this.bestRetNode = retNode;
    this.bestStateId = stateId;
  }

  /** The deepest stuck point; candidates are the unplaced ops whose call came before that return. */
  stuckPoint(): StuckPoint<S> {
    const { opOf, callNode } = this.list;
    const prefix = Array.from(this.bestPrefix.subarray(0, this.bestDepth));
    const isPlaced = new Uint8Array(this.n);
    for (const k of prefix) isPlaced[k] = 1;
    const candidates: number[] = [];
    // Nodes are numbered in event order, so "call before the return" is a node comparison.
    for (let k = 0; k < this.n; k++) if (isPlaced[k] === 0 && callNode[k]! < this.bestRetNode) candidates.push(k);
    candidates.sort((a, b) => callNode[a]! - callNode[b]!);
    return { prefix, state: this.states[this.bestStateId]!, stuckOp: opOf[this.bestRetNode]!, candidates };
  }
}

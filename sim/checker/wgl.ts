// The Wing–Gong/Lowe search over one partition, with Porcupine's memo of (linearized set, state).
import { Memo, pairHash, zobristOf } from './memo.ts';
import { buildEntryList, lift, unlift } from './entries.ts';
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

export type SearchResult<S> =
  | { readonly verdict: 'ok'; readonly steps: number; readonly memoEntries: number }
  | { readonly verdict: 'illegal'; readonly stuck: StuckPoint<S>; readonly steps: number; readonly memoEntries: number }
  | { readonly verdict: 'unknown'; readonly reason: string; readonly steps: number; readonly memoEntries: number };

export function searchPartition<S, I, O>(
  model: CheckModel<S, I, O>, ops: readonly Op<I, O>[], stepsMax: number, memoEntriesMax: number,
): SearchResult<S> {
  const n = ops.length;
  if (n === 0) return { verdict: 'ok', steps: 0, memoEntries: 0 };
  const list = buildEntryList(ops);
  const { next, prev, match, opOf, callNode, head } = list;
  const words = (n + 31) >>> 5;
  const lin = new Uint32Array(words);
  const memo = new Memo(words);
  const zob = new Uint32Array(n);
  for (let k = 0; k < n; k++) zob[k] = zobristOf(k);

  // States are interned: the memo stores small integer ids, `states[id]` the state itself.
  const states: S[] = [];
  const stateIds = new Map<string | number, number>();
  let state = model.init();
  let stateId = 0;
  states.push(state);
  stateIds.set(model.stateKey(state), 0);

  const stackOp = new Int32Array(n);
  const stackState = new Int32Array(n);
  let depth = 0;
  let setHash = 0;
  let steps = 0;
  let bestDepth = -1;
  let stuck: StuckPoint<S> | null = null;

  let node = next[head]!;
  while (next[head]! !== -1) {
    if (++steps > stepsMax) {
      return { verdict: 'unknown', reason: `search step limit reached (stepsMax ${stepsMax})`, steps, memoEntries: memo.size };
    }
    const ret = match[node]!;
    if (ret >= 0) {
      // A call entry: try to linearize this operation next.
      const k = opOf[node]!;
      const op = ops[k]!;
      const after = model.step(state, op.input, op.output);
      if (after !== ILLEGAL) {
        let afterId = stateId;
        if (after !== state) {
          const key = model.stateKey(after);
          const known = stateIds.get(key);
          if (known === undefined) {
            afterId = states.length;
            states.push(after);
            stateIds.set(key, afterId);
          } else {
            afterId = known;
          }
        }
        const afterHash = (setHash ^ zob[k]!) >>> 0;
        if (memo.addWith(lin, k >>> 5, (1 << (k & 31)) >>> 0, afterId, pairHash(afterHash, afterId))) {
          if (memo.size > memoEntriesMax) {
            return { verdict: 'unknown', reason: `memo limit reached (memoEntriesMax ${memoEntriesMax})`, steps, memoEntries: memo.size };
          }
          stackOp[depth] = k;
          stackState[depth] = stateId;
          depth++;
          state = after;
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
      // A return entry of an unplaced op: nothing before it works here, so backtrack.
      if (depth > bestDepth) {
        bestDepth = depth;
        stuck = stuckPointAt(list, node, stackOp, depth, state);
      }
      if (depth === 0) {
        return { verdict: 'illegal', stuck: stuck!, steps, memoEntries: memo.size };
      }
      depth--;
      const k = stackOp[depth]!;
      stateId = stackState[depth]!;
      state = states[stateId]!;
      lin[k >>> 5] = (lin[k >>> 5]! & ~(1 << (k & 31))) >>> 0;
      setHash = (setHash ^ zob[k]!) >>> 0;
      const c = callNode[k]!;
      unlift(next, prev, c, match[c]!);
      node = next[c]!;
    }
  }
  return { verdict: 'ok', steps, memoEntries: memo.size };
}

function stuckPointAt<S>(
  list: ReturnType<typeof buildEntryList>, retNode: number, stackOp: Int32Array, depth: number, state: S,
): StuckPoint<S> {
  const candidates: number[] = [];
  for (let e = list.next[list.head]!; e !== retNode && e !== -1; e = list.next[e]!) {
    if (list.match[e]! >= 0) candidates.push(list.opOf[e]!);
  }
  return { prefix: Array.from(stackOp.subarray(0, depth)), state, stuckOp: list.opOf[retNode]!, candidates };
}

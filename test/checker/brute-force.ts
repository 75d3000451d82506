// A deliberately naive linearizability checker (all orders, no memo) to cross-check the search on tiny histories.
import { ILLEGAL } from '../../sim/checker/index.ts';
import type { CheckModel, Op } from '../../sim/checker/index.ts';

/** Tries every order that respects real time; unknown outcomes may also never take effect. */
export function bruteForceLinearizable<S, I, O>(model: CheckModel<S, I, O>, ops: readonly Op<I, O>[]): boolean {
  const n = ops.length;
  const placed = new Array<boolean>(n).fill(false);
  const retOf = (o: Op<I, O>): number => (o.ret === null ? Number.POSITIVE_INFINITY : o.ret);
  const search = (state: S, left: number): boolean => {
    // Done when every op with a known outcome is placed: the rest never took effect.
    if (ops.every((o, i) => placed[i] || o.ret === null)) return true;
    if (left === 0) return false;
    for (let j = 0; j < n; j++) {
      if (placed[j]) continue;
      const oj = ops[j]!;
      // j may go next only if no unplaced op returned before j was called.
      const isBlocked = ops.some((o, i) => i !== j && !placed[i] && retOf(o) < oj.call);
      if (isBlocked) continue;
      const next = model.step(state, oj.input, oj.output);
      if (next === ILLEGAL) continue;
      placed[j] = true;
      const isOk = search(next, left - 1);
      placed[j] = false;
      if (isOk) return true;
    }
    return false;
  };
  return search(model.init(), n);
}

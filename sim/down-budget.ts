// The fuzz down budget at fire time: how many nodes a crash, pause or kill may leave down at once (RunConfig.downBudget).
import type { World } from './world.ts';
import type { NodeRec } from './node.ts';
import type { FaultKind } from './types.ts';

export const isDownKind = (k: FaultKind): boolean => k === 'crash' || k === 'pause' || k === 'kill-during-write';

const counts = (w: World, n: NodeRec): boolean => {
  const kinds = w.downBudget?.kinds;
  return kinds === undefined || kinds.includes(n.kind);
};

/** Would taking `n` down now leave more than the budget's nodes down (crashed or paused)? False without a budget. */
export function isOverDownBudget(w: World, n: NodeRec): boolean {
  const b = w.downBudget;
  if (b === null) return false;
  let down = 0;
  for (const x of w.nodes) if (x !== n && counts(w, x) && (!x.isUp || x.isPaused)) down++;
  return down + (counts(w, n) ? 1 : 0) > b.maxDownNodes;
}

/** A triggered step may only take down nodes of the budget's kinds. */
export function isDownKindAllowed(w: World, n: NodeRec): boolean {
  return w.downBudget === null || counts(w, n);
}

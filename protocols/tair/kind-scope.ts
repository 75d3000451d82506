// Invariants that read only some kinds of node, re-checked only after an event that changed a node of those kinds.
import type { Invariant } from '../../sim/index.ts';
import type { TairState } from './state.ts';

/**
 * `inv` as a 'node' invariant whose checkNode runs the whole check for a node of one of `kinds` and skips the others.
 * Scoped runs then skip it after events that changed only other nodes (most events: dataservers and clients), where a
 * 'states' invariant ran after every event that changed any node. Exact for a check that (1) reads, of the nodes, only
 * the states, liveness and incarnations of `kinds` (anything else, such as view.canConnect or another kind's table, only
 * in the event where one of those changed) and (2) is idempotent: asked again with nothing it reads changed, it gives
 * the same verdict and leaves its per-run memory as it was. Full-check runs call `check` after every event;
 * test/bench/invariant-scope.test.ts shows both modes agree over clean and bug-flag seeds.
 */
export function scopedToKinds(inv: Invariant<TairState>, kinds: readonly string[]): Invariant<TairState> {
  // Asked for every invariant and every node an event changed, mostly a dataserver or client: the one-kind case (all
  // but one) compares the kind directly instead of Array.prototype.includes.
  const only = kinds.length === 1 ? kinds[0]! : null;
  return {
    ...inv, scope: 'node',
    checkNode: only !== null ? (view, n) => (n.kind === only ? inv.check(view) : null) : (view, n) => (kinds.includes(n.kind) ? inv.check(view) : null),
  };
}

export const CONFIGSERVERS: readonly string[] = ['configserver'];

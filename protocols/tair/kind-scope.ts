// Invariants that read only some kinds of node, re-checked only after an event that changed a node of those kinds.
import type { Invariant } from '../../sim/index.ts';
import type { TairState } from './state.ts';

/**
 * `inv` as a 'states' invariant of `kinds` (Invariant.kinds): scoped runs check it once after an event that changed a
 * node of one of `kinds` and skip it after events that changed only other nodes (most events: dataservers and
 * clients), where a plain 'states' invariant ran after every event that changed any node. Exact for a check that (1)
 * reads, of the nodes, only the states, liveness and incarnations of `kinds` (anything else, such as view.canConnect or
 * another kind's table, only in the event where one of those changed) and (2) is idempotent: asked again with nothing
 * it reads changed, it gives the same verdict and leaves its per-run memory as it was. Full-check runs call `check`
 * after every event; test/bench/invariant-scope.test.ts shows both modes agree over clean and bug-flag seeds.
 * (Until the nineteenth session this was a 'node' invariant whose checkNode ran the whole check for each changed node
 * of `kinds` and returned early for the others: one call per invariant and changed node, wasted on most.)
 */
export function scopedToKinds(inv: Invariant<TairState>, kinds: readonly string[]): Invariant<TairState> {
  return { ...inv, scope: 'states', kinds };
}

export const CONFIGSERVERS: readonly string[] = ['configserver'];

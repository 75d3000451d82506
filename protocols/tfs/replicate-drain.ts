// The liveness window blocks-replicated needs for the copies the fault phase left short: a rate, not a deadline.
//
// Trunk promises re-replication at its planner's pace, not within a fixed time (layout_manager.cpp build_ L584-680
// @0365c90: each pass plans at most has_space_in_task_queue_() / max_replication_ tasks, then sleeps 1 s). A dataserver
// outage under a busy client mix leaves hundreds of blocks on one server (clean grown seed 1,965,868: ~330 blocks
// after ds2's 3.6 s outage), which no fixed bound holds. So the window grows with the backlog at the heal, drained at
// the model's own planner rate (replicate-plan.ts), plus one task expiry for a copy lost at the heal's edge.
import type { View } from '../../sim/index.ts';
import type { TfsState } from './state.ts';
import type { TfsOptions } from './options.ts';
import { TASKS_PER_DS } from './replicate-plan.ts';

/**
 * Copies still to make at the heal: for every block some dataserver holds, the servers it lacks up to
 * min(maxReplication, dataservers). Counted on the dataservers' own blocks (what a copy needs: a holder), not on a
 * nameserver's relations, which a switch or a restart rebuilds from the same servers' reports.
 */
export function copiesShortAtHeal(view: View<TfsState>, opts: TfsOptions): number {
  const held = new Map<string, number>();
  let dataservers = 0;
  for (const n of view.nodes) {
    if (n.kind !== 'dataserver') continue;
    dataservers++;
    const st = n.state;
    if (st?.kind !== 'ds') continue;
    for (const id of Object.keys(st.blocks)) held.set(id, (held.get(id) ?? 0) + 1);
  }
  const want = Math.min(opts.maxReplication, dataservers);
  let short = 0;
  for (const holders of held.values()) short += Math.max(0, want - holders);
  return short;
}

/**
 * The planner's slowest pace: a pass every heartIntervalUs (the model's background slot) fills at least TASKS_PER_DS
 * tasks while candidates remain (all of them from one source at worst). A copy lands within the pass's messages, so
 * the backlog drains in ceil(short / TASKS_PER_DS) passes; one more pass and one replicateTaskExpiredTimeUs cover a
 * copy or END lost at the heal's edge and planned again, and one safeModeTimeUs a switch at the heal (no task is
 * planned in safe mode). The base bound (livenessBoundUs) already holds the control plane's recovery.
 */
export function replicateDrainUs(shortCopies: number, opts: TfsOptions): number {
  if (shortCopies === 0) return 0;
  return (Math.ceil(shortCopies / TASKS_PER_DS) + 1) * opts.heartIntervalUs + opts.replicateTaskExpiredTimeUs + opts.safeModeTimeUs;
}

/** ProtocolModule.livenessExtraUs for tfs: the drain time of the backlog the heal finds. */
export function tfsLivenessExtraUs(view: View<TfsState>, opts: TfsOptions): number {
  return replicateDrainUs(copiesShortAtHeal(view, opts), opts);
}

// The liveness window blocks-replicated needs for the copies the fault phase left short: a rate, not a deadline.
//
// Trunk promises re-replication at its planner's pace, not within a fixed time (layout_manager.cpp build_ L584-680
// @0365c90: each pass plans at most has_space_in_task_queue_() / max_replication_ tasks, then sleeps 1 s). A dataserver
// outage under a busy client mix leaves hundreds of blocks on one server (clean grown seed 1,965,868: ~330 blocks
// after ds2's 3.6 s outage), which no fixed bound holds. So the window grows with the backlog at the heal, drained at
// the planner's rate (replicate-plan.ts, trunk's since the fifteenth session: a pass a second, one task per server),
// plus one task expiry for a copy lost at the heal's edge.
import type { View } from '../../sim/index.ts';
import type { TfsState } from './state.ts';
import type { TfsOptions } from './options.ts';
import { PLAN_PASS_US } from './replicate-plan.ts';
import { blocksOnDisk } from './dataserver.ts';
import { BlockMap } from './block-map.ts';

/**
 * Copies still to make at the heal: for every block some dataserver holds, the servers it lacks up to
 * min(maxReplication, dataservers). Counted on the dataservers' own blocks (what a copy needs: a holder), not on a
 * nameserver's relations, which a switch or a restart rebuilds from the same servers' reports.
 */
export function copiesShortAtHeal(view: View<TfsState>, opts: TfsOptions): number {
  const held = new Map<number, number>();
  let dataservers = 0;
  for (const n of view.nodes) {
    if (n.kind !== 'dataserver') continue;
    dataservers++;
    // A dataserver the heal restarted has no state until its boot runs (the same instant, after this is asked): its
    // blocks are those its disk holds, which its boot loads and reports. Counting only the states missed them (clean
    // seed 2,382,701: ds1's disk held the blocks ds2 lacked, 52 copies against 7 counted, the window ran out).
    const st = n.state;
    const blocks = st === undefined ? (n.isUp ? BlockMap.of(blocksOnDisk(n.disk)) : null) : st.kind === 'ds' ? st.blocks : null;
    if (blocks === null) continue;
    for (const id of blocks.ids) held.set(id, (held.get(id) ?? 0) + 1);
  }
  const want = Math.min(opts.maxReplication, dataservers);
  let short = 0;
  for (const holders of held.values()) short += Math.max(0, want - holders);
  return short;
}

/**
 * The planner's slowest pace: a pass every PLAN_PASS_US plans at least one task while candidates remain and a task
 * ends within the pass (its copy and END are three messages). At worst every short block has the same one source,
 * which takes part in one task at a time (replicate-plan.ts candidates), so it is one copy a pass, as with 2
 * dataservers always: the backlog drains in `short` passes; one more pass and one replicateTaskExpiredTimeUs cover a
 * copy or END lost at the heal's edge and planned again, and one safeModeTimeUs a switch at the heal (no task is
 * planned in safe mode). The base bound (livenessBoundUs) already holds the control plane's recovery.
 */
export function replicateDrainUs(shortCopies: number, opts: TfsOptions): number {
  if (shortCopies === 0) return 0;
  return (shortCopies + 1) * PLAN_PASS_US + opts.replicateTaskExpiredTimeUs + opts.safeModeTimeUs;
}

/** ProtocolModule.livenessExtraUs for tfs: the drain time of the backlog the heal finds. */
export function tfsLivenessExtraUs(view: View<TfsState>, opts: TfsOptions): number {
  return replicateDrainUs(copiesShortAtHeal(view, opts), opts);
}

// Permitted anomalies a reply shows: the workload's excuse hook, asked as a reply is recorded, marks the history op.
//
// Why: some hazards of a real design are visible only in the answer a client gets, and only to an observer of the
// whole run: ZooKeeper's leader answers a SYNC once its earlier proposals committed, so a leader that a newer quorum
// has already replaced, and that does not know it yet, can answer a sync+read with stale data. No node can report that
// at the moment it answers, and the linearizability check would call the run a failure although the design allows it.
// The protocol names the condition (Workload.excuse, evaluated on the view at the reply); the kernel counts it as a
// permitted anomaly and the checker leaves that op's result unconstrained, while every other op is checked as before.
// Narrow by construction: only replies the protocol's condition names are excused, and the op still takes effect
// before its return (a write's effect still constrains the others).
import type { World } from './world.ts';
import type { NodeRec } from './node.ts';
import type { HistoryOp } from './history.ts';
import { countAnomaly } from './anomaly-names.ts';

/** Asks the workload's excuse hook about a reply just recorded; marks and counts it when the hook names an anomaly. */
export function excuseReply(w: World, n: NodeRec, h: HistoryOp, result: unknown): void {
  const excuse = w.protocol.workload?.excuse;
  if (excuse === undefined) return;
  const e = excuse.call(w.protocol.workload, w.view, n.id, h.op, result, w.opts);
  if (e === null) return;
  h.excused = e.anomaly;
  countAnomaly(w, e.anomaly);
  w.record('anomaly', n.id, `${e.anomaly}: #${h.id} ${e.detail}`);
}

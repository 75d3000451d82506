// The counted anomaly of PS4 (forgotten-votes.ts): one-chosen-value excused a second chosen value.
import type { AnomalyProbe } from '../../sim/index.ts';
import type { NodeState } from './state.ts';
import { excusedSeconds } from './forgotten-votes.ts';
import { oneChosenValue } from './invariants.ts';

/** Counted where one-chosen-value excuses a second value (RunResult.anomalies, the fuzz summary). */
export const voteForgottenProbe: AnomalyProbe<NodeState> = {
  name: 'vote-forgotten-after-db-moved-back',
  description: 'PS4, a real safety hazard of Certain\'s recovery: a second value is chosen at an entry where every acceptor common to the two choosing quorums forgot its vote (GC deleted it from the PLog, a GetAllAndSet moved the DB back below it, a restart loaded the counters from that DB); one-chosen-value excuses exactly that',
  present(view) {
    // Bring one-chosen-value up to this event first (it is idempotent per state), so the probe does not depend on
    // whether the kernel ran the invariants before it; its verdict is its own and is kept for the kernel's call.
    oneChosenValue.check(view);
    const list = excusedSeconds.get(view);
    return list === undefined || list.length === 0 ? null : list[list.length - 1]!;
  },
};

// The client history a run records: one entry per operation, with call and return (or unknown outcome).
import type { ClientOp, NodeId, ReqId, ScheduledOp, View } from './types.ts';

export interface HistoryOp {
  readonly id: ReqId;
  /** Logical client (at most one outstanding operation each). */
  readonly client: number;
  readonly node: NodeId;
  readonly op: ClientOp;
  readonly callUs: number;
  /** Global order of call and return events (ties in time broken by this). */
  readonly callSeq: number;
  returnUs: number | null;
  returnSeq: number | null;
  /** The reply; undefined while outstanding or when the outcome is unknown. */
  result: unknown;
  /** 'unknown': timed out or the node crashed; the op may or may not have taken effect. */
  outcome: 'pending' | 'ok' | 'unknown';
  /**
   * Set when the reply was recorded under a condition the protocol names as a permitted anomaly of the real design
   * (Workload.excuse, sim/reply-excuse.ts): the anomaly's name. The checker does not constrain this op's result (the
   * op still takes effect before its return); every other op is checked as usual.
   */
  excused?: string;
}

/** The run's client history as a check sees it ([] in a hand-built view without one). */
export function clientHistory<S>(view: View<S>): readonly Readonly<HistoryOp>[] {
  return view.history ?? [];
}

/** When the run's heal happened (View.healUs): null before it, and in a hand-built view without one. */
export function healedAtUs<S>(view: View<S>): number | null {
  return view.healUs ?? null;
}

/** The run's scheduled client operations, issued or still to come ([] in a hand-built view without them). */
export function clientPlan<S>(view: View<S>): readonly ScheduledOp[] {
  return view.clientPlan ?? [];
}

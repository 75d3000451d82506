// The seam between a run's client history and the linearizability checker (sim/checker).
import type { HistoryOp } from './history.ts';
import type { SequentialModel } from './types.ts';

export interface LinearizabilityVerdict {
  readonly verdict: 'ok' | 'illegal' | 'unknown';
  /** A readable explanation when illegal or unknown. */
  readonly explanation: string;
  /** Ids of operations that could not be placed (for reports). */
  readonly unplaceable: readonly number[];
  /** The verdict is 'unknown' because the protocol's sequential model threw on an unknown outcome: a defect of the
   * model, not a limit of the search (a run fails on it; `check-history` only reports it). */
  readonly isModelError?: true;
}

export type HistoryChecker = (model: SequentialModel<any, any, any>, history: readonly HistoryOp[]) => LinearizabilityVerdict;

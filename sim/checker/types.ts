// The checker's own vocabulary: models it checks against, operations, limits and results.

/** Returned by `CheckModel.step` when the output is not legal for the input in that state. */
export const ILLEGAL: unique symbol = Symbol('illegal');
export type Illegal = typeof ILLEGAL;

/**
 * A sequential specification, shaped for a fast search. `output` is `undefined` when the
 * operation's outcome is unknown (timed out, client crashed): the model must then accept it and
 * return the state after the input took effect (the search decides whether it took effect by
 * placing it, possibly after everything else).
 */
export interface CheckModel<S, I, O> {
  readonly name: string;
  init(): S;
  /** The next state, or ILLEGAL. Return the same state object when nothing changes (saves work). */
  step(state: S, input: I, output: O | undefined): S | Illegal;
  /**
   * A Map key for the state (compared with SameValueZero): equal keys must mean equal states.
   * Equal states should get equal keys (else the memo prunes less, still soundly). Keep it cheap:
   * a number, a short string, or the state object itself when states are hash-consed.
   */
  stateKey(state: S): unknown;
  /**
   * Optional, instead of interning by `stateKey`: a small integer id, unique per state among
   * those reachable from one `init()` (e.g. a hash-consing serial), dense from 0 in creation order.
   */
  denseStateId?(state: S): number;
  /** Operations with different keys touch independent state (P-compositionality). */
  partitionKey?(input: I): string;
  describeOp(input: I, output: O | undefined): string;
  describeState(state: S): string;
}

/** One operation of a history, with the positions of its call and return events. */
export interface Op<I, O> {
  /** Caller's id (line number of the call, request id, ...), reported back in explanations. */
  readonly id: number;
  readonly client: number;
  readonly input: I;
  /** `undefined` when the outcome is unknown. */
  readonly output: O | undefined;
  /** Position of the call event in the history's total order of events. */
  readonly call: number;
  /** Position of the return event; `null` for an unknown outcome (it may take effect any time after the call). */
  readonly ret: number | null;
}

/** Deterministic bounds on the search: exceeding one gives verdict 'unknown' instead of a hang. */
export interface CheckLimits {
  /** Search steps (one candidate tried or one backtrack) over all partitions. */
  readonly stepsMax: number;
  /** Memo entries (linearized set, state) of one partition. */
  readonly memoEntriesMax: number;
  /** Bytes of all memo tables alive at once (partitions are searched side by side); bounds memory. */
  readonly memoBytesMax: number;
}

export const DEFAULT_LIMITS: CheckLimits = {
  // A few seconds of search; the hardest Jepsen etcd log needs under 1.4M steps.
  stepsMax: 50_000_000,
  memoEntriesMax: 8_000_000,
  // An entry costs 4 × (ops/32 + 4) bytes with its hash and table slots: ~9M entries of an etcd log.
  memoBytesMax: 512 * 1024 * 1024,
};

/** An operation as it appears in an explanation. */
export interface OpReport {
  readonly id: number;
  readonly client: number;
  readonly call: number;
  readonly ret: number | null;
  readonly text: string;
}

/** Why an operation could not be placed right after the longest linearizable prefix. */
export interface Blocked extends OpReport {
  /** Empty when the step was legal but led only to states already explored. */
  readonly reason: string;
}

export interface IllegalDetail {
  readonly partition: string | null;
  /** The longest sequence of operations the search managed to linearize, in order. */
  readonly longestPrefix: readonly OpReport[];
  /** State after that prefix. */
  readonly stateAfterPrefix: string;
  /** The operation whose return came before anything could justify its output. */
  readonly stuckAt: OpReport;
  /** Operations that were candidates at that point (concurrent with `stuckAt` or it), each with why it failed. */
  readonly candidates: readonly Blocked[];
}

export interface CheckStats {
  readonly ops: number;
  readonly partitions: number;
  readonly steps: number;
  readonly memoEntries: number;
}

export type CheckResult =
  | { readonly verdict: 'ok'; readonly stats: CheckStats }
  | { readonly verdict: 'illegal'; readonly detail: IllegalDetail; readonly stats: CheckStats }
  | { readonly verdict: 'unknown'; readonly reason: string; readonly stats: CheckStats };

// The shrinker's acceptance rule: a candidate is kept only when it fails the SAME way (verdict and violation name) and
// its control run — the candidate with the failure's cause taken away — still passes, whenever the original's did. A
// hazard target (`anomaly`) keeps a candidate that still passes and still counts that permitted anomaly.
//
// Why the control: a run stops at its first violation, so a candidate may drop client traffic or fault-phase time that
// only matters after that point (issue 18, paxosstore seed 886244: the shrunk plan lost the last e0 traffic to a2). It
// still fails the same way on the buggy code, but once the bug is fixed the scenario fails liveness instead of passing:
// the regression test then tests the wrong thing. The control catches that before the fix exists.
import type { RunConfig, RunResult } from '../sim/index.ts';

export interface ShrinkTarget {
  readonly verdict: RunResult['verdict'];
  /** Violation name (invariant, liveness predicate, 'exception'...). */
  readonly name: string | null;
  /**
   * Shrinking a hazard, not a failure (`shrink --anomaly`): a candidate is kept while it still ends with `verdict` (a
   * pass) and counts this permitted anomaly at least once. No control run: the anomaly is the real design's.
   */
  readonly anomaly?: string;
}

/**
 * 'bugs-off': the failure came from bug flags, so the fix is known: the same candidate with the flags off must pass.
 * 'checks-off': a safety violation of the clean protocol; the best stand-in for the fixed code is the same run carried on
 * past the violation (invariant and linearizability checks off), which must then reach liveness without crashing.
 */
export type ControlKind = 'bugs-off' | 'checks-off';

export interface Control {
  readonly kind: ControlKind;
  readonly overrides: Partial<RunConfig>;
  /** "with the bug flags off" / "with safety checks off": for logs and the command's summary. */
  readonly label: string;
}

/** Same verdict and, when the target has one, the same violation name: a different failure is never accepted. */
export function isSameFailure(r: Pick<RunResult, 'verdict' | 'violation'> & Partial<Pick<RunResult, 'anomalies'>>, t: ShrinkTarget): boolean {
  if (t.anomaly !== undefined && (r.anomalies?.[t.anomaly] ?? 0) === 0) return false;
  return r.verdict === t.verdict && (t.name === null || r.violation?.name === t.name);
}

/** The control run for a failure, or null when nothing stands in for its fix (a liveness failure or crash of a clean protocol). */
export function controlFor(target: ShrinkTarget, bugs: readonly string[]): Control | null {
  if (target.anomaly !== undefined) return null;
  if (bugs.length > 0) return { kind: 'bugs-off', overrides: { bugs: [] }, label: 'with the bug flags off' };
  if (target.verdict === 'violation') return { kind: 'checks-off', overrides: { checkInvariants: false, checkLinearizability: false }, label: 'with safety checks off' };
  return null;
}

/** A control run holds when it passes outright (checks-off runs only have liveness and crashes left to fail). */
export function isControlHeld(r: Pick<RunResult, 'verdict'>): boolean {
  return r.verdict === 'pass';
}

/**
 * The acceptance rule itself. `control` is null when there is none, or when the original failure's own control run did
 * not pass (then no candidate can be held to it, and the shrinker says so).
 */
export function acceptCandidate(run: (overrides: Partial<RunConfig>) => Pick<RunResult, 'verdict' | 'violation'> & Partial<Pick<RunResult, 'anomalies'>>, target: ShrinkTarget, control: Control | null): boolean {
  if (!isSameFailure(run({}), target)) return false;
  return control === null || isControlHeld(run(control.overrides));
}

/** What a control run did, in words ("pass", "liveness (all-caught-up)"). */
export function outcomeText(r: Pick<RunResult, 'verdict' | 'violation'>): string {
  return `${r.verdict}${r.violation ? ` (${r.violation.name})` : ''}`;
}

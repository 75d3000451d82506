// The shrinker's acceptance rule: a candidate is kept only when it fails the SAME way (verdict, violation name and the
// subject the violation's detail names first: shrink-subject.ts) and
// its control run — the candidate with the failure's cause taken away — still passes, whenever the original's did. A
// hazard target (`anomaly`) keeps a candidate that still passes and still counts that permitted anomaly.
//
// Why the control: a run stops at its first violation, so a candidate may drop client traffic or fault-phase time that
// only matters after that point (issue 18, paxosstore seed 886244: the shrunk plan lost the last e0 traffic to a2). It
// still fails the same way on the buggy code, but once the bug is fixed the scenario fails liveness instead of passing:
// the regression test then tests the wrong thing. The control catches that before the fix exists.
import type { RunConfig, RunResult } from '../sim/index.ts';
import { subjectOf, type FailureSubject } from './shrink-subject.ts';

export interface ShrinkTarget {
  readonly verdict: RunResult['verdict'];
  /** Violation name (invariant, liveness predicate, 'exception'...). */
  readonly name: string | null;
  /**
   * Shrinking a hazard, not a failure (`shrink --anomaly`): a candidate is kept while it still ends with `verdict` (a
   * pass) and counts this permitted anomaly at least once. No control run: the anomaly is the real design's.
   */
  readonly anomaly?: string;
  /**
   * The original failure's subject ("a1 e2": the node and entity its detail names first); a candidate failing the same
   * check about another subject is another failure. Set by the shrinker from the input's own run; absent: not compared.
   */
  readonly subject?: FailureSubject;
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

/**
 * Same verdict and, when the target has one, the same violation name and the same subject: a different failure is never
 * accepted, nor the same check failing for another node or entity.
 */
export function isSameFailure(r: Pick<RunResult, 'verdict' | 'violation'> & Partial<Pick<RunResult, 'anomalies'>>, t: ShrinkTarget): boolean {
  if (t.anomaly !== undefined && (r.anomalies?.[t.anomaly] ?? 0) === 0) return false;
  if (r.verdict !== t.verdict || (t.name !== null && r.violation?.name !== t.name)) return false;
  return t.subject === undefined || subjectOf(r.violation, t.subject.nodes) === t.subject.text;
}

/** The target held to the subject of the input's own failing run (the shrinker calls this once it has reproduced it). */
export function withSubject(t: ShrinkTarget, first: Pick<RunResult, 'violation'>, nodes: readonly string[]): ShrinkTarget {
  return t.anomaly !== undefined ? t : { ...t, subject: { text: subjectOf(first.violation, nodes), nodes } };
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

/**
 * Does the failure's verdict come from the liveness phase (a liveness failure, or a pass a hazard shrink keeps)? Then the
 * liveness-phase client operations (the workload's steady traffic after the heal) are what that phase is judged on, and
 * no control run stands in for them: the shrinker keeps them all (paxosstore seed 2061372: without the steady reads
 * nothing after the heal told a1 that entry 1 was chosen, a lag of another cause under the same check name).
 */
export function isJudgedAfterHeal(t: ShrinkTarget): boolean {
  return t.verdict === 'liveness' || t.verdict === 'pass';
}

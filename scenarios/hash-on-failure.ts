// A plain campaign's seed hashes its trace only when it fails: nothing reads a passing seed's trace hash or trace ring
// (the campaign keeps a hash only for failures; the ring is read only by reports and replay), so a seed first runs
// without them, and one that does not pass runs again with them and returns that run, so its failure carries the
// real hash. The two runs of a failing seed must agree on everything but the hash: where they do not, that is
// nondeterminism, found without --check-determinism, which the campaign reports as a divergence.
import type { RunConfig } from '../sim/index.ts';
import type { JobOutcome } from './run-job.ts';

/** What a seed's first run skips (sim/trace.ts): folding records into the hash, and keeping more than one record. */
export const UNHASHED_RUN: Readonly<Partial<RunConfig>> = { hashTrace: false, traceRingSize: 1 };

/** The traceHash of an outcome whose trace was not hashed (a passing seed's: nobody reads it). */
export const NOT_HASHED = 'not-hashed';

/** How a failing seed's unhashed run and its hashed re-run differ: the outcome fields, and the first event known to differ. */
export interface RerunMismatch {
  readonly fields: readonly string[];
  /** The earliest event the fields show a difference at (a violation's event, else the shorter run's end). */
  readonly eventIndex: number;
}

/** The fields of an outcome both runs of one seed must agree on (everything the campaign and guided runs read but the hash). */
const COMPARED = ['verdict', 'violation', 'events', 'coverage', 'anomalies', 'messageTypes', 'virtualDurationUs'] as const;

/** The compared fields that differ between two runs of one seed, and where; null when they agree. */
export function rerunMismatch(a: JobOutcome, b: JobOutcome): RerunMismatch | null {
  // Outcomes are plain cloneable data (they cross worker threads), so their JSON text compares them field by field.
  const fields = COMPARED.filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f]));
  if (fields.length === 0) return null;
  const at = [a.events, b.events];
  if (fields.includes('violation')) for (const v of [a.violation, b.violation]) if (v !== null && v.eventIndex >= 0) at.push(v.eventIndex);
  return { fields, eventIndex: Math.min(...at) };
}

/**
 * Runs a seed unhashed (`run(false)`), and again hashed (`run(true)`) when its verdict is not 'pass'. Returns the
 * outcome the campaign records (the hashed run's for a failure) and how the two runs differ (null when they agree or
 * when there was one run). The run function is passed in so a test can plant a disagreement.
 */
export function runHashingFailures(run: (isHashed: boolean) => JobOutcome): { outcome: JobOutcome; mismatch: RerunMismatch | null } {
  const first = run(false);
  if (first.verdict === 'pass') return { outcome: { ...first, traceHash: NOT_HASHED }, mismatch: null };
  const second = run(true);
  // The seed's cost is both runs (elapsedMs is not compared).
  return { outcome: { ...second, elapsedMs: first.elapsedMs + second.elapsedMs }, mismatch: rerunMismatch(first, second) };
}

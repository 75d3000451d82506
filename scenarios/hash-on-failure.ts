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

/** How many of a worker's latest seeds the policy below remembers, and how many failures among them make it hash first. */
const RECENT_SEEDS = 16;
const FAILURES_TO_HASH_FIRST = 2;

/**
 * Whether a seed should run hashed at once. An unhashed first run saves about a tenth of a passing seed (lazyhash's
 * A/B: 1.07-1.16x) but costs a failing seed a whole second run (0.6x on a flag where every seed fails), so it pays
 * only while fewer than about one seed in ten fails. A campaign on a bug flag that fails often switches to hashing
 * first after two failures among its last 16 seeds, and back once they age out. Only the cost depends on it: either
 * way a failure's outcome is its hashed run and a pass's hash is NOT_HASHED (the re-run check for nondeterminism is
 * a bonus of the unhashed path, not something a campaign relies on).
 */
export class HashFirstPolicy {
  private readonly recent: boolean[] = [];
  private failures = 0;

  get isHashingFirst(): boolean {
    return this.failures >= FAILURES_TO_HASH_FIRST;
  }

  note(isFailed: boolean): void {
    this.recent.push(isFailed);
    if (isFailed) this.failures++;
    if (this.recent.length > RECENT_SEEDS && this.recent.shift() === true) this.failures--;
  }
}

/**
 * Runs a seed unhashed (`run(false)`), and again hashed (`run(true)`) when its verdict is not 'pass'; or hashed at
 * once while `policy` says failures are frequent. Returns the outcome the campaign records (the hashed run's for a
 * failure) and how the two runs differ (null when they agree or when there was one run). The run function is passed
 * in so a test can plant a disagreement.
 */
export function runHashingFailures(run: (isHashed: boolean) => JobOutcome, policy = new HashFirstPolicy()): { outcome: JobOutcome; mismatch: RerunMismatch | null } {
  if (policy.isHashingFirst) {
    const only = run(true);
    policy.note(only.verdict !== 'pass');
    return { outcome: only.verdict === 'pass' ? { ...only, traceHash: NOT_HASHED } : only, mismatch: null };
  }
  const first = run(false);
  policy.note(first.verdict !== 'pass');
  if (first.verdict === 'pass') return { outcome: { ...first, traceHash: NOT_HASHED }, mismatch: null };
  const second = run(true);
  // The seed's cost is both runs (elapsedMs is not compared).
  return { outcome: { ...second, elapsedMs: first.elapsedMs + second.elapsedMs }, mismatch: rerunMismatch(first, second) };
}

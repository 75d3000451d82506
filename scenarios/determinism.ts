// The determinism check: run the same job in two different workers and compare trace hashes; on a mismatch,
// find the first event whose running hash differs and re-run each side up to it to show both versions.
import type { TraceRecord } from '../sim/index.ts';
import type { WorkerPool } from './pool.ts';
import type { JobOutcome, RunJob } from './run-job.ts';
import { NOT_HASHED, type RerunMismatch } from './hash-on-failure.ts';

export interface Divergence {
  readonly eventIndex: number;
  readonly hashA: string;
  readonly hashB: string;
  readonly recordsA: readonly TraceRecord[];
  readonly recordsB: readonly TraceRecord[];
  /**
   * Set when a plain campaign's failing seed disagreed with its own hashed re-run (hash-on-failure.ts) and the strict
   * two-worker check below did not reproduce it: the outcome fields that differed (run A is the unhashed one, so there
   * is no hash to compare and no records; eventIndex is the first event the fields show a difference at).
   */
  readonly fields?: readonly string[];
}

export function firstDifferingEvent(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

/** Runs `job` twice on different workers; divergence is null when both runs agree. */
export async function runTwice(pool: WorkerPool, job: RunJob): Promise<{ outcome: JobOutcome; divergence: Divergence | null }> {
  // Both runs check every invariant after every event: --check-determinism is the strict mode.
  const a = await pool.run(job, { recordEventHashes: true, isFullCheck: true });
  const b = await pool.run(job, { recordEventHashes: true, isFullCheck: true }, a.worker);
  const strip = (o: JobOutcome): JobOutcome => ({ ...o, eventHashes: null });
  if (a.outcome.traceHash === b.outcome.traceHash && a.outcome.verdict === b.outcome.verdict) return { outcome: strip(a.outcome), divergence: null };
  const i = firstDifferingEvent(a.outcome.eventHashes ?? [], b.outcome.eventHashes ?? []);
  const [ra, rb] = await Promise.all([pool.run(job, { recordsOfEvent: i, isFullCheck: true }, b.worker), pool.run(job, { recordsOfEvent: i, isFullCheck: true }, a.worker)]);
  return {
    outcome: strip(a.outcome),
    divergence: { eventIndex: i, hashA: a.outcome.traceHash, hashB: b.outcome.traceHash, recordsA: ra.outcome.records ?? [], recordsB: rb.outcome.records ?? [] },
  };
}

/**
 * A plain campaign's seed whose unhashed run and hashed re-run disagreed: nondeterminism, found without
 * --check-determinism. Located as --check-determinism locates it (runTwice: two strict runs on different workers, the
 * first differing event and both versions of it) when that reproduces it, else reported by the fields that differed.
 */
export async function rerunDivergence(pool: WorkerPool, job: RunJob, outcome: JobOutcome, mismatch: RerunMismatch): Promise<Divergence> {
  const twice = await runTwice(pool, job);
  return twice.divergence ?? { eventIndex: mismatch.eventIndex, hashA: NOT_HASHED, hashB: outcome.traceHash, recordsA: [], recordsB: [], fields: mismatch.fields };
}

/** The one-line account of a divergence (failure files, the campaign's failure message). */
export function divergenceMessage(d: Divergence): string {
  if (d.fields !== undefined) return `a run and its re-run differ in ${d.fields.join(', ')}, first at event #${d.eventIndex}`;
  return `trace hashes differ (${d.hashA} vs ${d.hashB}), first at event #${d.eventIndex}`;
}

export function describeDivergence(d: Divergence, format: (r: TraceRecord) => string): string[] {
  return [
    d.fields !== undefined
      ? `nondeterminism: a failing seed's unhashed run and its hashed re-run (trace hash ${d.hashB}) differ in ${d.fields.join(', ')}; first event known to differ: #${d.eventIndex} (two strict runs did not reproduce it, so no records to show)`
      : `nondeterminism: trace hashes differ (${d.hashA} vs ${d.hashB}); first differing event: #${d.eventIndex}`,
    '  run A:',
    ...(d.recordsA.length > 0 ? d.recordsA.map((r) => `    ${format(r)}`) : ['    (no event)']),
    '  run B:',
    ...(d.recordsB.length > 0 ? d.recordsB.map((r) => `    ${format(r)}`) : ['    (no event)']),
  ];
}

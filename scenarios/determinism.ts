// The determinism check: run the same job in two different workers and compare trace hashes; on a mismatch,
// find the first event whose running hash differs and re-run each side up to it to show both versions.
import type { TraceRecord } from '../sim/index.ts';
import type { WorkerPool } from './pool.ts';
import type { JobOutcome, RunJob } from './run-job.ts';

export interface Divergence {
  readonly eventIndex: number;
  readonly hashA: string;
  readonly hashB: string;
  readonly recordsA: readonly TraceRecord[];
  readonly recordsB: readonly TraceRecord[];
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

export function describeDivergence(d: Divergence, format: (r: TraceRecord) => string): string[] {
  return [
    `nondeterminism: trace hashes differ (${d.hashA} vs ${d.hashB}); first differing event: #${d.eventIndex}`,
    '  run A:',
    ...(d.recordsA.length > 0 ? d.recordsA.map((r) => `    ${format(r)}`) : ['    (no event)']),
    '  run B:',
    ...(d.recordsB.length > 0 ? d.recordsB.map((r) => `    ${format(r)}`) : ['    (no event)']),
  ];
}

// What a plain campaign's worker posts for a passing seed. Of a passing seed the campaign reads only its coverage (the
// union of keys, and per mark whether it held) and its anomalies; the rest of a JobOutcome (the plan, options, down
// budget, key reach times, message types) is for failure files and guided campaigns. The keys were most of a zab
// seed's 29 kB structured clone (~190 keys of ~150 characters), and the main thread deserialised and hashed every one
// of them only to find it already in its tally, per seed, on the core the other worker wants at --jobs 2. So a passing
// seed is posted as a PassReport: the keys its worker has not posted before in this campaign, the names of the marks
// it reached, and its anomalies. A seed that does not pass is posted whole (its failure file needs all of it).
// The campaign's tallies do not change: the union of every worker's first sightings is the union of every seed's keys,
// and a worker's memory of what it posted dies with it (a respawned worker posts its keys again).
import type { JobOutcome } from './run-job.ts';

export interface PassReport {
  readonly isPassReport: true;
  readonly verdict: 'pass';
  readonly seed: number;
  /** null when the protocol declares no coverage (the tally then skips the seed, as for a JobOutcome's null coverage). */
  readonly coverage: {
    /** The run's keys this worker has not posted before in this campaign, in the run's (sorted) order. */
    readonly newKeys: readonly string[];
    /** The marks the run reached. */
    readonly marks: readonly string[];
  } | null;
  readonly anomalies: Readonly<Record<string, number>>;
}

export function isPassReport(o: JobOutcome | PassReport): o is PassReport {
  return (o as PassReport).isPassReport === true;
}

/** This worker's (module state is per worker thread or process) campaign, and the keys it has posted in it. */
let postingFor: number | null = null;
const postedKeys = new Set<string>();

/**
 * What the worker posts for `outcome` in campaign `campaign` (an id unique among the campaigns its pool runs,
 * nextCampaignId): a PassReport for a pass, else the outcome itself (whose keys then count as posted too).
 */
export function seedReport(outcome: JobOutcome, campaign: number): JobOutcome | PassReport {
  if (postingFor !== campaign) {
    postedKeys.clear();
    postingFor = campaign;
  }
  const cov = outcome.coverage;
  if (outcome.verdict !== 'pass' || outcome.rerunMismatch != null) {
    if (cov !== null) for (const k of cov.keys) postedKeys.add(k);
    return outcome;
  }
  let coverage: PassReport['coverage'] = null;
  if (cov !== null) {
    const newKeys: string[] = [];
    for (const k of cov.keys) {
      if (postedKeys.has(k)) continue;
      postedKeys.add(k);
      newKeys.push(k);
    }
    coverage = { newKeys, marks: reachedMarks(cov.marks) };
  }
  return { isPassReport: true, verdict: 'pass', seed: outcome.seed, coverage, anomalies: outcome.anomalies };
}

/** The names of the marks that held (a RunCoverage's marks: every declared mark, null when it never held). */
export function reachedMarks(marks: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  for (const name in marks) if (marks[name] !== null) out.push(name);
  return out;
}

let campaigns = 0;

/**
 * A fresh campaign id for pass reports (WorkerRequest.passReportsFor). Unique per process, and a pool is one process's, so
 * no two campaigns on one pool (a warm pool runs many, one after another) share one.
 */
export function nextCampaignId(): number {
  return ++campaigns;
}

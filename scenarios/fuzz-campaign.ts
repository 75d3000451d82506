// A fuzz campaign: the seeds of a (sharded) range run in worker threads, failures written as failure files as they are found,
// stopping cleanly on the first failure (unless keep-going), on the time budget, or when asked to (Ctrl-C).
import type { FaultPlan, ProtocolModule } from '../sim/index.ts';
import { runGuided, type RunDone } from './guided-campaign.ts';
import type { GuidedTuning } from './guided-tuning.ts';
import { WorkerCrash, WorkerPool, type PoolKind } from './pool.ts';
import { fuzzRunConfig, type FuzzFaults } from './fuzz-run.ts';
import { divergenceMessage, rerunDivergence, runTwice, type Divergence } from './determinism.ts';
import { CAMPAIGN_SEED_EXTRAS, type JobOutcome, type RunJob } from './run-job.ts';
import { shardSeeds, shardSeedCount, type Shard } from './shard.ts';
import { writeFailureFile } from './failure-file.ts';
import { fuzzSeedScenario } from './plan-to-scenario.ts';
import { EXIT } from './scenario.ts';
import { CoverageTally } from './coverage-tally.ts';
import { AnomalyTally, type AnomalyCount } from './anomaly-tally.ts';
import { isPassReport, nextCampaignId, type PassReport } from './seed-report.ts';
import type { CampaignCoverage } from '../reports/index.ts';

export interface CampaignOptions {
  readonly protocol: ProtocolModule;
  readonly bugs: readonly string[];
  readonly from: number;
  readonly seeds: number;
  readonly shard: Shard | null;
  readonly jobs: number;
  /** Stop starting new seeds after this much wall time (ms); null for no limit. */
  readonly timeBudgetMs: number | null;
  readonly isKeepGoing: boolean;
  readonly isCheckingDeterminism: boolean;
  /** Which faults a seed draws (default 'aimed'; see fuzz-run.ts). */
  readonly faults?: FuzzFaults;
  /** Coverage-guided: seeds run in generations, mutating plans that reached new coverage keys (guided-campaign.ts). */
  readonly isGuided?: boolean;
  /** Guided: the schedule's knobs (guided-tuning.ts; frontier mutants among them); default what `fuzz --guided` runs. For measuring (bench/coverage.ts). */
  readonly guidedTuning?: Partial<GuidedTuning>;
  /** Where failure files go (default .replisim/failures). */
  readonly failureDir?: string;
  /** A warm pool to use (and leave open); by default the campaign starts and closes its own. */
  readonly pool?: WorkerPool;
  /** What runs the campaign's own pool's workers (pool.ts PoolKind); default worker threads. */
  readonly poolKind?: PoolKind;
  /**
   * Every seed's whole outcome crosses from its worker, passes too: the twin of a plain campaign's pass reports
   * (seed-report.ts), for the test that both give the same results and for measuring them. Guided and
   * --check-determinism campaigns, and one with onKeys (which reads each seed's own keys), always do.
   */
  readonly isPostingWhole?: boolean;
  readonly onSeedDone?: (done: number, failures: number) => void;
  /** After each recorded seed: how many seeds are done, the campaign's distinct coverage keys so far and the seed's own keys (bench). */
  readonly onKeys?: (done: number, keyCount: number, runKeys: readonly string[]) => void;
  readonly onFailure?: (f: FuzzFailure) => void;
}

export interface FuzzFailure {
  readonly seed: number;
  readonly verdict: JobOutcome['verdict'] | 'nondeterminism';
  readonly name: string;
  readonly message: string;
  readonly exitCode: number;
  readonly traceHash: string;
  readonly failureFile: string;
  readonly divergence: Divergence | null;
}

export type StopReason = 'done' | 'failure' | 'time-budget' | 'interrupted';

export interface CampaignResult {
  readonly seedsRun: readonly number[];
  readonly total: number;
  readonly failures: readonly FuzzFailure[];
  readonly counts: Readonly<Record<'pass' | 'violation' | 'liveness' | 'crash' | 'nondeterminism', number>>;
  readonly elapsedMs: number;
  readonly stopReason: StopReason;
  /** The first seed of the range not run (resume with --from), or null when the range is complete. */
  readonly resumeFrom: number | null;
  /** Coverage keys and "sometimes" marks over the seeds run (first seed and count per mark). */
  readonly coverage: CampaignCoverage;
  /** Design-permitted anomalies over the seeds run (first seed, seeds, sightings per name). */
  readonly anomalies: readonly AnomalyCount[];
}

/** Exit code for a set of failures: the most serious kind wins (nondeterminism, crash, violation, liveness). */
export function worstExitCode(codes: readonly number[]): number {
  for (const c of [EXIT.nondeterminism, EXIT.crash, EXIT.violation, EXIT.liveness]) if (codes.includes(c)) return c;
  return EXIT.pass;
}

/** Starts the campaign; `stop()` asks it to finish the seeds in flight and return. */
export function startCampaign(o: CampaignOptions): { readonly done: Promise<CampaignResult>; stop(reason: StopReason): void } {
  let stopReason: StopReason | null = null;
  const stop = (reason: StopReason): void => { stopReason ??= reason; };
  const done = (async (): Promise<CampaignResult> => {
    const started = Date.now();
    const seeds = shardSeeds(o.from, o.seeds, o.shard);
    const total = shardSeedCount(o.from, o.seeds, o.shard);
    // No more lanes (and workers) than seeds: each worker costs a tsx start-up.
    const lanes = Math.max(1, Math.min(o.jobs, total));
    // A plain --keep-going campaign keeps two seeds per worker in flight (pool.ts depth), so a worker starts its next
    // seed the moment it posts a result. Only there: nothing in its results depends on the order seeds finish in
    // (tallies, sorted seeds and failures), and a stop (time budget, Ctrl-C) lets the seeds in flight finish, as before.
    // A campaign that stops on its first failure would run a seed past it at --jobs 1; a guided generation is 16 seeds,
    // and a worker's queued second seed could leave the other idle at its end; --check-determinism places its own runs.
    const perWorker = o.isKeepGoing && o.isGuided !== true && !o.isCheckingDeterminism ? 2 : 1;
    const pool = o.pool ?? new WorkerPool(o.isCheckingDeterminism ? Math.max(2, lanes) : lanes, null, perWorker, o.poolKind);
    const seedsRun: number[] = [];
    const failures: FuzzFailure[] = [];
    const counts = { pass: 0, violation: 0, liveness: 0, crash: 0, nondeterminism: 0 };
    const tally = new CoverageTally(o.protocol);
    const anomalies = new AnomalyTally();
    // A plain campaign's passing seeds come back as PassReports (seed-report.ts): guided runs read a seed's own keys,
    // plan and options, --check-determinism compares whole outcomes, and onKeys is handed a seed's own keys.
    const reportingAs = o.isGuided !== true && !o.isCheckingDeterminism && o.onKeys === undefined && o.isPostingWhole !== true ? nextCampaignId() : null;
    const take = (): number | null => {
      if (stopReason === null && o.timeBudgetMs !== null && Date.now() - started >= o.timeBudgetMs) stop('time-budget');
      if (stopReason !== null) return null;
      const n = seeds.next();
      return n.done ? null : n.value;
    };
    const record = (seed: number, outcome: JobOutcome | PassReport, divergence: Divergence | null, parent?: number): number => {
      seedsRun.push(seed);
      const fresh = !isPassReport(outcome) ? tally.add(seed, outcome.coverage) : outcome.coverage === null ? 0 : tally.addReached(seed, outcome.coverage.newKeys, outcome.coverage.marks);
      anomalies.add(seed, outcome.anomalies);
      const verdict = divergence !== null ? 'nondeterminism' : outcome.verdict;
      counts[verdict]++;
      // (A PassReport is a pass: it never gets here.)
      if (verdict !== 'pass' && !isPassReport(outcome)) {
        const exitCode = divergence !== null ? EXIT.nondeterminism : outcome.exitCode;
        const name = divergence !== null ? 'nondeterminism' : outcome.violation?.name ?? verdict;
        const message = divergence !== null ? divergenceMessage(divergence) : outcome.violation?.message ?? '';
        const failureFile = writeFailureFile({
          // The seed the run drew its randomness from: a frontier mutant's is its parent's run seed, not the campaign's.
          origin: 'fuzz', source: sourceOf(seed, outcome.seed, parent), protocol: o.protocol.name, seed: outcome.seed, bugs: [...o.bugs],
          scenario: fuzzSeedScenario({ protocol: o.protocol.name, seed: outcome.seed, bugs: o.bugs, steps: outcome.steps, kinds: outcome.kinds, faultPhaseUs: outcome.faultPhaseUs, options: outcome.fuzzOptions ?? undefined, downBudget: outcome.downBudget }),
          verdict: outcome.verdict,
          violation: divergence !== null ? { name, message, eventIndex: divergence.eventIndex } : outcome.violation && { name, message, eventIndex: outcome.violation.eventIndex },
          traceHash: outcome.traceHash, exitCode,
        }, o.failureDir);
        const f: FuzzFailure = { seed, verdict, name, message, exitCode, traceHash: outcome.traceHash, failureFile, divergence };
        failures.push(f);
        o.onFailure?.(f);
        if (!o.isKeepGoing) stop('failure');
      }
      o.onSeedDone?.(seedsRun.length, failures.length);
      // (A campaign with onKeys gets whole outcomes, never PassReports: see reportingAs.)
      if (o.onKeys !== undefined && !isPassReport(outcome)) o.onKeys(seedsRun.length, tally.keyCount, outcome.coverage?.keys ?? []);
      return fresh;
    };
    type FuzzJob = Extract<RunJob, { kind: 'fuzz' }>;
    const jobOf = (seedJob: FuzzJob): FuzzJob => (o.faults !== undefined ? { ...seedJob, faults: o.faults } : seedJob);
    // A seed that kills its worker (out of memory, say) is a crash of that seed, not of the campaign.
    const crashed = (job: FuzzJob, e: unknown): RunDone => {
      if (!(e instanceof WorkerCrash)) throw e;
      return { outcome: workerCrashOutcome(o.protocol, job.seed, o.bugs, o.faults, e.message, job.plan, job.options, job.isReaimed === true), divergence: null };
    };
    // The seed was hashed only because it failed (hash-on-failure.ts); a failure whose two runs disagree is nondeterminism.
    const divergenceOf = async (job: FuzzJob, outcome: JobOutcome): Promise<Divergence | null> => {
      const mismatch = outcome.rerunMismatch ?? null;
      return mismatch === null ? null : await rerunDivergence(pool, job, outcome, mismatch);
    };
    const runOne = async (seedJob: FuzzJob): Promise<RunDone> => {
      const job = jobOf(seedJob);
      try {
        if (o.isCheckingDeterminism) return await runTwice(pool, job);
        const { outcome } = await pool.run(job, CAMPAIGN_SEED_EXTRAS);
        return { outcome, divergence: await divergenceOf(job, outcome) };
      } catch (e) {
        return crashed(job, e);
      }
    };
    /** A plain campaign's seed: a pass comes back as a PassReport. */
    const runReported = async (seedJob: FuzzJob, campaign: number): Promise<{ outcome: JobOutcome | PassReport; divergence: Divergence | null }> => {
      const job = jobOf(seedJob);
      try {
        const { outcome } = await pool.runReporting(job, CAMPAIGN_SEED_EXTRAS, campaign);
        return { outcome, divergence: isPassReport(outcome) ? null : await divergenceOf(job, outcome) };
      } catch (e) {
        return crashed(job, e);
      }
    };
    const lane = async (): Promise<void> => {
      for (let seed = take(); seed !== null; seed = take()) {
        const job: FuzzJob = { kind: 'fuzz', protocol: o.protocol.name, seed, bugs: o.bugs };
        const { outcome, divergence } = reportingAs === null ? await runOne(job) : await runReported(job, reportingAs);
        record(seed, outcome, divergence);
      }
    };
    try {
      if (o.isGuided === true) {
        await runGuided({
          protocol: o.protocol, bugs: o.bugs, lanes, take, runOne, record, ...(o.faults !== undefined ? { faults: o.faults } : {}),
          ...(o.guidedTuning !== undefined ? { tuning: o.guidedTuning } : {}),
        });
      }
      else await Promise.all(Array.from({ length: Math.min(total, lanes * perWorker) }, lane));
    } finally {
      if (o.pool === undefined) await pool.close();
    }
    seedsRun.sort((a, b) => a - b);
    // Seeds are handed out in increasing order and every lane finishes its seed, so the next seed not handed out is
    // exactly where a resumed campaign starts.
    const next = seeds.next();
    return {
      seedsRun, total, failures: failures.sort((a, b) => a.seed - b.seed), counts, elapsedMs: Date.now() - started,
      stopReason: stopReason ?? 'done', resumeFrom: next.done ? null : next.value, coverage: tally.result(), anomalies: anomalies.result(),
    };
  })();
  return { done, stop };
}

/** A failure file's `source`: the campaign seed, and for a guided mutant the corpus entry it came from and its run seed. */
function sourceOf(seed: number, runSeed: number, parent: number | undefined): string {
  if (parent === undefined) return `fuzz seed ${seed}`;
  if (runSeed !== seed) return `guided fuzz seed ${seed} (a frontier mutant of seed ${parent}'s corpus entry: its run on seed ${runSeed} replayed, one fault added where it first reached a rare key)`;
  return `guided fuzz seed ${seed} (a mutant of seed ${parent}'s corpus entry: its plan, its options, or both)`;
}

/** What a seed whose worker died is recorded as: a crash, with the plan it would have run so the failure file replays it. */
function workerCrashOutcome(protocol: ProtocolModule, seed: number, bugs: readonly string[], faults: FuzzFaults | undefined, message: string, mutant: FaultPlan | undefined, options: Readonly<Record<string, unknown>> | undefined, isReaimed: boolean): JobOutcome {
  const { plan, fuzzOptions, downBudget } = fuzzRunConfig({ protocol, seed, bugs, ...(faults !== undefined ? { faults } : {}), ...(mutant !== undefined ? { plan: mutant } : {}), ...(isReaimed ? { isReaimed } : {}), ...(options !== undefined ? { options } : {}) });
  return {
    fuzzOptions, downBudget, seed, protocol: protocol.name, bugs: [...bugs], verdict: 'crash', violation: { name: 'worker-died', message, eventIndex: -1, atUs: 0 },
    traceHash: '0000000000000000', events: 0, virtualDurationUs: 0, steps: plan.steps, kinds: plan.kinds, faultPhaseUs: protocol.faultBudget.fuzzFaultPhaseUs,
    isPassed: false, exitCode: EXIT.crash, expectations: [], eventHashes: null, records: null, elapsedMs: 0, coverage: null, messageTypes: [], anomalies: {},
  };
}

// One unit of work for a worker (or the main thread): a fuzz seed or a scenario, run and reduced to a small, cloneable outcome.
import type { DownBudget, FaultPlan, FaultStep, RunConfig, RunCoverage, RunResult, TraceRecord } from '../sim/index.ts';
import { runFuzzSeed, type FuzzFaults } from './fuzz-run.ts';
import { findProtocol } from './registry.ts';
import { InputError } from './errors.ts';
import { loadScenarioFile, validateScenario } from './load.ts';
import { runScenario, verdictExitCode } from './scenario.ts';
import { HashFirstPolicy, runHashingFailures, UNHASHED_RUN, type RerunMismatch } from './hash-on-failure.ts';

export type RunJob =
  /** A fuzz seed; `plan` (a guided campaign's mutant) replaces the plan drawn from the seed, `options` override its options. */
  | { readonly kind: 'fuzz'; readonly protocol: string; readonly seed: number; readonly bugs: readonly string[]; readonly faults?: FuzzFaults; readonly plan?: FaultPlan; readonly isReaimed?: boolean; readonly options?: Readonly<Record<string, unknown>>; readonly faultPhaseUs?: number }
  /** A scenario by path, or by its raw JSON (a failure file's embedded scenario) with the name to report it under. */
  | { readonly kind: 'scenario'; readonly path?: string; readonly raw?: unknown; readonly file?: string; readonly seed?: number; readonly bugs?: readonly string[] };

export interface JobExtras {
  /** Keep one hash per event (determinism check). */
  readonly recordEventHashes?: boolean;
  /** Stop after this event and return its trace records (naming the first differing event). */
  readonly recordsOfEvent?: number;
  /** Check every invariant after every event instead of scoped checking (the determinism check's strict runs). */
  readonly isFullCheck?: boolean;
  /**
   * A plain campaign's seed: hash the trace only if the seed fails (hash-on-failure.ts). A passing seed's outcome then
   * has no trace hash (NOT_HASHED). Ignored for scenarios and with any extra above, which read the trace.
   */
  readonly hashOnlyFailures?: boolean;
}

/** What a plain (not --check-determinism) campaign's worker runs each seed with. */
export const CAMPAIGN_SEED_EXTRAS: JobExtras = { hashOnlyFailures: true };

export interface JobOutcome {
  readonly seed: number;
  readonly protocol: string;
  readonly bugs: readonly string[];
  readonly verdict: RunResult['verdict'];
  readonly violation: { readonly name: string; readonly message: string; readonly eventIndex: number; readonly atUs: number } | null;
  readonly traceHash: string;
  readonly events: number;
  readonly virtualDurationUs: number;
  /** The fault plan that ran (fuzz: drawn from the seed). */
  readonly steps: readonly FaultStep[];
  readonly kinds: readonly string[];
  readonly faultPhaseUs: number;
  /** Fuzz: the option overrides the seed ran with (fuzzOptions + perturbed) and its down budget, for its failure file. */
  readonly fuzzOptions: Readonly<Record<string, unknown>> | null;
  readonly downBudget: DownBudget | null;
  /** Scenario runs: did every expectation hold, and the exit code that implies. */
  readonly isPassed: boolean;
  readonly exitCode: number;
  readonly expectations: readonly { readonly text: string; readonly isMet: boolean; readonly detail: string }[];
  readonly eventHashes: readonly number[] | null;
  readonly records: readonly TraceRecord[] | null;
  readonly elapsedMs: number;
  /** Coverage keys and marks of the run (null when the protocol declares none). */
  readonly coverage: RunCoverage | null;
  /** Message types the run sent, sorted (guided campaigns draw send/receive triggers from them). */
  readonly messageTypes: readonly string[];
  /** Design-permitted anomalies the run reported, with their counts (campaigns tally them). */
  readonly anomalies: Readonly<Record<string, number>>;
  /** hashOnlyFailures: how a failing seed's unhashed run and its hashed re-run (this outcome) differ, if they do: nondeterminism. */
  readonly rerunMismatch?: RerunMismatch | null;
}


/** This thread's campaign seeds so far: whether failures are frequent enough to hash first (hash-on-failure.ts). */
const hashFirst = new HashFirstPolicy();

export function runJob(job: RunJob, extras: JobExtras = {}): JobOutcome {
  const isTraceRead = extras.recordEventHashes === true || extras.recordsOfEvent !== undefined || extras.isFullCheck === true;
  if (extras.hashOnlyFailures !== true || job.kind !== 'fuzz' || isTraceRead) return runJobOnce(job, extras, true);
  const { outcome, mismatch } = runHashingFailures((isHashed) => runJobOnce(job, extras, isHashed), hashFirst);
  return mismatch === null ? outcome : { ...outcome, rerunMismatch: mismatch };
}

/** One run of a job; `isHashed` false runs it as a passing campaign seed's first run (UNHASHED_RUN: no hash, a 1-record ring). */
export function runJobOnce(job: RunJob, extras: JobExtras, isHashed: boolean): JobOutcome {
  const started = Date.now();
  const run: Partial<RunConfig> = {
    ...(isHashed ? {} : UNHASHED_RUN),
    ...(extras.recordEventHashes ? { recordEventHashes: true } : {}),
    ...(extras.recordsOfEvent !== undefined ? { traceFull: true, stopAfterEvent: extras.recordsOfEvent } : {}),
    ...(extras.isFullCheck ? { invariantChecks: 'full' as const } : {}),
  };
  const pick = (r: RunResult): Pick<JobOutcome, 'seed' | 'protocol' | 'bugs' | 'verdict' | 'violation' | 'traceHash' | 'events' | 'virtualDurationUs' | 'eventHashes' | 'records' | 'coverage' | 'messageTypes' | 'anomalies'> => ({
    coverage: r.coverage, anomalies: { ...r.anomalies }, messageTypes: Object.keys(r.stats.messagesByType).sort(), seed: r.seed, protocol: r.protocol, bugs: r.bugs, verdict: r.verdict,
    violation: r.violation && { name: r.violation.name, message: r.violation.message, eventIndex: r.violation.eventIndex, atUs: r.violation.atUs },
    traceHash: r.traceHash, events: r.events, virtualDurationUs: r.virtualDurationUs, eventHashes: r.eventHashes,
    records: extras.recordsOfEvent === undefined ? null : r.trace.filter((t) => t.event === extras.recordsOfEvent),
  });
  if (job.kind === 'fuzz') {
    const protocol = findProtocol(job.protocol);
    if (protocol === undefined) throw new InputError(`unknown protocol "${job.protocol}"`);
    const r = runFuzzSeed({ protocol, seed: job.seed, bugs: job.bugs, run, ...(job.faults !== undefined ? { faults: job.faults } : {}), ...(job.plan !== undefined ? { plan: job.plan } : {}), ...(job.isReaimed === true ? { isReaimed: true } : {}), ...(job.options !== undefined ? { options: job.options } : {}), ...(job.faultPhaseUs !== undefined ? { faultPhaseUs: job.faultPhaseUs } : {}) });
    return {
      ...pick(r), steps: r.plan.steps, kinds: r.plan.kinds, faultPhaseUs: r.faultPhaseUs, fuzzOptions: r.fuzzOptions, downBudget: r.downBudget,
      isPassed: r.verdict === 'pass', exitCode: verdictExitCode(r.verdict), expectations: [], elapsedMs: Date.now() - started,
    };
  }
  const s = job.path !== undefined ? loadScenarioFile(job.path) : validateScenario(job.file ?? 'scenario', job.raw, job.file);
  const o = runScenario(s, { ...(job.seed !== undefined ? { seed: job.seed } : {}), ...(job.bugs !== undefined ? { bugs: job.bugs } : {}), run });
  return {
    ...pick(o.result), steps: [], kinds: [], faultPhaseUs: s.duration, fuzzOptions: null, downBudget: null,
    isPassed: o.isPassed, exitCode: o.exitCode, expectations: o.expectations, elapsedMs: Date.now() - started,
  };
}

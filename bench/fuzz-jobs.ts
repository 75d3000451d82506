// Fuzz throughput with --jobs 1 and --jobs 2 on warm pools, each campaign between two runs of the plain loop with as
// many threads (the ceiling paired with it); the figure is the median of the per-round ratios, with their spread.
// What it measures: a long campaign's steady state. Each worker is its own V8 isolate and optimises the simulator's
// code on its own, over its first few hundred seeds (CPU per seed falls from about 1.7x to 1x; the compiling runs on
// V8's helper threads and takes cores from the seeds). A short run measures that warm-up, not the scaling, so the
// pools' workers are warmed first (the two-worker pool's warm-up cost is printed), and --jobs 1 and --jobs 2 then run
// the same seeds on warm pools of one and two workers (as a campaign of each would start), alternating, round by round.
// `npx tsx bench/fuzz-jobs.ts [--warm N] [--rounds R] [--seconds S] [--young-mb M] [--depth D] [--protocol P]
// [--pools "<pool>|<pool>..."] [--tsx] [--baseline <git-ref>] [--alternate "<variant>|<variant>..." [--times N]]` (--pools: the
// pool variants measured side by side, each `threads` or `processes` followed by the worker processes' node flags;
// default threads, processes, processes --single-threaded-gc, processes --single-threaded; a process pool's CPU is read
// from its children's /proc entries. --young-mb: the worker threads' young generation
// limit, resourceLimits.maxYoungGenerationSizeMb; V8's default when not given. --depth: seeds in flight per worker, 2 as
// a plain --keep-going campaign runs, 1 to A/B it.) The pools run as shipped (jobs-shipped.ts: bundled, as dist/ is);
// --tsx: through tsx, as before the twenty-seventh session. --baseline: that ref's pool and campaign too (checked out into a
// temp worktree, imported into this process), with its own warm pool, the two builds' campaigns alternating within
// every round, so both see the same machine load. --alternate: this bench in a child process per variant, the variants
// taking turns, N times each (default 2); a variant is node flags (e.g. `--single-threaded-gc`), then optionally `--`
// and bench options of its own (`-- --depth 1`); the other options go to every child. V8's GC and compiler flags must be
// on node's command line: set with v8.setFlagsFromString in a running process, `--single-threaded-gc` aborted it (the
// main isolate's concurrent marking was under way), so an A/B of flags is separate processes.
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import * as sourceLib from './jobs-entry.ts';
import { WorkerPool, type PoolKind } from '../scenarios/pool.ts';
import type { CampaignOptions, CampaignResult } from '../scenarios/fuzz-campaign.ts';
import { CAMPAIGN_SEED_EXTRAS, runJob } from '../scenarios/run-job.ts';
import { nextCampaignId, seedReport } from '../scenarios/seed-report.ts';
import type { ProtocolModule } from '../sim/index.ts';
import { ofPairedCeiling, pairedCeiling, summary, type PairedRound } from './paired-ceiling.ts';
import { spread } from './paired-rounds.ts';
import { importShippedJobs, type JobsLib } from './jobs-shipped.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const FIRST_SEED = 1_000;
const WARM_FROM = 100_000;

interface Measure {
  readonly seeds: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly mainCpuMs: number | null;
  /**
   * CPU ms over the run (Linux /proc; null elsewhere) of the campaign's workers (a thread pool's: its `jobs` busiest
   * threads; a process pool's: its children's main threads), and of V8's helper threads (every other thread of this
   * process and of the pool's children but this process's main thread).
   */
  readonly split: { readonly workerCpuMs: number; readonly helperCpuMs: number } | null;
  /**
   * The campaign's workers, summed: ms neither on a CPU nor waiting for one (schedstat's
   * run-queue wait), i.e. asleep: waiting for their next seed, or blocked in a GC pause until V8's helper threads finish
   * their share (which, under load, themselves wait for a core); null without schedstat.
   */
  readonly workerIdleMs: number | null;
}

interface TaskTimes { readonly cpuMs: number; readonly waitMs: number | null }

/**
 * CPU ms of one thread of this process, from /proc on Linux; null elsewhere. `schedstat` counts nanoseconds on the CPU
 * and waiting for one (the main thread spends well under a millisecond per seed, below `stat`'s 10 ms ticks over a few
 * hundred seeds); `stat`'s utime + stime (no wait figure) where schedstat is missing.
 */
function taskTimes(tid: string, pid: string | number = 'self'): TaskTimes | null {
  const dir = `/proc/${pid}/task/${tid}`;
  try {
    if (existsSync(`${dir}/schedstat`)) {
      const [cpu, wait] = readFileSync(`${dir}/schedstat`, 'utf8').split(' ');
      return { cpuMs: Number(cpu) / 1e6, waitMs: Number(wait) / 1e6 };
    }
    const s = readFileSync(`${dir}/stat`, 'utf8');
    const fields = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { cpuMs: (Number(fields[11]) + Number(fields[12])) * 10, waitMs: null }; // clock ticks of 10 ms
  } catch {
    return null; // not Linux, or the thread ended
  }
}

/** CPU ms of this (the main) thread; null off Linux. process.cpuUsage covers every thread. */
function mainThreadCpuMs(): number | null {
  return taskTimes(String(process.pid))?.cpuMs ?? null;
}

/**
 * Times of each thread of a process (this one but its main thread, or a pool's worker process), by thread id, from
 * /proc on Linux (empty elsewhere).
 */
function threadTimes(pid: number = process.pid): Map<string, TaskTimes> {
  const out = new Map<string, TaskTimes>();
  const dir = `/proc/${pid}/task`;
  if (!existsSync(dir)) return out;
  for (const tid of readdirSync(dir)) {
    const t = pid === process.pid && tid === String(pid) ? null : taskTimes(tid, pid);
    if (t !== null) out.set(tid, t);
  }
  return out;
}

/** Each thread's times since `before` (a thread new since then: all of them), busiest first. */
function since(now: Map<string, TaskTimes>, before: Map<string, TaskTimes>): (TaskTimes & { readonly tid: string })[] {
  return [...now].map(([tid, t]) => {
    const t0 = before.get(tid);
    return { tid, cpuMs: t.cpuMs - (t0?.cpuMs ?? 0), waitMs: t.waitMs === null ? null : t.waitMs - (t0?.waitMs ?? 0) };
  }).sort((a, b) => b.cpuMs - a.cpuMs);
}

/** A build's campaign runner on its own warm pools: this checkout's (threads, or processes with some node flags), or a baseline ref's. */
interface Build {
  readonly label: string;
  readonly protocol: ProtocolModule;
  /** Warm pools of one worker (--jobs 1) and two (--jobs 2), as a campaign of each would start. */
  readonly pools: readonly [{ close(): Promise<void>; readonly pids?: readonly (number | null)[] }, { close(): Promise<void>; readonly pids?: readonly (number | null)[] }];
  start(o: CampaignOptions): { readonly done: Promise<CampaignResult> };
  cleanup(): void;
}

type PoolClass = new (size: number, limits?: ConstructorParameters<typeof WorkerPool>[1], depth?: number) => { close(): Promise<void> };
/** A plain --keep-going campaign's pool depth (fuzz-campaign.ts); a baseline from before depth existed ignores it. */
let DEPTH = 2;
/** --pools' default: threads against worker processes without and with V8 flags that keep a worker's GC and compiling on its own thread. */
const DEFAULT_POOLS = 'threads|processes|processes --single-threaded-gc|processes --single-threaded';

/** This checkout's pools of a kind (a --pools variant: `threads`, or `processes` and the worker processes' node flags). */
function thisBuild(lib: JobsLib, protocolName: string, limits: ConstructorParameters<typeof WorkerPool>[1], variant: string): Build {
  const { registeredProtocols, THREADS, WorkerPool: Pool, startCampaign } = lib;
  const protocol = registeredProtocols().find((p) => p.name === protocolName);
  if (protocol === undefined) throw new Error(`fuzz-jobs: unknown protocol "${protocolName}"`);
  const [kindName, ...execArgv] = variant.split(/\s+/).filter((w) => w !== '');
  if (kindName !== 'threads' && kindName !== 'processes') throw new Error(`fuzz-jobs: --pools: "${variant}" is neither threads nor processes [node flags]`);
  if (kindName === 'threads' && execArgv.length > 0) throw new Error(`fuzz-jobs: --pools: threads take no flags of their own (V8's flags are process-wide: --alternate)`);
  const kind: PoolKind = kindName === 'threads' ? THREADS : { kind: 'processes', execArgv };
  const poolLimits = kind.kind === 'threads' ? limits : null;
  return { label: variant, protocol, pools: [new Pool(1, poolLimits, DEPTH, kind), new Pool(2, poolLimits, DEPTH, kind)], start: startCampaign, cleanup: () => {} };
}

/** The baseline ref checked out into a temp worktree (sharing this node_modules), its pool and campaign imported here. */
async function baselineBuild(ref: string, protocolName: string, limits: ConstructorParameters<typeof WorkerPool>[1]): Promise<Build> {
  const dir = mkdtempSync(join(tmpdir(), 'replisim-jobs-baseline-'));
  execFileSync('git', ['-C', ROOT, 'worktree', 'add', '--detach', '-f', dir, ref], { stdio: 'ignore' });
  const cleanup = (): void => { try { execFileSync('git', ['-C', ROOT, 'worktree', 'remove', '--force', dir], { stdio: 'ignore' }); } catch { /* already gone */ } };
  try {
    if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    const reg = (await import(join(dir, 'scenarios/registry.ts'))) as { registeredProtocols(): readonly ProtocolModule[] };
    const { WorkerPool: Pool } = (await import(join(dir, 'scenarios/pool.ts'))) as { WorkerPool: PoolClass };
    const fc = (await import(join(dir, 'scenarios/fuzz-campaign.ts'))) as { startCampaign: Build['start'] };
    const protocol = reg.registeredProtocols().find((p) => p.name === protocolName);
    if (protocol === undefined) throw new Error(`fuzz-jobs: baseline ${ref} has no protocol "${protocolName}"`);
    return { label: `baseline ${ref}`, protocol, pools: [new Pool(1, limits, DEPTH), new Pool(2, limits, DEPTH)], start: fc.startCampaign, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}

async function campaign(b: Build, jobs: number, from: number, seeds: number): Promise<Measure> {
  // A process pool's workers are its children: their threads are read from /proc/<pid>, their CPU is not this process's.
  const pids = (b.pools[jobs - 1]!.pids ?? []).filter((x): x is number => x !== null);
  const main0 = mainThreadCpuMs();
  const threads0 = threadTimes();
  const children0 = pids.map((pid) => threadTimes(pid));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await b.start({ protocol: b.protocol, bugs: [], from, seeds, shard: null, jobs, timeBudgetMs: null, isKeepGoing: true, isCheckingDeterminism: false, pool: b.pools[jobs - 1] as WorkerPool, failureDir: '.replisim/bench-failures' }).done;
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const main1 = mainThreadCpuMs();
  const threads = since(threadTimes(), threads0);
  const children = pids.map((pid, i) => since(threadTimes(pid), children0[i]!));
  const sum = (ts: readonly TaskTimes[]): number => ts.reduce((a, t) => a + t.cpuMs, 0);
  // Threads: the `jobs` busiest threads of this process are the workers. Processes: each child's main thread is.
  const workers = pids.length === 0 ? threads.slice(0, jobs) : children.flatMap((ts, i) => ts.filter((t) => t.tid === String(pids[i])));
  const helperCpuMs = pids.length === 0 ? sum(threads.slice(jobs)) : sum(threads) + sum(children.flat()) - sum(workers);
  const split = threads.length === 0 || workers.length < jobs ? null : { workerCpuMs: sum(workers), helperCpuMs };
  const workerIdleMs = workers.length < jobs || workers.some((w) => w.waitMs === null) ? null : workers.reduce((a, w) => a + wallMs - w.cpuMs - w.waitMs!, 0);
  const childCpuMs = sum(children.flat());
  return { seeds: r.seedsRun.length, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 + childCpuMs, mainCpuMs: main0 === null || main1 === null ? null : main1 - main0, split, workerIdleMs };
}

// The plain-loop ceiling: the same pure CPU loop in 1 and in 2 threads. The loop workers are started once and warmed
// (their loop optimised) before anything is timed, and a round times only the loop, from the go message to the last
// answer: timing `new Worker(...)` as well (as this bench did until the eleventh session) priced two isolates' start-up,
// which the main thread partly serialises and V8 compiles on helper threads, into the two-thread side, so idle
// ceilings read 1.3-1.5 where two free cores give ~2.0.
const SPIN = `const { parentPort } = require('node:worker_threads');
parentPort.on('message', (n) => { let x = 0; for (let i = 0; i < n; i++) x += i % 7; parentPort.postMessage(x); });
parentPort.postMessage(0);`;
const SPIN_ITERATIONS = 2e8;

class PlainLoops {
  private constructor(private readonly workers: readonly Worker[]) {}

  static async start(): Promise<PlainLoops> {
    const workers = await Promise.all([0, 1].map(() => new Promise<Worker>((ok) => { const w = new Worker(SPIN, { eval: true }); w.once('message', () => ok(w)); })));
    const loops = new PlainLoops(workers);
    await loops.wall(2); // optimise the loop in both isolates before any round is timed
    return loops;
  }

  /** Wall ms for `n` of the workers to run the loop at once. */
  async wall(n: number): Promise<number> {
    const t0 = performance.now();
    await Promise.all(this.workers.slice(0, n).map((w) => new Promise((done) => { w.once('message', done); w.postMessage(SPIN_ITERATIONS); })));
    return performance.now() - t0;
  }

  /**
   * `run` timed between two loop measurements of `n` threads (one before, one after): its result and the loop's
   * throughput right beside it (loop iterations per ms over all `n` threads, from the two runs' mean wall time).
   */
  async beside<T>(n: number, run: () => Promise<T>): Promise<{ result: T; loopRate: number }> {
    const before = await this.wall(n);
    const result = await run();
    const after = await this.wall(n);
    return { result, loopRate: (n * SPIN_ITERATIONS) / ((before + after) / 2) };
  }

  close(): Promise<unknown> {
    return Promise.all(this.workers.map((w) => w.terminate()));
  }
}

const flag = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(name);
  return i < 0 ? dflt : Number(process.argv[i + 1]);
};
const textFlag = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
};
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const perMin = (m: Measure): number => (m.seeds * 60_000) / m.wallMs;

/**
 * What a worker posts back per seed (structured-cloned): a whole outcome (the median over 9 seeds), and this build's
 * pass reports (seed-report.ts) over a campaign's first 40 seeds: their mean (a report carries the keys its worker has
 * not posted before, so early seeds send more) and the median of the last 9.
 */
function messageBytes(protocol: string): { whole: number; reportMean: number; reportLate: number } {
  const whole: number[] = [];
  const reports: number[] = [];
  const campaign = nextCampaignId();
  for (let seed = FIRST_SEED; seed < FIRST_SEED + 40; seed++) {
    const outcome = runJob({ kind: 'fuzz', protocol, seed, bugs: [] }, CAMPAIGN_SEED_EXTRAS);
    if (whole.length < 9) whole.push(serialize({ id: 0, type: 'done', outcome }).length);
    reports.push(serialize({ id: 0, type: 'done', outcome: seedReport(outcome, campaign) }).length);
  }
  return { whole: median(whole), reportMean: Math.round(reports.reduce((a, b) => a + b, 0) / reports.length), reportLate: median(reports.slice(-9)) };
}

/**
 * A build's rounds: its --jobs 1 and --jobs 2 campaigns, and beside each the plain loop's throughput in as many
 * threads (`loop1`, `loop2`: one loop run right before the campaign and one right after).
 */
interface Rounds { readonly ones: Measure[]; readonly twos: Measure[]; readonly loop1: number[]; readonly loop2: number[] }

/** Per round, --jobs 2's seeds/min over --jobs 1's. */
const jobsRatios = (r: Rounds): number[] => r.ones.map((one, i) => perMin(r.twos[i]!) / perMin(one));
const pairedRounds = (r: Rounds): PairedRound[] => r.ones.map((one, i) => ({ jobs1: perMin(one), jobs2: perMin(r.twos[i]!), loop1: r.loop1[i]!, loop2: r.loop2[i]! }));
/** Per round, the plain-loop ceiling paired with the campaigns (paired-ceiling.ts). */
const ceilingsOf = (r: Rounds): number[] => pairedRounds(r).map(pairedCeiling);
/** Per round, the jobs ratio over its paired ceiling (the issue's figure). */
const ofCeiling = (r: Rounds): number[] => pairedRounds(r).map(ofPairedCeiling);

/** The warm-up of a build's pool: both workers, `warm` seeds each, from a range the measurement does not use. */
async function warmUp(b: Build, warm: number): Promise<{ cold: Measure; warmed: Measure; tenth: number }> {
  const tenth = Math.max(2, Math.round(warm / 10));
  const cold = await campaign(b, 2, WARM_FROM, 2 * tenth);
  await campaign(b, 2, WARM_FROM + 2 * tenth, 2 * (warm - 2 * tenth));
  const warmed = await campaign(b, 2, WARM_FROM + 2 * (warm - tenth), 2 * tenth);
  await campaign(b, 1, WARM_FROM + 2 * warm, warm); // the --jobs 1 pool's worker, on seeds of its own
  return { cold, warmed, tenth };
}

/** The lines of one build's rounds (each round's ratio against that round's plain-loop ceiling). */
function buildLines(b: Build, w: Awaited<ReturnType<typeof warmUp>>, warm: number, r: Rounds): string[] {
  const { ones, twos } = r;
  const ratios = jobsRatios(r);
  const cpuPerSeed = (ms: readonly Measure[]): string => median(ms.map((m) => m.cpuMs / m.seeds)).toFixed(1);
  const mainPerSeed = (ms: readonly Measure[]): string => (ms[0]!.mainCpuMs === null ? 'n/a' : median(ms.map((m) => m.mainCpuMs! / m.seeds)).toFixed(2));
  const ceilings = ceilingsOf(r);
  const ratioOfCeiling = ofCeiling(r);
  const idlePerSeed = (ms: readonly Measure[]): string => (ms.some((m) => m.workerIdleMs === null) ? 'n/a' : median(ms.map((m) => m.workerIdleMs! / m.seeds)).toFixed(2));
  // Where --jobs 2 loses to the plain loop (which allocates nothing): a --jobs 1 campaign's worker thread is not all
  // its CPU. V8's helper threads (parallel and concurrent GC, concurrent compiling) run beside it, on the core the
  // second worker would use, so --jobs 1 already keeps more than one core busy (all its CPU / its wall time), and the
  // ceiling allows --jobs 2 at most ceiling / that. Per-thread CPU from /proc (schedstat): robust under load; the
  // cores-busy figure and the bound are wall-time figures, meaningful on an idle machine only.
  // The campaign's `jobs` busiest threads are its workers; the rest (but main) are V8's helper threads.
  const splitOf = (ms: readonly Measure[]): { worker: number; helpers: number; main: number }[] => ms.filter((m) => m.split !== null && m.mainCpuMs !== null).map((m) => ({
    worker: m.split!.workerCpuMs / m.seeds, helpers: m.split!.helperCpuMs / m.seeds, main: m.mainCpuMs! / m.seeds,
  }));
  const split = splitOf(ones);
  const split2 = splitOf(twos);
  const busy1 = ones.map((m) => m.cpuMs / m.wallMs);
  const bounds = ceilings.map((c, i) => c / Math.max(1, busy1[i]!));
  const best = Math.max(...ratioOfCeiling);
  return [
    `[${b.label}] warm-up (${warm} seeds per worker, seeds ${WARM_FROM}..): a cold worker's first ${w.tenth} seeds ${(w.cold.cpuMs / w.cold.seeds).toFixed(1)} ms CPU/seed, its last ${w.tenth} ${(w.warmed.cpuMs / w.warmed.seeds).toFixed(1)} ms (process CPU, helper threads included: V8 compiles on them)`,
    `[${b.label}] main thread ${mainPerSeed(ones)} / ${mainPerSeed(twos)} ms CPU per seed (--jobs 1 / --jobs 2)`,
    `[${b.label}] --jobs 1: ${ones.map((m) => Math.round(perMin(m))).join(' ')} seeds/min (median ${cpuPerSeed(ones)} ms CPU per seed, all threads)`,
    `[${b.label}] --jobs 2: ${twos.map((m) => Math.round(perMin(m))).join(' ')} seeds/min (median ${cpuPerSeed(twos)} ms CPU per seed, all threads)`,
    ...(split.length === 0 ? [] : [
      `[${b.label}] --jobs 1, CPU per seed by thread (median of rounds): the worker ${median(split.map((x) => x.worker)).toFixed(1)} ms, V8 helper threads ${median(split.map((x) => x.helpers)).toFixed(1)} ms, main ${median(split.map((x) => x.main)).toFixed(2)} ms`,
    ]),
    ...(split2.length === 0 ? [] : [
      `[${b.label}] --jobs 2, CPU per seed by thread (median of rounds): the workers ${median(split2.map((x) => x.worker)).toFixed(1)} ms, V8 helper threads ${median(split2.map((x) => x.helpers)).toFixed(1)} ms, main ${median(split2.map((x) => x.main)).toFixed(2)} ms`,
    ]),
    `[${b.label}] a worker asleep (schedstat: not on a CPU, not waiting for one: its next seed, or helper threads in a GC pause), ms per seed it ran: --jobs 1 ${idlePerSeed(ones)}, --jobs 2 ${idlePerSeed(twos)} (median of rounds)`,
    `[${b.label}] --jobs 1 keeps ${busy1.map((x) => x.toFixed(2)).join(' ')} cores busy per round (all CPU / wall), so the ceiling allows --jobs 2 at most ${bounds.map((x) => x.toFixed(2)).join(' ')} x --jobs 1; ratio / that bound ${ratios.map((x, i) => (x / bounds[i]!).toFixed(2)).join(' ')}`,
    `[${b.label}] ratio jobs2/jobs1 per round: ${ratios.map((x) => x.toFixed(2)).join(' ')}; plain-loop ceiling paired with them ${ceilings.map((x) => x.toFixed(2)).join(' ')}; ratio / ceiling ${ratioOfCeiling.map((x) => x.toFixed(2)).join(' ')}: ${summary(ratioOfCeiling)}, best ${best.toFixed(2)} (goal >= 0.95 at the median: ${spread(ratioOfCeiling).median >= 0.95 ? 'met' : 'NOT met'})`,
  ];
}

export async function benchFuzzJobs(): Promise<string[]> {
  const protocolName = textFlag('--protocol') ?? 'zab';
  const warm = flag('--warm', 300);
  const rounds = flag('--rounds', 3);
  const seconds = flag('--seconds', 5);
  const baselineRef = textFlag('--baseline');
  const youngMb = flag('--young-mb', 0);
  DEPTH = flag('--depth', DEPTH);
  const limits = youngMb > 0 ? { maxYoungGenerationSizeMb: youngMb } : undefined;
  const bytes = messageBytes(protocolName);
  // Pool variants, '|'-separated: `threads`, or `processes` and the worker processes' node flags.
  const variants = (textFlag('--pools') ?? DEFAULT_POOLS).split('|').map((v) => v.trim()).filter((v) => v !== '');
  // As shipped (bundled, plain JavaScript in every worker) unless --tsx, or --baseline (whose ref runs through tsx,
  // so this build does too, alike).
  const isTsx = process.argv.includes('--tsx') || baselineRef !== undefined;
  const shipped = isTsx ? null : await importShippedJobs();
  const builds: Build[] = variants.map((v) => thisBuild(shipped?.lib ?? sourceLib, protocolName, limits, v));
  const out: string[] = [];
  let loops: PlainLoops | null = null;
  try {
    if (baselineRef !== undefined) builds.push(await baselineBuild(baselineRef, protocolName, limits));
    loops = await PlainLoops.start();
    const load0 = loadavg()[0]!;
    // Warm-up: the first and last tenth of it give a cold and a warm worker's CPU per seed.
    const warmed: Awaited<ReturnType<typeof warmUp>>[] = [];
    for (const b of builds) warmed.push(await warmUp(b, warm));
    // Seeds per measurement: about `seconds` of wall time for --jobs 1 at the warm rate.
    const probe = await campaign(builds[0]!, 1, FIRST_SEED, 20);
    const seeds = Math.max(40, Math.round((seconds * 1000) / (probe.wallMs / probe.seeds)));
    const measured: Rounds[] = builds.map(() => ({ ones: [], twos: [], loop1: [], loop2: [] }));
    for (let r = 0; r < rounds; r++) {
      // The builds (pool variants, a baseline) take turns going first, round by round.
      const order = builds.map((_, i) => (i + r) % builds.length);
      for (const i of order) {
        // Each campaign between two plain-loop runs of as many threads: the machine's share of two cores moves within
        // seconds here (a ceiling taken once per round, before and after every build's campaigns, read 1.37-2.82
        // over one idle run), so each side of the ratio is priced against the loop right beside it.
        const one = await loops.beside(1, () => campaign(builds[i]!, 1, FIRST_SEED, seeds));
        const two = await loops.beside(2, () => campaign(builds[i]!, 2, FIRST_SEED, seeds));
        measured[i]!.ones.push(one.result);
        measured[i]!.loop1.push(one.loopRate);
        measured[i]!.twos.push(two.result);
        measured[i]!.loop2.push(two.loopRate);
      }
    }
    out.push(
      `protocol ${protocolName}, ${isTsx ? 'workers running the sources through tsx' : 'workers as shipped (bundled, plain JavaScript)'}, ${availableParallelism()} cores, workers' young generation ${youngMb > 0 ? `limited to ${youngMb} MB` : "V8's default"}, ${DEPTH} seed(s) in flight per worker, node flags ${nodeFlags() || 'none'}, load average ${load0.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end (the wall-time ratios only mean something on an idle machine; CPU per seed is meaningful under load)`,
      `measured on warm pools: seeds ${FIRST_SEED}..${FIRST_SEED + seeds - 1} per run, ${rounds} rounds alternating --jobs 1 / --jobs 2${builds.length > 1 ? ` and the builds (${builds.map((b) => b.label).join(', ')})` : ''}; a result message is ${bytes.whole.toLocaleString('en-US')} bytes as a whole outcome (structured clone, median of 9 seeds); this build's pass reports ${bytes.reportMean.toLocaleString('en-US')} bytes on average over a campaign's first 40 seeds, ${bytes.reportLate.toLocaleString('en-US')} the median of the last 9`,
      ...builds.flatMap((b, i) => buildLines(b, warmed[i]!, warm, measured[i]!)),
    );
    // Every build against the first (threads, as --pools lists it by default), round by round.
    const perRound = (f: (m: Measure) => number, xs: readonly Measure[], ys: readonly Measure[]): string => xs.map((x, i) => (f(x) / f(ys[i]!)).toFixed(2)).join(' ');
    const cpu = (m: Measure): number => m.cpuMs / m.seeds;
    for (let i = 1; i < builds.length; i++) {
      const a = measured[i]!;
      const b = measured[0]!;
      const baseOfCeiling = ofCeiling(b);
      out.push(`[${builds[i]!.label}] / [${builds[0]!.label}] per round: --jobs 2 seeds/min ${perRound(perMin, a.twos, b.twos)}; --jobs 1 seeds/min ${perRound(perMin, a.ones, b.ones)}; CPU per seed (all threads) at --jobs 2 ${perRound(cpu, a.twos, b.twos)}, at --jobs 1 ${perRound(cpu, a.ones, b.ones)}; ratio / ceiling ${ofCeiling(a).map((x, k) => `${x.toFixed(2)} vs ${baseOfCeiling[k]!.toFixed(2)}`).join(', ')}`);
    }
    out.push(`load average ${loadavg()[0]!.toFixed(1)} at the end`);
  } finally {
    await loops?.close();
    for (const b of builds) { for (const p of b.pools) await p.close(); b.cleanup(); }
    shipped?.cleanup();
  }
  return out;
}

/** This process's node flags but tsx's loader (`--import`/`--require` and its path). */
function nodeFlags(): string {
  const a = process.execArgv;
  return a.filter((x, i) => !/^--(import|require|loader)/.test(x) && !/^--(import|require|loader)$/.test(a[i - 1] ?? '')).join(' ');
}

/** --alternate: the bench once per variant and turn, each in its own node process, lines prefixed with the variant. */
function alternate(variants: readonly string[], times: number): void {
  const args = process.argv.slice(2);
  for (const name of ['--alternate', '--times']) { const i = args.indexOf(name); if (i >= 0) args.splice(i, 2); }
  for (let turn = 0; turn < times; turn++) {
    for (const v of variants) {
      const [nodePart = '', benchPart = ''] = v.split(/(?:^|\s)--(?:\s|$)/);
      const words = (x: string): string[] => x.split(/\s+/).filter((w) => w !== '');
      const r = spawnSync(process.execPath, [...words(nodePart), '--import', 'tsx', fileURLToPath(import.meta.url), ...args, ...words(benchPart)], { encoding: 'utf8', cwd: ROOT });
      if (r.status !== 0) throw new Error(`fuzz-jobs: variant "${v}" failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
      for (const l of r.stdout.split('\n').filter((x) => x !== '')) console.log(`{${v || 'default'}} turn ${turn + 1}: ${l}`);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const variants = textFlag('--alternate');
  if (variants !== undefined) alternate(variants.split('|').map((v) => v.trim()), flag('--times', 2));
  else for (const l of await benchFuzzJobs()) console.log(l);
}

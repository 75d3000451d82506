// Fuzz throughput with --jobs 1 and --jobs 2 on one warm pool, rounds alternating with the plain-loop ceiling.
// What it measures: a long campaign's steady state. Each worker is its own V8 isolate and optimises the simulator's
// code on its own, over its first few hundred seeds (CPU per seed falls from about 1.7x to 1x; the compiling runs on
// V8's helper threads and takes cores from the seeds). A short run measures that warm-up, not the scaling, so the
// pool's two workers are warmed first (their warm-up cost is printed), and --jobs 1 and --jobs 2 then run the same
// seeds on the same warm workers (--jobs 1 uses one of the two), alternating, round by round.
// `npx tsx bench/fuzz-jobs.ts [--warm N] [--rounds R] [--seconds S] [--young-mb M]` (--young-mb: the workers' young
// generation limit, resourceLimits.maxYoungGenerationSizeMb; V8's default when not given).
import { availableParallelism, loadavg } from 'node:os';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { serialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { registeredProtocols } from '../scenarios/registry.ts';
import { WorkerPool } from '../scenarios/pool.ts';
import { startCampaign } from '../scenarios/fuzz-campaign.ts';
import { runJob } from '../scenarios/run-job.ts';
import type { ProtocolModule } from '../sim/index.ts';

const FIRST_SEED = 1_000;
const WARM_FROM = 100_000;

interface Measure {
  readonly seeds: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly mainCpuMs: number | null;
  /** CPU ms of every thread but the main one over the run, busiest first (Linux /proc; empty elsewhere). */
  readonly threadCpuMs: readonly number[];
}

/** CPU ms of this (the main) thread, from /proc on Linux; null elsewhere. process.cpuUsage covers every thread. */
function mainThreadCpuMs(): number | null {
  const f = `/proc/self/task/${process.pid}/stat`;
  if (!existsSync(f)) return null;
  const s = readFileSync(f, 'utf8');
  const fields = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in clock ticks of 10 ms
}

/** CPU ms of each thread of this process by thread id, from /proc on Linux (empty elsewhere). */
function threadCpuMs(): Map<string, number> {
  const out = new Map<string, number>();
  const dir = '/proc/self/task';
  if (!existsSync(dir)) return out;
  for (const tid of readdirSync(dir)) {
    try {
      const s = readFileSync(`${dir}/${tid}/stat`, 'utf8');
      const fields = s.slice(s.lastIndexOf(')') + 2).split(' ');
      out.set(tid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch { /* the thread ended */ }
  }
  return out;
}

async function campaign(protocol: ProtocolModule, pool: WorkerPool, jobs: number, from: number, seeds: number): Promise<Measure> {
  const main0 = mainThreadCpuMs();
  const threads0 = threadCpuMs();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await startCampaign({ protocol, bugs: [], from, seeds, shard: null, jobs, timeBudgetMs: null, isKeepGoing: true, isCheckingDeterminism: false, pool, failureDir: '.replisim/bench-failures' }).done;
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const main1 = mainThreadCpuMs();
  const threads = [...threadCpuMs()].filter(([tid]) => tid !== String(process.pid)).map(([tid, ms]) => ms - (threads0.get(tid) ?? 0)).sort((a, b) => b - a);
  return { seeds: r.seedsRun.length, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, mainCpuMs: main0 === null || main1 === null ? null : main1 - main0, threadCpuMs: threads };
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

  /** What this machine gives two threads right now (2.0 = two free cores). */
  async scaling(): Promise<number> {
    const one = await this.wall(1);
    const two = await this.wall(2);
    return (2 * one) / two;
  }

  close(): Promise<unknown> {
    return Promise.all(this.workers.map((w) => w.terminate()));
  }
}

const flag = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(name);
  return i < 0 ? dflt : Number(process.argv[i + 1]);
};
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const perMin = (m: Measure): number => (m.seeds * 60_000) / m.wallMs;

export async function benchFuzzJobs(): Promise<string[]> {
  const protocol = registeredProtocols().find((p) => p.name === 'zab') ?? registeredProtocols()[0];
  if (protocol === undefined) return ['no protocol registered'];
  const warm = flag('--warm', 300);
  const rounds = flag('--rounds', 3);
  const seconds = flag('--seconds', 5);
  // What a worker posts back per seed (the main thread's share of the work is measured below).
  const sample = runJob({ kind: 'fuzz', protocol: protocol.name, seed: FIRST_SEED, bugs: [] });
  const replyBytes = serialize({ id: 0, type: 'done', outcome: sample }).length;
  const youngMb = flag('--young-mb', 0);
  const pool = new WorkerPool(2, youngMb > 0 ? { maxYoungGenerationSizeMb: youngMb } : null);
  const loops = await PlainLoops.start();
  const out: string[] = [];
  try {
    const load0 = loadavg()[0]!;
    // Warm-up: both workers, `warm` seeds each, from a range the measurement does not use; the first and last tenth
    // of it give a cold and a warm worker's CPU per seed.
    const tenth = Math.max(2, Math.round(warm / 10));
    const cold = await campaign(protocol, pool, 2, WARM_FROM, 2 * tenth);
    await campaign(protocol, pool, 2, WARM_FROM + 2 * tenth, 2 * (warm - 2 * tenth));
    const warmed = await campaign(protocol, pool, 2, WARM_FROM + 2 * (warm - tenth), 2 * tenth);
    // Seeds per measurement: about `seconds` of wall time for --jobs 1 at the warm rate.
    const probe = await campaign(protocol, pool, 1, FIRST_SEED, 20);
    const seeds = Math.max(40, Math.round((seconds * 1000) / (probe.wallMs / probe.seeds)));
    const ones: Measure[] = [];
    const twos: Measure[] = [];
    const ratios: number[] = [];
    const ceilings: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const ceilingBefore = await loops.scaling();
      ones.push(await campaign(protocol, pool, 1, FIRST_SEED, seeds));
      twos.push(await campaign(protocol, pool, 2, FIRST_SEED, seeds));
      // The ceiling right before and after this round's pair: the machine's share of two cores can move.
      ceilings.push(Math.max(ceilingBefore, await loops.scaling()));
      ratios.push(perMin(twos[r]!) / perMin(ones[r]!));
    }
    const cpuPerSeed = (ms: readonly Measure[]): string => median(ms.map((m) => m.cpuMs / m.seeds)).toFixed(1);
    const mainPerSeed = (ms: readonly Measure[]): string => (ms[0]!.mainCpuMs === null ? 'n/a' : median(ms.map((m) => m.mainCpuMs! / m.seeds)).toFixed(2));
    const ofCeiling = ratios.map((x, i) => x / ceilings[i]!);
    // Where --jobs 2 loses to the plain loop (which allocates nothing): a --jobs 1 campaign's worker thread is not all
    // its CPU. V8's helper threads (parallel and concurrent GC, concurrent compiling) run beside it, on the core the
    // second worker would use, so --jobs 1 already keeps more than one core busy (all its CPU / its wall time), and the
    // ceiling allows --jobs 2 at most ceiling / that. Per-thread CPU from /proc (10 ms ticks): robust under load; the
    // cores-busy figure and the bound are wall-time figures, meaningful on an idle machine only.
    const split = ones.filter((m) => m.threadCpuMs.length > 0 && m.mainCpuMs !== null).map((m) => ({
      worker: m.threadCpuMs[0]! / m.seeds, helpers: m.threadCpuMs.slice(1).reduce((a, b) => a + b, 0) / m.seeds, main: m.mainCpuMs! / m.seeds,
    }));
    const busy1 = ones.map((m) => m.cpuMs / m.wallMs);
    const bounds = ceilings.map((c, i) => c / Math.max(1, busy1[i]!));
    const best = Math.max(...ofCeiling);
    out.push(
      `protocol ${protocol.name}, ${availableParallelism()} cores, workers' young generation ${youngMb > 0 ? `limited to ${youngMb} MB` : "V8's default"}, load average ${load0.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end (the wall-time ratios only mean something on an idle machine; CPU per seed is meaningful under load)`,
      `warm-up (${warm} seeds per worker, seeds ${WARM_FROM}..): a cold worker's first ${tenth} seeds ${(cold.cpuMs / cold.seeds).toFixed(1)} ms CPU/seed, its last ${tenth} ${(warmed.cpuMs / warmed.seeds).toFixed(1)} ms (process CPU, helper threads included: V8 compiles on them)`,
      `measured on the warm pool: seeds ${FIRST_SEED}..${FIRST_SEED + seeds - 1} per run, ${rounds} rounds alternating --jobs 1 / --jobs 2; a result message is ${replyBytes.toLocaleString('en-US')} bytes (structured clone); main thread ${mainPerSeed(ones)} / ${mainPerSeed(twos)} ms CPU per seed`,
      `--jobs 1: ${ones.map((m) => Math.round(perMin(m))).join(' ')} seeds/min (median ${cpuPerSeed(ones)} ms CPU per seed, all threads)`,
      `--jobs 2: ${twos.map((m) => Math.round(perMin(m))).join(' ')} seeds/min (median ${cpuPerSeed(twos)} ms CPU per seed, all threads)`,
      ...(split.length === 0 ? [] : [
        `--jobs 1, CPU per seed by thread (median of rounds): the worker ${median(split.map((x) => x.worker)).toFixed(1)} ms, V8 helper threads ${median(split.map((x) => x.helpers)).toFixed(1)} ms, main ${median(split.map((x) => x.main)).toFixed(2)} ms`,
      ]),
      `--jobs 1 keeps ${busy1.map((x) => x.toFixed(2)).join(' ')} cores busy per round (all CPU / wall), so the ceiling allows --jobs 2 at most ${bounds.map((x) => x.toFixed(2)).join(' ')} x --jobs 1; ratio / that bound ${ratios.map((x, i) => (x / bounds[i]!).toFixed(2)).join(' ')}`,
      `ratio jobs2/jobs1 per round: ${ratios.map((x) => x.toFixed(2)).join(' ')}; plain-loop ceiling per round ${ceilings.map((x) => x.toFixed(2)).join(' ')}; ratio / ceiling ${ofCeiling.map((x) => x.toFixed(2)).join(' ')} (best ${best.toFixed(2)}, goal >= 0.95: ${best >= 0.95 ? 'met' : 'NOT met'}); load average ${loadavg()[0]!.toFixed(1)}`,
    );
  } finally {
    await loops.close();
    await pool.close();
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const l of await benchFuzzJobs()) console.log(l);

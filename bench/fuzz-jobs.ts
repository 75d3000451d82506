// Fuzz throughput with --jobs 1 and --jobs 2 on the same seed range (warm worker pools, so startup is not counted).
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { registeredProtocols } from '../scenarios/registry.ts';
import { WorkerPool } from '../scenarios/pool.ts';
import { startCampaign } from '../scenarios/fuzz-campaign.ts';
import { runFuzzSeed } from '../scenarios/fuzz-run.ts';
import type { ProtocolModule } from '../sim/index.ts';

/** Wall time one --jobs 1 measurement aims for. */
const TARGET_MS = 8_000;
const CALIBRATION_SEEDS = 10;
const FIRST_SEED = 1_000;

interface Measure { readonly perMinute: number; readonly cpuMsPerSeed: number }

async function measure(protocol: ProtocolModule, jobs: number, seeds: number): Promise<Measure> {
  const pool = new WorkerPool(jobs);
  try {
    // Warm every worker (tsx registration, module loading) on seeds outside the measured range.
    await Promise.all(Array.from({ length: jobs }, (_, i) => pool.run({ kind: 'fuzz', protocol: protocol.name, seed: i + 1, bugs: [] })));
    const cpu0 = process.cpuUsage();
    const c = startCampaign({ protocol, bugs: [], from: FIRST_SEED, seeds, shard: null, jobs, timeBudgetMs: null, isKeepGoing: true, isCheckingDeterminism: false, pool, failureDir: '.replisim/bench-failures' });
    const r = await c.done;
    // process.cpuUsage covers every thread, so this is the work per seed whatever the number of workers.
    const cpu = process.cpuUsage(cpu0);
    return { perMinute: (r.seedsRun.length * 60_000) / Math.max(1, r.elapsedMs), cpuMsPerSeed: (cpu.user + cpu.system) / 1000 / Math.max(1, r.seedsRun.length) };
  } finally {
    await pool.close();
  }
}

const SPIN = `const { parentPort } = require('node:worker_threads'); let x = 0; for (let i = 0; i < 2e8; i++) x += i % 7; parentPort.postMessage(x);`;

/** What this machine gives two threads right now: the same pure CPU loop in 1 and in 2 threads (2.0 = two free cores). */
async function threadScaling(): Promise<number> {
  const wall = async (n: number): Promise<number> => {
    const t0 = performance.now();
    await Promise.all(Array.from({ length: n }, () => new Promise((done) => new Worker(SPIN, { eval: true }).once('message', done))));
    return performance.now() - t0;
  };
  const one = await wall(1);
  const two = await wall(2);
  return (2 * one) / two;
}

export async function benchFuzzJobs(): Promise<string[]> {
  const protocol = registeredProtocols().find((p) => p.name === 'zab') ?? registeredProtocols()[0];
  if (protocol === undefined) return ['no protocol registered'];
  const t0 = performance.now();
  for (let s = 0; s < CALIBRATION_SEEDS; s++) runFuzzSeed({ protocol, seed: FIRST_SEED + s });
  const msPerSeed = (performance.now() - t0) / CALIBRATION_SEEDS;
  const seeds = Math.max(40, Math.min(5_000, Math.round(TARGET_MS / Math.max(0.1, msPerSeed))));
  // The ceiling is measured right before and after the fuzz runs: the machine's share of two cores can move.
  const ceilingBefore = await threadScaling();
  const one = await measure(protocol, 1, seeds);
  const two = await measure(protocol, 2, seeds);
  const ceiling = Math.max(ceilingBefore, await threadScaling());
  const ratio = two.perMinute / one.perMinute;
  return [
    `protocol ${protocol.name}, seeds ${FIRST_SEED}..${FIRST_SEED + seeds - 1}, ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)} (the ratio only means something on an idle machine)`,
    `--jobs 1: ${Math.round(one.perMinute)} seeds/min (${one.cpuMsPerSeed.toFixed(1)} ms CPU per seed)`,
    `--jobs 2: ${Math.round(two.perMinute)} seeds/min (${two.cpuMsPerSeed.toFixed(1)} ms CPU per seed)`,
    `ratio jobs2/jobs1: ${ratio.toFixed(2)}; plain-loop ceiling ${ceiling.toFixed(2)} (a pure CPU loop in 2 threads vs 1, best of before and after); ratio / ceiling ${(ratio / ceiling).toFixed(2)} (goal >= 0.95: ${ratio / ceiling >= 0.95 ? 'met' : 'NOT met'}); load average ${loadavg()[0]!.toFixed(1)}`,
  ];
}

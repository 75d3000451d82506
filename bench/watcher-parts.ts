// Where a fuzz seed's main run spends its watcher time: the same main runs (configs drawn before the clock starts)
// with one watcher turned off at a time, then all of them, in one process after a warm-up, as CPU us per event.
// `npx tsx bench/watcher-parts.ts <protocol> [seeds] [from]`. Rough: the variants share one process, so their code is
// polymorphic across configs; on a loaded machine the same config timed twice can differ by a few us/event.
import { loadavg } from 'node:os';
import { findProtocol } from '../scenarios/registry.ts';
import { fuzzRunConfig } from '../scenarios/fuzz-run.ts';
import { runSimulation, type RunConfig } from '../sim/index.ts';
import { bareConfig } from './bare-config.ts';

const name = process.argv[2] ?? 'zab';
const seeds = Number(process.argv[3] ?? 40);
const from = Number(process.argv[4] ?? 1000);
const protocol = findProtocol(name);
if (protocol === undefined) throw new Error(`unknown protocol ${name}`);

const variants: ReadonlyArray<readonly [string, (c: RunConfig) => RunConfig]> = [
  ["main run", (c) => c], ["main again", (c) => ({ ...c })],
  ['no invariants', (c) => ({ ...c, checkInvariants: false })],
  ['no linearizability', (c) => ({ ...c, checkLinearizability: false })],
  ['no coverage', (c) => ({ ...c, recordCoverage: false })],
  ['no trace hash/ring', (c) => ({ ...c, traceRingSize: 1, hashTrace: false })],
  ['all off', bareConfig],
];
const configs = Array.from({ length: seeds }, (_, i) => fuzzRunConfig({ protocol, seed: from + i }).config);
const warm = Array.from({ length: 40 }, (_, i) => fuzzRunConfig({ protocol, seed: from + seeds + i }).config);
for (const [, f] of variants) for (const c of warm) runSimulation(f(c));
const best = variants.map(() => Infinity);
let events = 0;
// Per seed, every variant in turn, starting one variant later for each seed: timing variants in blocks made the first
// block of each round read up to 5 us/event dearer than the same config timed again (the GC and JIT state the
// previous block left), so blocks are interleaved and each variant is summed over its seeds.
for (let round = 0; round < 5; round++) {
  const sums = variants.map(() => 0);
  let n = 0;
  configs.forEach((c, i) => {
    for (let k = 0; k < variants.length; k++) {
      const v = (i + k) % variants.length;
      const c0 = process.cpuUsage();
      const e = runSimulation(variants[v]![1](c)).events;
      const u = process.cpuUsage(c0);
      sums[v] = sums[v]! + u.user + u.system;
      if (v === 0) n += e;
    }
  });
  events = n;
  variants.forEach((_, v) => { best[v] = Math.min(best[v]!, sums[v]! / n); });
}
console.log(`${name}: ${seeds} seeds from ${from}, ${events} events, CPU us per event (min of 5 rounds); load ${loadavg()[0]!.toFixed(1)}`);
variants.forEach(([label], v) => console.log(`  ${label.padEnd(20)} ${best[v]!.toFixed(2)}  saves ${(best[0]! - best[v]!).toFixed(2)}`));

// Where a fuzz seed's main run spends its watcher time: the same main runs (configs drawn before the clock starts)
// with one watcher turned off at a time, then all of them, in one process after a warm-up, as CPU us per event.
// `npx tsx bench/watcher-parts.ts <protocol> [seeds] [from]`. Rough: the variants share one process, so their code is
// polymorphic across configs; differences of 2-3 us/event between variants that should cost the same were seen (idle).
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
  ['main run', (c) => c],
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
for (let round = 0; round < 5; round++) {
  variants.forEach(([, f], v) => {
    const c0 = process.cpuUsage();
    let n = 0;
    for (const c of configs) n += runSimulation(f(c)).events;
    const u = process.cpuUsage(c0);
    if (v === 0) events = n;
    best[v] = Math.min(best[v]!, (u.user + u.system) / n);
  });
}
console.log(`${name}: ${seeds} seeds from ${from}, ${events} events, CPU us per event (min of 5 rounds); load ${(await import('node:os')).loadavg()[0]!.toFixed(1)}`);
variants.forEach(([label], v) => console.log(`  ${label.padEnd(20)} ${best[v]!.toFixed(2)}  saves ${(best[0]! - best[v]!).toFixed(2)}`));

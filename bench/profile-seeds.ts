// Runs N fuzz seeds of one protocol in this process (for `node --cpu-prof`), printing CPU ms per seed and per event.
// `--bare`: only the seeds' main runs with every watcher off (their configs drawn before the clock starts), to profile
// the protocol's own handlers and the kernel.
import { findProtocol } from '../scenarios/registry.ts';
import { fuzzRunConfig, runFuzzSeed } from '../scenarios/fuzz-run.ts';
import { runSimulation } from '../sim/index.ts';
import { bareConfig } from './bare-config.ts';

const args = process.argv.slice(2).filter((a) => a !== '--bare');
const bare = args.length < process.argv.length - 2;
const name = args[0] ?? 'zab';
const seeds = Number(args[1] ?? 200);
const from = Number(args[2] ?? 1000);
const protocol = findProtocol(name);
if (protocol === undefined) throw new Error(`unknown protocol ${name}`);
const runSeed: (seed: number) => number = bare
  ? (() => {
      const configs = new Map<number, ReturnType<typeof bareConfig>>();
      for (let s = 0; s < seeds; s++) configs.set(from + s, bareConfig(fuzzRunConfig({ protocol, seed: from + s }).config));
      return (seed: number) => runSimulation(configs.get(seed) ?? bareConfig(fuzzRunConfig({ protocol, seed }).config)).events;
    })()
  : (seed: number) => runFuzzSeed({ protocol, seed }).events;
// Warm up: a fresh process needs about 40 seeds before its JIT settles (rounds of 12 zab seeds: 850, 430, 340, then
// 240-300 ms).
for (let s = 0; s < 40; s++) runSeed(from + seeds + s);
const c0 = process.cpuUsage();
let events = 0;
for (let s = 0; s < seeds; s++) events += runSeed(from + s);
const c = process.cpuUsage(c0);
const ms = (c.user + c.system) / 1000;
console.log(`${name}${bare ? ' (bare: handlers and kernel)' : ''}: ${seeds} seeds, ${events} events, ${(ms / seeds).toFixed(2)} ms CPU/seed, ${((ms * 1000) / events).toFixed(2)} us CPU/event`);

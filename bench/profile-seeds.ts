// Runs N fuzz seeds of one protocol in this process (for `node --cpu-prof`), printing CPU ms per seed and per event.
import { findProtocol } from '../scenarios/registry.ts';
import { runFuzzSeed } from '../scenarios/fuzz-run.ts';

const name = process.argv[2] ?? 'zab';
const seeds = Number(process.argv[3] ?? 200);
const from = Number(process.argv[4] ?? 1000);
const protocol = findProtocol(name);
if (protocol === undefined) throw new Error(`unknown protocol ${name}`);
for (let s = 0; s < 20; s++) runFuzzSeed({ protocol, seed: from + seeds + s }); // warm up
const c0 = process.cpuUsage();
let events = 0;
for (let s = 0; s < seeds; s++) events += runFuzzSeed({ protocol, seed: from + s }).events;
const c = process.cpuUsage(c0);
const ms = (c.user + c.system) / 1000;
console.log(`${name}: ${seeds} seeds, ${events} events, ${(ms / seeds).toFixed(2)} ms CPU/seed, ${((ms * 1000) / events).toFixed(2)} us CPU/event`);

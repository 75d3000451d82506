import { setAutoFreeze } from 'immer';
import { findProtocol } from '../scenarios/registry.ts';
import { runFuzzSeed } from '../scenarios/fuzz-run.ts';
const p = findProtocol(process.argv[2]!)!;
const run = (n: number, from: number) => { const c0 = process.cpuUsage(); for (let s = 0; s < n; s++) runFuzzSeed({ protocol: p, seed: from + s }); const c = process.cpuUsage(c0); return (c.user + c.system) / 1000 / n; };
run(20, 5000);
const on: number[] = [], off: number[] = [];
for (let r = 0; r < 4; r++) { setAutoFreeze(true); on.push(run(30, 1000)); setAutoFreeze(false); off.push(run(30, 1000)); }
console.log(p.name, 'freeze on', on.map((x) => x.toFixed(1)).join(' '), '| off', off.map((x) => x.toFixed(1)).join(' '));

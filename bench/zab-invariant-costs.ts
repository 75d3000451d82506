// Which of zab's invariants (and its anomaly probe) cost the most in fuzz seeds' main runs: each check and checkNode
// wrapped in a nanosecond timer, summed per invariant over the seeds, with its call count. Rough, for ranking only, and
// only on a quiet machine: the two no-op rows are what the wrapper and timer cost alone (about 80-90 ns per call at load
// 7-9, 450-650 at load 14, when the ranking is noise). The probe's row holds most of committed-durable-on-quorum's work
// (it asks the check first; the invariant's own ask is then answered from memory).
// `npx tsx bench/zab-invariant-costs.ts [seeds] [from]`.
import { loadavg } from 'node:os';
import { findProtocol } from '../scenarios/registry.ts';
import { fuzzRunConfig } from '../scenarios/fuzz-run.ts';
import { runSimulation, type Invariant } from '../sim/index.ts';

const seeds = Number(process.argv[2] ?? 60);
const from = Number(process.argv[3] ?? 1000);
const protocol = findProtocol('zab')!;
const ns = new Map<string, number>();
const calls = new Map<string, number>();
const timed = <F extends (...a: never[]) => unknown>(name: string, f: F): F => ((...a: Parameters<F>) => {
  const t = process.hrtime.bigint();
  const r = f(...a);
  ns.set(name, (ns.get(name) ?? 0) + Number(process.hrtime.bigint() - t));
  calls.set(name, (calls.get(name) ?? 0) + 1);
  return r;
}) as F;
const wrap = (inv: Invariant<unknown>): Invariant<unknown> => {
  const check = timed(inv.name, (v: never) => inv.check(v));
  const checkNode = inv.checkNode === undefined ? undefined : timed(inv.name, (v: never, n: never) => inv.checkNode!(v, n));
  return checkNode === undefined ? { ...inv, check } : { ...inv, check, checkNode };
};
// A no-op of each scope: what the timer and wrapper cost alone.
const noops: Invariant<unknown>[] = [
  { name: '(no-op, states)', description: '', scope: 'states', check: () => null },
  { name: '(no-op, node)', description: '', scope: 'node', check: () => null, checkNode: () => null },
];
const invariants = [...(protocol.invariants as readonly Invariant<unknown>[]), ...noops].map(wrap);
const anomalyProbes = (protocol.anomalyProbes ?? []).map((p) => (typeof p === 'string' ? p : { ...p, present: timed(`probe ${p.name}`, (v: never, o: never) => p.present(v, o)) }));
let events = 0;
for (let i = 0; i < seeds; i++) {
  const c = fuzzRunConfig({ protocol, seed: from + i }).config;
  events += runSimulation({ ...c, protocol: { ...c.protocol, invariants, anomalyProbes } as typeof c.protocol }).events;
}
ns.clear(); calls.clear();
let evs = 0;
for (let i = 0; i < seeds; i++) {
  const c = fuzzRunConfig({ protocol, seed: from + i }).config;
  evs += runSimulation({ ...c, protocol: { ...c.protocol, invariants, anomalyProbes } as typeof c.protocol }).events;
}
console.log(`zab: ${seeds} seeds from ${from}, ${evs} events (warm-up ${events}); load ${loadavg()[0]!.toFixed(1)}; ns per event, calls per event`);
for (const [name, t] of [...ns].sort((a, b) => b[1] - a[1])) console.log(`  ${name.padEnd(36)} ${(t / evs).toFixed(0).padStart(6)}  ${(calls.get(name)! / evs).toFixed(2)}`);

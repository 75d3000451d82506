// What tair's invariants cost a fuzz seed's main run: the same main runs (configs drawn before the clock starts) with
// the invariant list changed (all, none, one scope only, 22 no-op checks, the thirteen configserver checks left out,
// fused into one entry or each a no-op, and with `--each` each invariant left out in turn) or the anomaly probes off
// or answering null, interleaved per seed as watcher-parts does; each variant's CPU
// per seed is its minimum over the rounds (a load spike inflates a run, never deflates it), summed over the seeds, as
// us per event. Leaving a check out never changes a passing run (checks only read).
// `npx tsx bench/tair-inv-parts.ts [seeds] [from] [rounds] [--only label,label] [--each]`.
import { loadavg } from 'node:os';
import { tairProtocol } from '../protocols/tair/index.ts';
import { fuzzRunConfig } from '../scenarios/fuzz-run.ts';
import { runSimulation, type ProtocolModule, type RunConfig } from '../sim/index.ts';

const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1]!.split(',') : null;
const nums = args.filter((a, i) => !a.startsWith('--') && (onlyAt < 0 || i !== onlyAt + 1));
const seeds = Number(nums[0] ?? 30);
const from = Number(nums[1] ?? 1000);
const rounds = Number(nums[2] ?? 3);
const p = tairProtocol as ProtocolModule;
type Inv = ProtocolModule['invariants'][number];
const isCsCheck = (i: Inv): boolean => i.scope === 'states' && i.kinds?.length === 1 && i.kinds[0] === 'configserver';
const csChecks = p.invariants.filter(isCsCheck);
/** The list with the configserver checks replaced by `by` where the first of them stood. */
const withCsChecks = (by: Inv[]): Inv[] => p.invariants.flatMap((i) => (i === csChecks[0] ? by : isCsCheck(i) ? [] : [i]));
const fusedCsChecks: Inv = {
  name: 'cs-fused', description: '', scope: 'states', kinds: ['configserver'],
  check(view) {
    for (let i = 0; i < csChecks.length; i++) { const m = csChecks[i]!.check(view); if (m !== null) return m; }
    return null;
  },
};
const all: Array<readonly [string, ProtocolModule]> = [['all', p], ['all again', { ...p }],
  ['no probes', { ...p, anomalyProbes: [] }],
  // The watcher's own cost: the probes' names and order kept, each answering null.
  ['no-op probes', { ...p, anomalyProbes: (p.anomalyProbes ?? []).map((a) => (typeof a === 'string' ? a : { ...a, present: () => null })) }], ['no invariants', { ...p, invariants: [] }],
  ['one no-op states check', { ...p, invariants: [{ name: 'noop', description: '', scope: 'states', check: () => null }] }],
  // The kernel's own cost per invariant call: 22 no-op checks asked after every event (tair has 22 entries).
  ['22 no-op view checks', { ...p, invariants: Array.from({ length: 22 }, (_, i) => ({ name: `noop${i}`, description: '', check: new Function('view', `return view === ${i} ? 'x' : null;`) as () => null })) }],
  // The thirteen configserver-scoped checks (kind-scope.ts): left out, fused into one entry at the first one's place
  // (timing only: a failure would carry the entry's name, so not a shippable fusion), or each a no-op of its own code.
  ['no cs checks', { ...p, invariants: withCsChecks([]) }],
  ['cs checks fused into one entry', { ...p, invariants: withCsChecks([fusedCsChecks]) }],
  ['cs checks as no-ops', { ...p, invariants: withCsChecks(Array.from({ length: csChecks.length }, (_, i) => ({ name: `csnoop${i}`, description: '', scope: 'states', kinds: ['configserver'], check: new Function('view', `return view === ${i} ? 'x' : null;`) as () => null }))) }],
  ['node checks only', { ...p, invariants: p.invariants.filter((i) => i.scope === 'node') }],
  ['states checks only', { ...p, invariants: p.invariants.filter((i) => i.scope === 'states') }],
  ['view checks only', { ...p, invariants: p.invariants.filter((i) => (i.scope ?? 'view') === 'view') }],
  ...(args.includes('--each') ? p.invariants : []).map((inv) => [`-${inv.name}`, { ...p, invariants: p.invariants.filter((x) => x !== inv) }] as const)];
const variants = all.filter(([label]) => only === null || label === 'all' || only.includes(label));
const configs: RunConfig[] = Array.from({ length: seeds }, (_, i) => fuzzRunConfig({ protocol: p, seed: from + i }).config);
const warm = Array.from({ length: 20 }, (_, i) => fuzzRunConfig({ protocol: p, seed: from + seeds + i }).config);
for (const [, m] of variants) for (const c of warm) runSimulation({ ...c, protocol: m });
const best = variants.map(() => configs.map(() => Infinity));
let events = 0;
for (let round = 0; round < rounds; round++) {
  configs.forEach((c, i) => {
    for (let k = 0; k < variants.length; k++) {
      const v = (i + k + round) % variants.length;
      const c0 = process.cpuUsage();
      const e = runSimulation({ ...c, protocol: variants[v]![1] }).events;
      const u = process.cpuUsage(c0);
      best[v]![i] = Math.min(best[v]![i]!, u.user + u.system);
      if (v === 0 && round === 0) events += e;
    }
  });
}
console.log(`tair: ${seeds} seeds from ${from}, ${events} events, CPU us per event (per seed the min of ${rounds} rounds); load ${loadavg()[0]!.toFixed(1)}`);
const usPerEvent = best.map((b) => b.reduce((a, x) => a + x, 0) / events);
const rows = variants.map(([label], v) => [label, usPerEvent[v]!] as const).sort((a, b) => a[1] - b[1]);
for (const [label, us] of rows) console.log(`  ${label.padEnd(44)} ${us.toFixed(2)}  saves ${(usPerEvent[0]! - us).toFixed(2)}`);

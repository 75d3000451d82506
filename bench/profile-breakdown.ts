// Where a profiled fuzz seed's CPU went: reads a `.cpuprofile` written by `node --cpu-prof --import tsx
// bench/profile-seeds.ts P N` and prints the seeds' samples (and GC) by part: the catalog's recording run, protocol
// handlers, invariant checks, anomaly probes, coverage, liveness, the history check, trace records, plan draws, and the
// rest (kernel). Each sample counts once, under the outermost part on its stack (so the recording run's own handlers
// count as recording). `npx tsx bench/profile-breakdown.ts <file.cpuprofile>`
import { existsSync, readFileSync } from 'node:fs';

interface CallFrame { readonly functionName: string; readonly url: string }
interface ProfileNode { readonly id: number; readonly callFrame: CallFrame; readonly children?: readonly number[] }
interface Profile { readonly nodes: readonly ProfileNode[]; readonly samples: readonly number[] }

const PARTS: readonly (readonly [string, RegExp])[] = [
  ['recording run (catalog)', /^recordCatalog /],
  ['invariant checks', /^run sim\/invariant-checks/],
  ['anomaly probes', /^afterEvent sim\/anomaly-probes/],
  ['coverage keys and marks', /^observe sim\/coverage/],
  ['liveness', /^unmetLiveness /],
  ['history check (linearizability)', /^checkHistory sim\/run/],
  ['protocol handlers', /^runHandler sim\/dispatch/],
  ['trace records and hash folds', /^(recordMessage|record) sim\/world|^add(Message)? sim\/trace/],
  ['plan draws (options, faults, aimed steps)', /^(drawFaultPlan|drawAimedSteps|drawOptions|perturb)/],
];

const file = process.argv[2];
if (file === undefined) {
  console.error('usage: tsx bench/profile-breakdown.ts <file.cpuprofile>');
  process.exit(2);
}
if (!existsSync(file)) {
  console.error(`profile-breakdown: no such file ${file}`);
  process.exit(2);
}
const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const nameOf = (n: ProfileNode): string => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*?\/(sim|protocols|scenarios|bench)\//, '$1/')}`;

const counts = new Map<string, number>();
let inSeeds = 0;
let gc = 0;
for (const sample of p.samples) {
  const stack: string[] = [];
  for (let cur: number | undefined = sample; cur !== undefined; cur = parent.get(cur)) stack.push(nameOf(byId.get(cur)!));
  if (stack[0]!.startsWith('(garbage collector)')) { gc++; continue; }
  if (!stack.some((f) => f.startsWith('runFuzzSeed '))) continue;
  inSeeds++;
  let part = 'kernel and the rest of the run';
  for (let i = stack.length - 1; i >= 0 && part === 'kernel and the rest of the run'; i--) {
    const hit = PARTS.find(([, re]) => re.test(stack[i]!));
    if (hit !== undefined) part = hit[0];
  }
  counts.set(part, (counts.get(part) ?? 0) + 1);
}
const whole = inSeeds + gc;
console.log(`${p.samples.length} samples, ${inSeeds} in fuzz seeds, ${gc} in GC (all GC counted: a profile of seeds only is mostly seeds)`);
for (const [part, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`${((100 * n) / whole).toFixed(1).padStart(5)} %  ${part}`);
console.log(`${((100 * gc) / whole).toFixed(1).padStart(5)} %  garbage collection`);

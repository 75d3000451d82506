// Fuzz-seed CPU of this build against another checkout, for a loaded machine: both builds imported into this process,
// each seed run `reps` times per build in alternating order, and each build's minimum CPU per seed kept (a load spike
// inflates a run, never deflates it), then summed. `--catalog` times only the seed's set-up (option and plan draws and
// the crash-point catalog's recording run), not the seed's run; `--timed` runs timed plans (no catalog, no aimed steps);
// `--bare` times only the seed's main run with every watcher off (bare-config.ts: the protocol's handlers and the
// kernel), its config drawn before the clock starts.
// Both builds are timed as `replisim` ships them: each bundled by esbuild as bin/build.js bundles dist/
// (bench/shipped-build.ts). `--tsx` imports the sources through tsx instead, which wraps every named closure in an
// `__name` call shipped builds never make, so a change that only removes closures reads as a win there and nowhere else.
// `npx tsx bench/fuzz-ab.ts <baseline checkout dir> [--protocol P] [--seeds N] [--reps R] [--from S] [--catalog | --timed | --bare] [--tsx]`
// (make the checkout with `git worktree add --detach <dir> <ref>` and link this node_modules into it).
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProtocolModule, RunConfig } from '../sim/index.ts';
import { importShipped } from './shipped-build.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => { const i = args.indexOf(name); return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback; };
const baseline = args[0];
if (baseline === undefined || baseline.startsWith('--')) {
  console.error('usage: tsx bench/fuzz-ab.ts <baseline checkout dir> [--protocol P] [--seeds N] [--reps R] [--from S] [--catalog | --timed | --bare] [--tsx]');
  process.exit(2);
}
const protocolName = flag('--protocol', 'zab');
const seeds = Number(flag('--seeds', '40'));
const reps = Number(flag('--reps', '3'));
const from = Number(flag('--from', '1070000'));
const isCatalogOnly = args.includes('--catalog');
const isBare = args.includes('--bare');
const faults = args.includes('--timed') ? 'timed' : 'aimed';
const isTsx = args.includes('--tsx');

type Runner = (seed: number) => void;
interface Build {
  readonly reg: { findProtocol(n: string): ProtocolModule | undefined };
  readonly fr: { fuzzRunConfig(o: object): unknown; runFuzzSeed(o: object): unknown };
  readonly sim: { runSimulation(c: RunConfig): unknown };
  readonly bc: { bareConfig(c: RunConfig): RunConfig };
}
const MODULES = { reg: 'scenarios/registry.ts', fr: 'scenarios/fuzz-run.ts', sim: 'sim/index.ts', bc: 'bench/bare-config.ts' } as const;

/** One checkout's modules: one esbuild bundle (as shipped), or each source through tsx with `--tsx`. */
async function importBuild(dir: string): Promise<Build> {
  if (!isTsx) return importShipped<Build>(dir, MODULES);
  const out: Record<string, unknown> = {};
  for (const [ns, path] of Object.entries(MODULES)) out[ns] = await import(join(dir, path));
  return out as unknown as Build;
}

async function load(dir: string): Promise<Runner> {
  const b = await importBuild(dir);
  const fr = b.fr;
  const protocol = b.reg.findProtocol(protocolName);
  if (protocol === undefined) { console.error(`--protocol: unknown protocol ${protocolName} in ${dir}`); process.exit(2); }
  if (isBare) return bareRunner(b, protocol);
  return isCatalogOnly ? (seed) => { fr.fuzzRunConfig({ protocol, seed }); } : (seed) => { fr.runFuzzSeed({ protocol, seed, faults }); };
}

/** --bare: each seed's config drawn once, untimed (on first use), then only runSimulation with every watcher off. */
function bareRunner(b: Build, protocol: ProtocolModule): Runner {
  const { sim, bc, fr } = b;
  const configs = new Map<number, RunConfig>();
  const configOf = (seed: number): RunConfig => {
    let c = configs.get(seed);
    if (c === undefined) { c = bc.bareConfig((fr.fuzzRunConfig({ protocol, seed }) as { config: RunConfig }).config); configs.set(seed, c); }
    return c;
  };
  for (let s = 0; s < seeds; s++) configOf(from + s);
  return (seed) => { sim.runSimulation(configOf(seed)); };
}

const cpuMs = (): number => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const here = await load(fileURLToPath(new URL('..', import.meta.url)));
const base = await load(resolve(baseline));
// Warm both builds' code (V8 compiles each module's functions separately) on seeds outside the measured range.
for (let s = 0; s < 30; s++) { here(from + 100_000 + s); base(from + 100_000 + s); }
const load0 = loadavg()[0]!;
let sumHere = 0;
let sumBase = 0;
const ratios: number[] = [];
for (let s = 0; s < seeds; s++) {
  let minHere = Infinity;
  let minBase = Infinity;
  for (let r = 0; r < reps; r++) {
    for (const isHere of r % 2 === 0 ? [true, false] : [false, true]) {
      const t0 = cpuMs();
      (isHere ? here : base)(from + s);
      const t = cpuMs() - t0;
      if (isHere) minHere = Math.min(minHere, t);
      else minBase = Math.min(minBase, t);
    }
  }
  sumHere += minHere;
  sumBase += minBase;
  ratios.push(minBase / minHere);
}
ratios.sort((a, b) => a - b);
console.log(`${protocolName}${isTsx ? ' (through tsx)' : ' (shipped bundles)'}${isBare ? ' (bare main runs: handlers and kernel)' : isCatalogOnly ? ' (set-up and catalog recording only)' : faults === 'timed' ? ' (timed plans)' : ''}: ${seeds} seeds from ${from}, min of ${reps} runs each: this build ${(sumHere / seeds).toFixed(2)} ms CPU/seed, baseline ${(sumBase / seeds).toFixed(2)} ms; baseline/this ${(sumBase / sumHere).toFixed(3)}x (per-seed median ${ratios[ratios.length >> 1]!.toFixed(3)}x); load average ${load0.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)}`);

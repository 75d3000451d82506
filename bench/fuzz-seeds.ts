// Fuzz seed cost per protocol: CPU per event as a multiple of the kernel's bare per-event cost, and seeds per
// minute per core, beside a baseline build's figures when `--baseline <git-ref>` is given (built into a temp
// worktree and run in this same process, rounds alternating, so machine load hits both alike). A seed is timed as a
// plain campaign's worker runs it: runJob with the campaign's extras (CAMPAIGN_SEED_EXTRAS: since the eighteenth
// session a passing seed's trace is not hashed, scenarios/hash-on-failure.ts), outcome included; a baseline build
// without those extras runs runJob as its workers did (every seed hashed). Beside each protocol's best-round figures
// (kept as they were), a `paired` line gives the median and range of per-round ratios (bench/paired-rounds.ts): each
// seed round over the kernel rounds timed on either side of it, and the baseline's round over this build's.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registeredProtocols } from '../scenarios/registry.ts';
import type { RunConfig, ProtocolModule } from '../sim/index.ts';
import type { kernelRun } from './kernel.ts';
import { bareConfig } from './bare-config.ts';
import { importShipped } from './shipped-build.ts';
import type { Paired } from './paired-rounds.ts';
import { pairedRatios, pairedText, spread } from './paired-rounds.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = 5;
const SEEDS_PER_ROUND = 12;
// A fresh process is far from its steady state: rounds of 12 zab seeds cost 850, 430, 340, then 240-300 ms, and V8
// keeps optimising for a few hundred seeds more (README "Where --jobs 2 went"). Campaign workers run thousands of seeds,
// so each build is warmed with this many seeds of each protocol before it is timed (more would double the bench's time
// for the last few per cent).
const WARM_SEEDS = 100;
const FIRST_SEED = 1_000;
const GOAL: Readonly<Record<string, number>> = { zab: 25 };
const GOAL_OTHERS = 50;

/** What a build's bundle exposes to the bench (namespaces: an older baseline may lack a name). */
interface SeedApi {
  readonly registry: { registeredProtocols(): readonly ProtocolModule[] };
  readonly fuzzRun: {
    runFuzzSeed(o: { protocol: ProtocolModule; seed: number }): { events: number };
    fuzzRunConfig?(o: { protocol: ProtocolModule; seed: number }): { config: RunConfig };
  };
  readonly sim: { runSimulation(c: RunConfig): { events: number } };
  /** What a campaign worker calls per seed (scenarios/worker.ts), and the extras a plain campaign passes (absent before hash-on-failure). */
  readonly runJob: {
    runJob(job: { kind: 'fuzz'; protocol: string; seed: number; bugs: readonly string[] }, extras?: object): { events: number };
    CAMPAIGN_SEED_EXTRAS?: object;
  };
  readonly kernel?: { kernelRun: typeof kernelRun };
  /** This build only: what a passing seed's run skips (its main run in the parts line runs so). */
  readonly hashOnFailure?: { UNHASHED_RUN: Partial<RunConfig> };
}
const SEED_MODULES = { registry: 'scenarios/registry.ts', fuzzRun: 'scenarios/fuzz-run.ts', sim: 'sim/index.ts', runJob: 'scenarios/run-job.ts' };

interface Build {
  readonly label: string;
  readonly api: SeedApi;
  /** The build's own protocol modules (its handlers), by name. */
  readonly protocols: ReadonlyMap<string, ProtocolModule>;
  readonly cleanup: () => void;
}

function makeBuild(label: string, api: SeedApi, cleanup: () => void): Build {
  return { label, api, protocols: new Map(api.registry.registeredProtocols().map((p) => [p.name, p])), cleanup };
}

/** Events of one fuzz seed of `name` in build `b`, run as a plain campaign's worker runs it (0 when the build has no such protocol). */
function runSeed(b: Build, name: string, seed: number): number {
  if (!b.protocols.has(name)) return 0;
  return b.api.runJob.runJob({ kind: 'fuzz', protocol: name, seed, bugs: [] }, b.api.runJob.CAMPAIGN_SEED_EXTRAS ?? {}).events;
}

/** This tree, bundled as shipped, with the kernel bench beside it (one sim module instance for both). */
async function currentBuild(): Promise<Build> {
  return makeBuild('this build', await importShipped<SeedApi>(ROOT, { ...SEED_MODULES, kernel: 'bench/kernel.ts', hashOnFailure: 'scenarios/hash-on-failure.ts' }), () => {});
}

/** The baseline ref checked out into a temp worktree (sharing this node_modules), bundled as shipped. */
async function baselineBuild(ref: string): Promise<Build> {
  const dir = mkdtempSync(join(tmpdir(), 'replisim-baseline-'));
  execFileSync('git', ['-C', ROOT, 'worktree', 'add', '--detach', '-f', dir, ref], { stdio: 'ignore' });
  const cleanup = (): void => { try { execFileSync('git', ['-C', ROOT, 'worktree', 'remove', '--force', dir], { stdio: 'ignore' }); } catch { /* already gone */ } };
  try {
    if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    // Its own immer instance is bundled in: builds before sim/freeze.ts ran with immer's default (freezing on), which a
    // fresh instance has; later ones set it per run.
    return makeBuild(`baseline ${ref}`, await importShipped<SeedApi>(dir, SEED_MODULES), cleanup);
  } catch (e) {
    cleanup();
    throw e;
  }
}

/** CPU ms of `count` seeds and their events. */
function timeSeeds(b: Build, name: string, from: number, count: number): { cpuMs: number; events: number } {
  const c0 = process.cpuUsage();
  let events = 0;
  for (let s = 0; s < count; s++) events += runSeed(b, name, from + s);
  const c = process.cpuUsage(c0);
  return { cpuMs: (c.user + c.system) / 1000, events };
}

/**
 * Where this build's seed cost lies, per event of the seeds' main runs (best of ROUNDS): the set-up (option and plan
 * draws and the crash-point catalog's recording run), the main run as a campaign runs a passing seed (unhashed), and the same run with every watcher
 * off (invariants, history, liveness, coverage, trace): the protocol's own handlers and the kernel. That last figure is
 * a floor no amount of faster checking goes below: where it is above the goal, the goal needs faster protocol models.
 */
function costParts(b: Build, name: string): { setupUs: number; mainUs: number; bareUs: number } {
  const protocol = b.protocols.get(name)!;
  const fuzzRunConfig = b.api.fuzzRun.fuzzRunConfig!;
  const runSimulation = (c: RunConfig): { events: number } => b.api.sim.runSimulation(c);
  const seeds = Array.from({ length: SEEDS_PER_ROUND }, (_, i) => FIRST_SEED + i);
  const unhashed = b.api.hashOnFailure?.UNHASHED_RUN ?? {};
  const configs: RunConfig[] = seeds.map((seed) => ({ ...fuzzRunConfig({ protocol, seed }).config, ...unhashed }));
  const bare = configs.map(bareConfig);
  let events = 0;
  for (const c of configs) events += runSimulation(c).events;
  const cpuOf = (f: () => void): number => { const c0 = process.cpuUsage(); f(); const c = process.cpuUsage(c0); return (c.user + c.system) / 1000; };
  const best = { setupUs: Infinity, mainUs: Infinity, bareUs: Infinity };
  for (let r = 0; r < ROUNDS; r++) {
    best.setupUs = Math.min(best.setupUs, (cpuOf(() => { for (const seed of seeds) fuzzRunConfig({ protocol, seed }); }) * 1000) / events);
    best.mainUs = Math.min(best.mainUs, (cpuOf(() => { for (const c of configs) runSimulation(c); }) * 1000) / events);
    best.bareUs = Math.min(best.bareUs, (cpuOf(() => { for (const c of bare) runSimulation(c); }) * 1000) / events);
  }
  return best;
}

/** One build's rounds of one protocol: per round, CPU us per event, ms per seed, and the kernel beside it (us per event). */
interface Rounds { readonly usPerEvent: number[]; readonly msPerSeed: number[]; readonly kernelUs: number[] }

/** CPU microseconds per event of the bare kernel (no-op actors, invariants off). */
function kernelUsPerEvent(kernelRun: (events: number) => { events: number }, events = 300_000): number {
  const c0 = process.cpuUsage();
  const r = kernelRun(events);
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / r.events;
}

export async function benchFuzzSeeds(argv: readonly string[] = process.argv.slice(2)): Promise<string[]> {
  const i = argv.indexOf('--baseline');
  const current = await currentBuild();
  const builds: Build[] = [current];
  if (i >= 0 && argv[i + 1] !== undefined) builds.push(await baselineBuild(argv[i + 1]!));
  const lines = [`CPU time (process.cpuUsage) of each build bundled as shipped (no tsx), best of ${ROUNDS} alternating rounds of the same ${SEEDS_PER_ROUND} seeds from ${FIRST_SEED}, each build warmed by ${WARM_SEEDS} seeds per protocol; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}${loadavg()[0]! > 2 ? ' (machine BUSY: other work shares the cores, figures are inflated)' : ''}`];
  /** A protocol's figure lines, given the kernel figure (known only once every protocol has run: see kernelBurst). */
  const protocolFigures = (name: string, rounds: readonly Rounds[]): ((kernelUs: number) => string[]) => {
    const best = rounds.map((r) => ({ usPerEvent: Math.min(...r.usPerEvent), msPerSeed: Math.min(...r.msPerSeed) }));
    const parts = costParts(current, name);
    return (kernelUs) => {
      const out: string[] = [];
      const goal = GOAL[name] ?? GOAL_OTHERS;
      const fig = (k: number): string => {
        const x = best[k]!.usPerEvent / kernelUs;
        return `${best[k]!.usPerEvent.toFixed(1)} us/event = ${x.toFixed(0)}x kernel, ${Math.round(60_000 / best[k]!.msPerSeed)} seeds/min/core`;
      };
      const now = best[0]!.usPerEvent / kernelUs;
      const hasBaseline = builds.length > 1 && Number.isFinite(best[1]!.usPerEvent);
      let line = `${name.padEnd(10)} ${fig(0)} (goal <= ${goal}x: ${now <= goal ? 'met' : 'NOT met'})`;
      if (hasBaseline) line += ` | ${builds[1]!.label}: ${fig(1)} | speed-up ${(best[1]!.msPerSeed / best[0]!.msPerSeed).toFixed(2)}x`;
      out.push(line);
      const multiple = pairedRatios(rounds[0]!.usPerEvent, rounds[0]!.kernelUs);
      let paired = `${''.padEnd(10)} paired (median and range of ${multiple.rounds} rounds, each over the kernel beside it): ${pairedText(multiple, 0)} kernel (goal: ${multiple.median <= goal ? 'met' : 'NOT met'})`;
      if (hasBaseline) {
        const speedUp: Paired = pairedRatios(rounds[1]!.msPerSeed, rounds[0]!.msPerSeed);
        paired += ` | ${builds[1]!.label}: ${pairedText(pairedRatios(rounds[1]!.usPerEvent, rounds[1]!.kernelUs), 0)} | speed-up ${pairedText(speedUp, 2)}`;
      }
      out.push(paired);
      const k = (us: number): string => `${(us / kernelUs).toFixed(0)}x`;
      out.push(`${''.padEnd(10)} parts (this build, per event of the main run): set-up and catalog recording ${k(parts.setupUs)}, main run ${k(parts.mainUs)}, of which the protocol's handlers and the kernel alone (every watcher off) ${k(parts.bareUs)}${parts.bareUs / kernelUs > goal ? ` (above the goal: the goal needs faster protocol models, not only faster checking)` : ''}`);
      return out;
    };
  };
  try {
    const kernelRun = current.api.kernel!.kernelRun;
    kernelRun(100_000);
    // The kernel's figure is the minimum of rounds taken at the start and again after each protocol's seeds: one burst
    // of rounds read anywhere from 0.19 to 0.42 us on this VM (a noisy host), and the figure divides every multiple.
    // (Rounds after protocol seeds read dearer, not cheaper: runSimulation's loop has seen more shapes by then, so the
    // minimum stays the kernel's own cost.)
    const kernelRounds: number[] = [];
    const kernelBurst = (): void => { for (let r = 0; r < ROUNDS; r++) kernelRounds.push(kernelUsPerEvent(kernelRun)); };
    kernelBurst();
    // The kernel beside each seed round runs in a bundle of its own: its runSimulation loop never runs a protocol, so
    // its ICs stay the kernel's alone (the shared instance's rounds read dearer once protocols have run, see above) and
    // a round's figure moves with the host only.
    const besideRun = (await importShipped<{ kernel: { kernelRun: typeof kernelRun } }>(ROOT, { kernel: 'bench/kernel.ts' })).kernel.kernelRun;
    // Warmed well past its first runs: in fresh processes its bursts fell from 0.147 to 0.118 us over the first 3M events.
    for (let w = 0; w < 40; w++) besideRun(100_000);
    const besideRounds: number[] = [];
    // The cheapest of three short bursts: a stall of the host (tens of ms here) lands in one burst, not in the figure.
    const beside = (): number => {
      const us = Math.min(kernelUsPerEvent(besideRun, 100_000), kernelUsPerEvent(besideRun, 100_000), kernelUsPerEvent(besideRun, 100_000));
      besideRounds.push(us);
      return us;
    };
    const protocolLines: ((kernelUs: number) => string[])[] = [];
    for (const p of registeredProtocols()) {
      for (const b of builds) timeSeeds(b, p.name, FIRST_SEED + 500, WARM_SEEDS);
      const rounds: Rounds[] = builds.map(() => ({ usPerEvent: [], msPerSeed: [], kernelUs: [] }));
      let kernelBefore = beside();
      for (let r = 0; r < ROUNDS; r++) {
        builds.forEach((b, k) => {
          // The same seeds every round (as in the parts line): the best round is then the same work at its cheapest,
          // not the cheapest of five different seed sets.
          const t = timeSeeds(b, p.name, FIRST_SEED, SEEDS_PER_ROUND);
          const kernelAfter = beside();
          rounds[k]!.usPerEvent.push((t.cpuMs * 1000) / Math.max(1, t.events));
          rounds[k]!.msPerSeed.push(t.cpuMs / SEEDS_PER_ROUND);
          rounds[k]!.kernelUs.push((kernelBefore + kernelAfter) / 2);
          kernelBefore = kernelAfter;
        });
      }
      kernelBurst();
      protocolLines.push(protocolFigures(p.name, rounds));
    }
    const shared = spread(kernelRounds);
    const kernelUs = shared.min;
    lines.push(`kernel bare per-event cost: ${kernelUs.toFixed(3)} us (minimum of ${shared.rounds} rounds; median ${shared.median.toFixed(3)}, maximum ${shared.max.toFixed(3)})`);
    const k = spread(besideRounds);
    lines.push(`kernel rounds beside the seed rounds (its own bundle, each the cheapest of three bursts of 100k events; a paired multiple divides by the mean of the two on either side): median ${k.median.toFixed(3)} us, range ${k.min.toFixed(3)}-${k.max.toFixed(3)} over ${k.rounds} rounds`);
    for (const f of protocolLines) lines.push(...f(kernelUs));
  } finally {
    for (const b of builds) b.cleanup();
  }
  return lines;
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) for (const l of await benchFuzzSeeds()) console.log(l);

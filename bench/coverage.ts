// Guided vs plain fuzzing, side by side in one run: coverage keys (and marks) reached per N seeds per protocol, and the
// median first failing seed per bug flag. Sizes come from the environment (defaults are the issue's: 2,000 seeds).
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { registeredProtocols } from '../scenarios/registry.ts';
import { WorkerPool } from '../scenarios/pool.ts';
import { startCampaign, type CampaignResult } from '../scenarios/fuzz-campaign.ts';
import { parseTuning, type GuidedTuning } from '../scenarios/guided-tuning.ts';
import type { ProtocolModule } from '../sim/index.ts';

const envInt = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};

/** Seeds per coverage campaign (REPLISIM_BENCH_COVERAGE_SEEDS). */
const SEEDS = envInt('REPLISIM_BENCH_COVERAGE_SEEDS', 2000);
/** Most seeds a bug hunt may take before it counts as not found (REPLISIM_BENCH_HUNT_SEEDS). */
const HUNT_SEEDS = envInt('REPLISIM_BENCH_HUNT_SEEDS', 2000);
/** Independent starting points per flag for the median (REPLISIM_BENCH_HUNT_STARTS). */
const HUNT_STARTS = envInt('REPLISIM_BENCH_HUNT_STARTS', 5);
const JOBS = envInt('REPLISIM_BENCH_JOBS', Math.max(1, availableParallelism()));
/** Starting points lie this far apart, so hunts never share seeds. */
const START_STRIDE = 1_000_000;
const FAILURE_DIR = '.replisim/bench-failures';
/** Which parts run (REPLISIM_BENCH_COVERAGE=keys|hunt|both, default both). */
const PARTS = process.env['REPLISIM_BENCH_COVERAGE'] ?? 'both';
/** Which key campaigns run (REPLISIM_BENCH_MODES=plain or guided; default both), to measure one side of a change alone. */
const MODES = (process.env['REPLISIM_BENCH_MODES'] ?? 'plain,guided').split(',');
/** Guided campaigns run one frontier mutant in this many (REPLISIM_BENCH_FRONTIER=2; default none, as `fuzz --guided`). */
const FRONTIER_ONE_IN = envInt('REPLISIM_BENCH_FRONTIER', 0);
/**
 * Guided schedules to compare with plain in this one run (REPLISIM_BENCH_VARIANTS, `;`-separated guided-tuning.ts specs
 * such as `default:;sq:energy=square,optionsOneIn=1`); default one, what `fuzz --guided` runs. The key campaigns print
 * each one's keys.
 */
const VARIANTS: { name: string; tuning: Partial<GuidedTuning> }[] = (process.env['REPLISIM_BENCH_VARIANTS'] ?? 'guided:')
  .split(';').filter((x) => x !== '').map(parseTuning);
/**
 * Also print the keys after this many seeds of each key campaign (REPLISIM_BENCH_CHECKPOINTS=500): a guided campaign's
 * first N seeds are exactly an N-seed campaign (generations in seed order), and so are a plain one's with --jobs 1.
 */
const CHECKPOINTS = (process.env['REPLISIM_BENCH_CHECKPOINTS'] ?? '').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0 && n < SEEDS);
/** First seed of the key campaigns (REPLISIM_BENCH_FROM, default 1, where the README's figures start). */
const KEYS_FROM = envInt('REPLISIM_BENCH_FROM', 1);
/**
 * Write how many seeds reached each key of every key campaign to this directory (REPLISIM_BENCH_HITS_DIR), one JSON file
 * per campaign (`<protocol>-<plain|variant>-<from>-<seeds>.json`): a key change can then be judged by projecting both
 * sides' keys onto the old key, and Chao1 recomputed, without rerunning.
 */
const HITS_DIR = process.env['REPLISIM_BENCH_HITS_DIR'] ?? '';

function writeHits(protocol: string, side: string, hits: ReadonlyMap<string, number>): void {
  if (HITS_DIR === '') return;
  mkdirSync(HITS_DIR, { recursive: true });
  writeFileSync(join(HITS_DIR, `${protocol}-${side}-${KEYS_FROM}-${SEEDS}.json`), JSON.stringify(Object.fromEntries(hits)));
}

/** Only these protocols (REPLISIM_BENCH_PROTOCOLS=zab,tfs), or every registered one. */
function protocols(): ProtocolModule[] {
  const only = (process.env['REPLISIM_BENCH_PROTOCOLS'] ?? '').split(',').filter((x) => x !== '');
  return registeredProtocols().filter((p) => only.length === 0 || only.includes(p.name));
}

/** Only these bug flags (REPLISIM_BENCH_BUGS=zab/ack-before-fsync,...), or every flag of the chosen protocols. */
function flagsOf(p: ProtocolModule): string[] {
  const only = (process.env['REPLISIM_BENCH_BUGS'] ?? '').split(',').filter((x) => x !== '');
  return p.bugs.map((b) => b.id).filter((id) => only.length === 0 || only.includes(id));
}

interface Run {
  readonly bugs: readonly string[]; readonly from: number; readonly seeds: number; readonly isGuided: boolean; readonly isKeepGoing: boolean;
  readonly tuning?: Partial<GuidedTuning>;
  /** Filled with the key count at each checkpoint. */
  readonly at?: Map<number, number>;
  /** Filled with how many seeds reached each key (for the Chao1 estimate). */
  readonly hits?: Map<string, number>;
}

/**
 * Chao1, a lower-bound estimate of how many distinct keys the campaign's own way of drawing runs can reach: seen keys
 * plus f1^2 / (2 f2), f1 and f2 the keys one and two seeds reached. Says how much of its space a campaign has left.
 */
function chao1(hits: ReadonlyMap<string, number>): string {
  let f1 = 0;
  let f2 = 0;
  for (const h of hits.values()) { if (h === 1) f1++; else if (h === 2) f2++; }
  return `chao1 ${Math.round(hits.size + (f1 * f1) / (2 * Math.max(1, f2)))} (f1 ${f1}, f2 ${f2})`;
}

/**
 * CPU seconds of this process (its worker threads included: getrusage of the process) spent by each key campaign, by
 * CampaignResult: a grown plan or a longer fault phase costs more per seed, so keys are also reported per CPU-second.
 * Wall time says little on a shared machine; CPU time does (it still grows a little under load, caches being shared).
 */
const cpuSeconds = new WeakMap<CampaignResult, number>();

async function campaign(pool: WorkerPool, protocol: ProtocolModule, o: Run): Promise<CampaignResult> {
  const cpu0 = process.cpuUsage();
  const r = await campaignRun(pool, protocol, o);
  const cpu = process.cpuUsage(cpu0);
  cpuSeconds.set(r, (cpu.user + cpu.system) / 1e6);
  return r;
}

async function campaignRun(pool: WorkerPool, protocol: ProtocolModule, o: Run): Promise<CampaignResult> {
  const tuning = { ...(FRONTIER_ONE_IN > 0 ? { frontierOneIn: FRONTIER_ONE_IN } : {}), ...(o.tuning ?? {}) };
  return startCampaign({
    protocol, bugs: o.bugs, from: o.from, seeds: o.seeds, shard: null, jobs: JOBS, timeBudgetMs: null,
    isKeepGoing: o.isKeepGoing, isCheckingDeterminism: false, isGuided: o.isGuided, pool, failureDir: FAILURE_DIR,
    ...(o.isGuided ? { guidedTuning: tuning } : {}),
    onKeys: (done: number, keys: number, runKeys: readonly string[]) => {
      if (CHECKPOINTS.includes(done)) o.at?.set(done, keys);
      if (o.hits !== undefined) for (const k of runKeys) o.hits.set(k, (o.hits.get(k) ?? 0) + 1);
    },
  }).done;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** How many seeds each start needed to fail (Infinity when the budget ran out), plain or guided. */
async function hunt(pool: WorkerPool, protocol: ProtocolModule, flag: string, isGuided: boolean, tuning?: Partial<GuidedTuning>): Promise<number[]> {
  const firsts: number[] = [];
  for (let k = 0; k < HUNT_STARTS; k++) {
    const from = 1 + k * START_STRIDE;
    const r = await campaign(pool, protocol, { bugs: [flag], from, seeds: HUNT_SEEDS, isGuided, isKeepGoing: false, ...(tuning !== undefined ? { tuning } : {}) });
    const f = r.failures[0];
    firsts.push(f === undefined ? Number.POSITIVE_INFINITY : f.seed - from + 1);
  }
  return firsts;
}

const show = (xs: readonly number[]): string => {
  const found = xs.filter(Number.isFinite).length;
  if (found * 2 <= xs.length) return `not found (${found}/${xs.length} starts within ${HUNT_SEEDS})`;
  return `${median(xs)} (${found}/${xs.length} found)`;
};

export async function benchCoverage(): Promise<string[]> {
  const lines = [`plain vs guided (--guided${FRONTIER_ONE_IN > 0 ? `, one frontier mutant in ${FRONTIER_ONE_IN}` : ''}): ${SEEDS} seeds per campaign, ${JOBS} jobs; bug hunts: median first failing seed over ${HUNT_STARTS} starts, at most ${HUNT_SEEDS} seeds each`];
  if (VARIANTS.length > 1 || VARIANTS[0]!.name !== 'guided') lines.push(`guided schedules: ${VARIANTS.map((v) => `${v.name} ${JSON.stringify(v.tuning)}`).join('; ')}`);
  const pool = new WorkerPool(JOBS);
  try {
    /** CPU seconds per seed and keys per CPU-second of a key campaign. */
    const cost = (r: CampaignResult | null): string => {
      const c = r === null ? undefined : cpuSeconds.get(r);
      return r === null || c === undefined ? '-' : `cpu ${(c / r.seedsRun.length).toFixed(3)}s/seed, ${(r.coverage.keyCount / c).toFixed(2)} keys/cpu-s`;
    };
    for (const p of PARTS === 'hunt' ? [] : protocols()) {
      const plainAt = new Map<number, number>();
      const plainHits = new Map<string, number>();
      const plain = MODES.includes('plain') ? await campaign(pool, p, { bugs: [], from: KEYS_FROM, seeds: SEEDS, isGuided: false, isKeepGoing: true, at: plainAt, hits: plainHits }) : null;
      if (plain !== null) {
        writeHits(p.name, 'plain', plainHits);
        lines.push(`${p.name.padEnd(11)} plain ${plain.coverage.keyCount} keys, ${chao1(plainHits)}, ${cost(plain)}`);
        console.error(lines[lines.length - 1]);
      }
      const reached = (r: CampaignResult | null): string => (r === null ? '-' : `${r.coverage.marks.filter((m) => m.count > 0).length}/${r.coverage.marks.length}`);
      const keys = (r: CampaignResult | null): string => (r === null ? '-' : String(r.coverage.keyCount)).padStart(5);
      const secs = (r: CampaignResult | null): string => (r === null ? '-' : `${(r.elapsedMs / 1000).toFixed(0)}s`);
      const ratioOf = (g: number, q: number | undefined): string => (q === undefined ? '-' : `${(g / Math.max(1, q)).toFixed(2)}x`);
      for (const v of MODES.includes('guided') ? VARIANTS : [{ name: 'guided', tuning: {} }]) {
        const guidedAt = new Map<number, number>();
        const guidedHits = new Map<string, number>();
        const guided = MODES.includes('guided') ? await campaign(pool, p, { bugs: [], from: KEYS_FROM, seeds: SEEDS, isGuided: true, isKeepGoing: true, tuning: v.tuning, at: guidedAt, hits: guidedHits }) : null;
        if (guided !== null) writeHits(p.name, v.name, guidedHits);
        const ratio = plain !== null && guided !== null ? ratioOf(guided.coverage.keyCount, plain.coverage.keyCount) : '-';
        const early = CHECKPOINTS.map((n) => `at ${n}: ${plainAt.get(n) ?? '-'} / ${guidedAt.get(n) ?? '-'} ${guidedAt.has(n) ? ratioOf(guidedAt.get(n)!, plainAt.get(n)) : '-'}`).join(', ');
        lines.push(`${p.name.padEnd(11)} keys plain ${keys(plain)}  ${v.name} ${keys(guided)}  ratio ${ratio}  marks plain ${reached(plain)} guided ${reached(guided)}  ` +
          `(${secs(plain)} / ${secs(guided)})${early !== '' ? `  [${early}]` : ''}${guided !== null ? `  guided ${chao1(guidedHits)}, ${cost(guided)}` : ''}`);
        // Also on stderr as it comes, so a long multi-variant run shows its figures before the end (stdout gets them once).
        console.error(lines[lines.length - 1]);
      }
    }
    for (const p of PARTS === 'keys' ? [] : protocols()) {
      for (const flag of flagsOf(p)) {
        const plain = await hunt(pool, p, flag, false);
        // Each guided schedule of REPLISIM_BENCH_VARIANTS hunts from the same starts, so a candidate default is judged
        // against plain and the current default in one run.
        for (const v of VARIANTS) {
          const guided = await hunt(pool, p, flag, true, v.tuning);
          const isNoLater = median(guided) <= median(plain);
          lines.push(`${flag.padEnd(44)} plain ${show(plain).padEnd(28)} ${v.name} ${show(guided).padEnd(28)} ${isNoLater ? 'no later' : 'LATER'}`);
          console.error(`${lines[lines.length - 1]}  firsts plain [${plain.join(', ')}] ${v.name} [${guided.join(', ')}]`);
        }
      }
    }
  } finally {
    await pool.close();
  }
  return lines;
}

// Guided vs plain fuzzing, side by side in one run: coverage keys (and marks) reached per N seeds per protocol, and the
// median first failing seed per bug flag. Sizes come from the environment (defaults are the issue's: 2,000 seeds).
import { availableParallelism } from 'node:os';
import { registeredProtocols } from '../scenarios/registry.ts';
import { WorkerPool } from '../scenarios/pool.ts';
import { startCampaign, type CampaignResult } from '../scenarios/fuzz-campaign.ts';
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
/** First seed of the key campaigns (REPLISIM_BENCH_FROM, default 1, where the README's figures start). */
const KEYS_FROM = envInt('REPLISIM_BENCH_FROM', 1);

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

async function campaign(pool: WorkerPool, protocol: ProtocolModule, o: { bugs: readonly string[]; from: number; seeds: number; isGuided: boolean; isKeepGoing: boolean }): Promise<CampaignResult> {
  return startCampaign({
    protocol, bugs: o.bugs, from: o.from, seeds: o.seeds, shard: null, jobs: JOBS, timeBudgetMs: null,
    isKeepGoing: o.isKeepGoing, isCheckingDeterminism: false, isGuided: o.isGuided, pool, failureDir: FAILURE_DIR,
    ...(FRONTIER_ONE_IN > 0 ? { guidedFrontierOneIn: FRONTIER_ONE_IN } : {}),
  }).done;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** How many seeds each start needed to fail (Infinity when the budget ran out), plain or guided. */
async function hunt(pool: WorkerPool, protocol: ProtocolModule, flag: string, isGuided: boolean): Promise<number[]> {
  const firsts: number[] = [];
  for (let k = 0; k < HUNT_STARTS; k++) {
    const from = 1 + k * START_STRIDE;
    const r = await campaign(pool, protocol, { bugs: [flag], from, seeds: HUNT_SEEDS, isGuided, isKeepGoing: false });
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
  const pool = new WorkerPool(JOBS);
  try {
    for (const p of PARTS === 'hunt' ? [] : protocols()) {
      const run = (isGuided: boolean): Promise<CampaignResult | null> =>
        MODES.includes(isGuided ? 'guided' : 'plain') ? campaign(pool, p, { bugs: [], from: KEYS_FROM, seeds: SEEDS, isGuided, isKeepGoing: true }) : Promise.resolve(null);
      const plain = await run(false);
      const guided = await run(true);
      const reached = (r: CampaignResult | null): string => (r === null ? '-' : `${r.coverage.marks.filter((m) => m.count > 0).length}/${r.coverage.marks.length}`);
      const keys = (r: CampaignResult | null): string => (r === null ? '-' : String(r.coverage.keyCount)).padStart(5);
      const secs = (r: CampaignResult | null): string => (r === null ? '-' : `${(r.elapsedMs / 1000).toFixed(0)}s`);
      const ratio = plain !== null && guided !== null ? `${(guided.coverage.keyCount / Math.max(1, plain.coverage.keyCount)).toFixed(2)}x` : '-';
      lines.push(`${p.name.padEnd(11)} keys plain ${keys(plain)}  guided ${keys(guided)}  ratio ${ratio}  marks plain ${reached(plain)} guided ${reached(guided)}  ` +
        `(${secs(plain)} / ${secs(guided)})`);
    }
    for (const p of PARTS === 'keys' ? [] : protocols()) {
      for (const flag of flagsOf(p)) {
        const plain = await hunt(pool, p, flag, false);
        const guided = await hunt(pool, p, flag, true);
        const isNoLater = median(guided) <= median(plain);
        lines.push(`${flag.padEnd(44)} plain ${show(plain).padEnd(28)} guided ${show(guided).padEnd(28)} ${isNoLater ? 'no later' : 'LATER'}`);
      }
    }
  } finally {
    await pool.close();
  }
  return lines;
}

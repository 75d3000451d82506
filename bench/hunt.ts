// The hunt benchmark: for every bug flag (and each clean protocol), hits per N fuzz seeds, the first failing seed and the
// median seeds to a failure, with the timed swarm alone and with aimed faults (triggered steps + perturbed options), side by
// side in one run on worker threads. `tsx bench/hunt.ts [--seeds 2000] [--from 1] [--protocol P]... [--bug F]... [--jobs J]
// [--mode aimed|timed]` (--mode runs one column only: half the CPU when only the default fuzzer's numbers are wanted)
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { registeredProtocols } from '../scenarios/registry.ts';
import { WorkerPool, WorkerCrash } from '../scenarios/pool.ts';
import { CAMPAIGN_SEED_EXTRAS } from '../scenarios/run-job.ts';
import type { FuzzFaults } from '../scenarios/fuzz-run.ts';

const MODES: readonly FuzzFaults[] = ['timed', 'aimed'];

export interface HuntCell {
  readonly hits: readonly number[];
  readonly seeds: number;
  /** Wall time the worker spent per seed, ms (aimed seeds also pay their recording run). */
  readonly msPerSeed: number;
}

export interface HuntRow {
  readonly protocol: string;
  /** A bug flag, or null for the clean protocol (every hit is then a false alarm to triage). */
  readonly bug: string | null;
  /** A mode left out by --mode has no cell. */
  readonly cells: Readonly<Partial<Record<FuzzFaults, HuntCell>>>;
}

export interface HuntOptions {
  readonly seeds: number;
  readonly from: number;
  readonly protocols: readonly string[];
  readonly bugs: readonly string[];
  readonly jobs: number;
  /** Which columns to run (default both). */
  readonly modes?: readonly FuzzFaults[];
  readonly onRow?: (r: HuntRow) => void;
}

/** Median number of seeds from the start (or the previous hit) to a hit: the seeds one should expect to spend per failure. */
export function medianSeedsToFailure(hits: readonly number[], from: number): number | null {
  if (hits.length === 0) return null;
  const gaps = hits.map((h, i) => h - (i === 0 ? from - 1 : hits[i - 1]!)).sort((a, b) => a - b);
  const mid = Math.floor(gaps.length / 2);
  return gaps.length % 2 === 1 ? gaps[mid]! : Math.round((gaps[mid - 1]! + gaps[mid]!) / 2);
}

export async function hunt(o: HuntOptions): Promise<HuntRow[]> {
  const known = registeredProtocols();
  for (const name of o.protocols) if (!known.some((p) => p.name === name)) throw new Error(`hunt: --protocol: unknown protocol "${name}" (known: ${known.map((p) => p.name).join(', ')})`);
  const protocols = known.filter((p) => o.protocols.length === 0 || o.protocols.includes(p.name));
  const allBugs = protocols.flatMap((p) => p.bugs.map((b) => b.id));
  for (const b of o.bugs) if (!allBugs.includes(b)) throw new Error(`hunt: --bug: unknown bug flag "${b}"`);
  const targets = protocols.flatMap((p) => [
    ...(o.bugs.length === 0 ? [{ protocol: p.name, bug: null as string | null }] : []),
    ...p.bugs.filter((b) => o.bugs.length === 0 || o.bugs.includes(b.id)).map((b) => ({ protocol: p.name, bug: b.id as string | null })),
  ]);
  const modes = MODES.filter((m) => o.modes === undefined || o.modes.includes(m));
  const pool = new WorkerPool(Math.max(1, o.jobs));
  try {
    const rows: HuntRow[] = [];
    // One target at a time (seeds of both modes interleaved), so rows finish in order and a stopped run still says something.
    for (const t of targets) {
      const cells = {} as Record<FuzzFaults, { hits: number[]; ms: number }>;
      for (const m of modes) cells[m] = { hits: [], ms: 0 };
      const runs: Promise<void>[] = [];
      for (let seed = o.from; seed < o.from + o.seeds; seed++) {
        for (const faults of modes) {
          // As a plain campaign runs a seed (run-job.ts CAMPAIGN_SEED_EXTRAS): hits and costs are what `fuzz` pays, and no trace
          // hash is folded for a passing seed (the hunt reads none).
          runs.push(pool.run({ kind: 'fuzz', protocol: t.protocol, seed, bugs: t.bug === null ? [] : [t.bug], faults }, CAMPAIGN_SEED_EXTRAS).then(
            ({ outcome }) => {
              cells[faults].ms += outcome.elapsedMs;
              if (outcome.verdict !== 'pass') cells[faults].hits.push(seed);
            },
            (e: unknown) => {
              if (!(e instanceof WorkerCrash)) throw e;
              cells[faults].hits.push(seed); // a seed that kills its worker is a crash verdict
            },
          ));
        }
      }
      await Promise.all(runs);
      const done = (c: { hits: number[]; ms: number }): HuntCell => ({ hits: c.hits.sort((a, b) => a - b), seeds: o.seeds, msPerSeed: c.ms / o.seeds });
      const row: HuntRow = {
        protocol: t.protocol, bug: t.bug,
        cells: Object.fromEntries(modes.map((m) => [m, done(cells[m])])),
      };
      rows.push(row);
      o.onRow?.(row);
    }
    return rows;
  } finally {
    await pool.close();
  }
}

/** The rows as a markdown table the READMEs can paste. */
export function huntTable(rows: readonly HuntRow[], from: number): string[] {
  const cell = (c: HuntCell | undefined): string[] => {
    if (c === undefined) return ['not run', '—', '—'];
    const median = medianSeedsToFailure(c.hits, from);
    return [`${c.hits.length}`, c.hits.length > 0 ? `${c.hits[0]}` : '—', median === null ? '—' : `${median}`];
  };
  const seeds = rows[0]?.cells.aimed?.seeds ?? rows[0]?.cells.timed?.seeds ?? 0;
  return [
    `| protocol | bug flag | timed: hits / ${seeds} | first | median seeds to failure | aimed: hits / ${seeds} | first | median seeds to failure |`,
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.protocol} | ${r.bug === null ? '(clean)' : `\`${r.bug}\``} | ${[...cell(r.cells.timed), ...cell(r.cells.aimed)].join(' | ')} |`),
  ];
}

function costLines(rows: readonly HuntRow[]): string[] {
  const byProtocol = new Map<string, { timed: number; aimed: number; n: number }>();
  for (const r of rows) {
    const e = byProtocol.get(r.protocol) ?? { timed: 0, aimed: 0, n: 0 };
    byProtocol.set(r.protocol, { timed: e.timed + (r.cells.timed?.msPerSeed ?? 0), aimed: e.aimed + (r.cells.aimed?.msPerSeed ?? 0), n: e.n + 1 });
  }
  return [...byProtocol].map(([p, e]) => `${p}: ${(e.timed / e.n).toFixed(0)} ms per timed seed, ${(e.aimed / e.n).toFixed(0)} ms per aimed seed (catalog recording run included)`);
}

/** Entry for `npm run bench` (all sections) and `npm run bench -- hunt [flags]`. */
export async function benchHunt(argv: readonly string[] = []): Promise<string[]> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      seeds: { type: 'string', default: '2000' }, from: { type: 'string', default: '1' }, jobs: { type: 'string' },
      protocol: { type: 'string', multiple: true, default: [] }, bug: { type: 'string', multiple: true, default: [] }, mode: { type: 'string' },
    },
    strict: true,
  });
  const int = (name: string, v: string | undefined, min: number): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`hunt: --${name}: expected an integer ≥ ${min}, found "${v}"`);
    return n;
  };
  const seeds = int('seeds', values.seeds, 1);
  const from = int('from', values.from, 0);
  const jobs = values.jobs === undefined ? Math.max(1, availableParallelism()) : int('jobs', values.jobs, 1);
  if (values.mode !== undefined && !(MODES as readonly string[]).includes(values.mode)) throw new Error(`hunt: --mode: expected aimed or timed, found "${values.mode}"`);
  const modes = values.mode === undefined ? MODES : [values.mode as FuzzFaults];
  const started = Date.now();
  const rows = await hunt({
    seeds, from, jobs, protocols: values.protocol, bugs: values.bug, modes,
    onRow: (r) => process.stderr.write(`hunt: ${r.protocol} ${r.bug ?? '(clean)'}: ${modes.map((m) => `${m} ${r.cells[m]!.hits.length}`).join(', ')} of ${seeds}; aimed hits ${JSON.stringify(r.cells.aimed?.hits ?? [])}\n`),
  });
  return [
    `seeds ${from}..${from + seeds - 1} per flag and mode, ${jobs} worker(s), ${((Date.now() - started) / 1000).toFixed(0)} s. timed = the timed swarm alone (\`fuzz --faults timed\`); aimed = the default (\`fuzz --faults aimed\`): timed swarm + triggered faults from the seed's crash-point catalog + perturbed options. (clean) rows count false alarms.`,
    '',
    ...huntTable(rows, from),
    '',
    ...costLines(rows),
  ];
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  try {
    for (const line of await benchHunt(process.argv.slice(2))) console.log(line);
  } catch (e) {
    console.error((e as Error).message);
    process.exitCode = 2;
  }
}

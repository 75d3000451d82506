// Clean-campaign ledger (issue 18): fresh-seed campaigns of each clean protocol, recorded with the code they ran on, so
// `npm run bench -- campaigns` prints the latest figures (seeds, failures, nondeterminism, seeds/min) and never passes
// off a campaign of older code as current.
//   record: `npx tsx bench/clean-campaigns.ts record --protocol P --from S --seeds N [--jobs J]` runs
//           `replisim fuzz --keep-going --check-determinism --json` and appends the result to bench/baseline/clean-campaigns.json
//   print:  `npm run bench -- campaigns` (or `npx tsx bench/clean-campaigns.ts`)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeReportAtomic } from '../reports/write-atomic.ts';
import { codeVersion } from '../scenarios/code-version.ts';
import { resultsSchema } from '../scenarios/fuzz-results.ts';
import { importClosure } from './import-closure.ts';
import { hashFiles, tsFilesUnder } from './trace-hashes.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const LEDGER = join(ROOT, 'bench/baseline/clean-campaigns.json');

export interface CampaignRecord {
  readonly protocol: string;
  readonly from: number;
  readonly seeds: number;
  readonly seedsRun: number;
  readonly failures: readonly { readonly seed: number; readonly name: string; readonly verdict: string }[];
  readonly nondeterminism: number;
  readonly anomalies: readonly { readonly name: string; readonly seeds: number }[];
  readonly seedsPerMinute: number;
  readonly jobs: number;
  readonly loadAverage: number;
  readonly finishedAt: string;
  readonly codeVersion: string;
  /** Hash of the code a fuzz seed runs (sim/, protocols/<p>/, the fuzz seed runner): equal hash, same runs. */
  readonly runHash: string;
}

/**
 * What decides a fuzz seed's run: the kernel, the protocol and every other module the fuzz seed runner imports (the
 * scenario schema, option ranges, ...), but not the other protocols the registry also loads.
 */
export function runFiles(protocol: string): string[] {
  const closure = importClosure([join(ROOT, 'scenarios/fuzz-run.ts'), join(ROOT, 'scenarios/run-job.ts')]);
  const own = join(ROOT, `protocols/${protocol}/`);
  const outside = closure.filter((f) => !f.startsWith(join(ROOT, 'protocols/')) && !f.startsWith(join(ROOT, 'sim/')));
  return [...tsFilesUnder(join(ROOT, 'sim')), ...tsFilesUnder(own), ...outside];
}

export function runHash(protocol: string): string {
  return hashFiles(ROOT, runFiles(protocol));
}

export function readLedger(): CampaignRecord[] {
  return existsSync(LEDGER) ? (JSON.parse(readFileSync(LEDGER, 'utf8')) as { campaigns: CampaignRecord[] }).campaigns : [];
}

/** One record per line, so a diff of the ledger shows which campaigns were added or restamped. */
function writeLedger(records: readonly CampaignRecord[]): void {
  writeReportAtomic(LEDGER, `{"campaigns": [\n${records.map((c) => `  ${JSON.stringify(c)}`).join(',\n')}\n]}\n`);
}

function record(argv: readonly string[]): void {
  const { values } = parseArgs({ args: [...argv], options: { protocol: { type: 'string' }, from: { type: 'string' }, seeds: { type: 'string' }, jobs: { type: 'string' } } });
  if (values.protocol === undefined || values.from === undefined || values.seeds === undefined) throw new Error('record: --protocol, --from and --seeds are required');
  const jobs = values.jobs ?? '1';
  // Hashed before the run: code edited while a long campaign runs must not be credited with it.
  const hash = runHash(values.protocol);
  // The commit is taken now too: the fuzz run names the commit it ends on, and a commit landing mid-run would let
  // `restamp` credit this campaign to code it never ran.
  const startVersion = codeVersion();
  const args = ['bin/replisim.js', 'fuzz', '--protocol', values.protocol, '--from', values.from, '--seeds', values.seeds, '--jobs', jobs, '--keep-going', '--check-determinism', '--json'];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0 && r.status !== 1 && r.status !== 3 && r.status !== 4 && r.status !== 5) throw new Error(`fuzz exited ${r.status}`);
  const res = resultsSchema.parse(JSON.parse(r.stdout));
  const rec: CampaignRecord = {
    protocol: res.protocol, from: res.from, seeds: res.seeds, seedsRun: res.seedsRun.length,
    failures: res.failures.map((f) => ({ seed: f.seed, name: f.name, verdict: f.verdict })), nondeterminism: res.counts.nondeterminism,
    anomalies: (res.anomalies ?? []).map((a) => ({ name: a.name, seeds: a.seeds })), seedsPerMinute: res.seedsPerMinute, jobs: Number(jobs),
    loadAverage: Math.round(loadavg()[0]! * 10) / 10, finishedAt: new Date().toISOString(), codeVersion: res.codeVersion === startVersion ? startVersion : `${startVersion}+then-${res.codeVersion}`, runHash: hash,
  };
  const all = [...readLedger(), rec];
  writeLedger(all);
  console.log(`recorded ${rec.protocol} ${rec.from}..${rec.from + rec.seeds - 1}: ${rec.seedsRun} seeds, ${rec.failures.length} failures, ${rec.nondeterminism} nondeterminism, ${rec.seedsPerMinute} seeds/min`);
}

/**
 * Re-hash records whose code is provably the current code: recorded on a clean commit (no "+dirty") whose run files
 * equal today's, byte for byte (`git diff --quiet <commit> -- <run files>`). This carries campaigns across a change of
 * what the hash covers (e.g. a module the runner now imports) without crediting a single seed of other code.
 */
function restamp(): void {
  const ledger = readLedger();
  // Each protocol's run files and hash are read once, not once per record.
  const current = new Map([...new Set(ledger.map((c) => c.protocol))].map((p) => {
    const files = runFiles(p);
    return [p, { hash: hashFiles(ROOT, files), files: files.map((f) => f.slice(ROOT.length)) }] as const;
  }));
  const out = ledger.map((c) => {
    const { hash: now, files } = current.get(c.protocol)!;
    const commit = /^git:([0-9a-f]{40})$/.exec(c.codeVersion)?.[1];
    if (c.runHash === now || commit === undefined) return c;
    const same = spawnSync('git', ['diff', '--quiet', commit, '--', ...files], { cwd: ROOT }).status === 0;
    if (!same) return c;
    console.log(`restamped ${c.protocol} ${c.from}..${c.from + c.seeds - 1} (${c.codeVersion}): ${c.runHash} -> ${now}`);
    return { ...c, runHash: now };
  });
  writeLedger(out);
}

/** Per protocol, the campaigns on the current code summed, and how many recorded seeds ran older code. */
export function benchCleanCampaigns(): string[] {
  const ledger = readLedger();
  if (ledger.length === 0) return [`(no campaigns recorded in ${LEDGER.slice(ROOT.length)}; record one with \`npx tsx bench/clean-campaigns.ts record --protocol P --from S --seeds N\`)`];
  const lines = ['| protocol | seeds on this code | ranges | failures | nondeterminism | seeds/min/job | anomalies (seeds) | older code (seeds) |', '|---|---|---|---|---|---|---|---|'];
  for (const protocol of [...new Set(ledger.map((c) => c.protocol))].sort()) {
    const hash = runHash(protocol);
    const all = ledger.filter((c) => c.protocol === protocol);
    const now = all.filter((c) => c.runHash === hash);
    const old = all.filter((c) => c.runHash !== hash).reduce((t, c) => t + c.seedsRun, 0);
    const seeds = now.reduce((t, c) => t + c.seedsRun, 0);
    const failures = now.flatMap((c) => c.failures.map((f) => `${f.seed} ${f.name}`));
    const perJob = now.length === 0 ? 0 : Math.round(now.reduce((t, c) => t + c.seedsPerMinute / c.jobs, 0) / now.length);
    const anomalies = new Map<string, number>();
    for (const c of now) for (const a of c.anomalies) anomalies.set(a.name, (anomalies.get(a.name) ?? 0) + a.seeds);
    lines.push(`| ${protocol} | ${seeds} | ${now.map((c) => `${c.from}..${c.from + c.seeds - 1}`).join(', ') || '-'} | ${failures.length === 0 ? '0' : `${failures.length}: ${failures.join('; ')}`} | ${now.reduce((t, c) => t + c.nondeterminism, 0)} | ${perJob} | ${[...anomalies].map(([n, k]) => `${n} (${k})`).join(', ') || '-'} | ${old} |`);
  }
  lines.push(`seeds/min/job are as recorded (each record keeps its load average; this machine has ${availableParallelism()} cores); "older code" = campaigns whose run files (sim/, the protocol, the modules the fuzz runner imports) have changed since`);
  return lines;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [cmd, ...rest] = process.argv.slice(2);
  if (cmd === 'record') record(rest);
  else if (cmd === 'restamp') restamp();
  else for (const l of benchCleanCampaigns()) console.log(l);
}

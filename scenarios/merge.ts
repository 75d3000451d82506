// Combining fuzz shard results: seed coverage (each seed of the range exactly once), totals and every failure.
import { readInputFile } from './input-file.ts';
import { resultsSchema, type FuzzResults } from './fuzz-results.ts';
import { InputError, fieldError } from './errors.ts';
import { zodError } from './zod-errors.ts';
import { parseJsonText } from './load.ts';
import type { CampaignCoverage } from '../reports/index.ts';
import { AnomalyTally, type AnomalyCount } from './anomaly-tally.ts';

export interface MergedResults {
  readonly protocol: string;
  readonly bugs: readonly string[];
  readonly from: number;
  readonly seeds: number;
  readonly files: number;
  readonly seedsRun: number;
  /** Seeds of the range no shard ran (shards missing or stopped early). */
  readonly missing: readonly number[];
  /** Seeds more than one shard ran. */
  readonly duplicated: readonly number[];
  /** Seeds outside the range. */
  readonly outside: readonly number[];
  readonly counts: FuzzResults['counts'];
  readonly failures: FuzzResults['failures'];
  readonly elapsedMs: number;
  readonly seedsPerMinute: number;
  readonly codeVersions: readonly string[];
  /** Coverage keys (union) and marks (lowest first seed, summed counts) over the shards; null if one has none. */
  readonly marks: CampaignCoverage | null;
  /** Design-permitted anomalies over the shards (lowest first seed, summed seeds and sightings); null if a shard has none. */
  readonly anomalies: readonly AnomalyCount[] | null;
}

export function readResults(path: string): FuzzResults {
  const raw = parseJsonText(path, readInputFile(path, 'results file'));
  const r = resultsSchema.safeParse(raw);
  if (!r.success) {
    throw zodError(path, r.error.issues, raw, ' (this is not valid `fuzz --json` output)');
  }
  return r.data;
}

const MISSING_LISTED_MAX = 20;

export function mergeResults(files: readonly { path: string; results: FuzzResults }[]): MergedResults {
  if (files.length === 0) throw new InputError('merge: give at least one results file (from fuzz --json)');
  const first = files[0]!.results;
  for (const { path, results } of files) {
    if (results.protocol !== first.protocol) throw fieldError(path, ['protocol'], `"${first.protocol}" like ${files[0]!.path}`, results.protocol);
    if (results.from !== first.from || results.seeds !== first.seeds) throw fieldError(path, ['from'], `the same range as ${files[0]!.path} (from ${first.from}, ${first.seeds} seeds)`, `from ${results.from}, ${results.seeds} seeds`);
    if (results.bugs.join(',') !== first.bugs.join(',')) throw fieldError(path, ['bugs'], `the same bug flags as ${files[0]!.path}`, results.bugs);
  }
  const times = new Map<number, number>();
  for (const { results } of files) for (const s of results.seedsRun) times.set(s, (times.get(s) ?? 0) + 1);
  const end = first.from + first.seeds;
  const missing: number[] = [];
  for (let s = first.from; s < end; s++) if (!times.has(s)) missing.push(s);
  const duplicated = [...times].filter(([, n]) => n > 1).map(([s]) => s).sort((a, b) => a - b);
  const outside = [...times.keys()].filter((s) => s < first.from || s >= end).sort((a, b) => a - b);
  const counts = { pass: 0, violation: 0, liveness: 0, crash: 0, nondeterminism: 0 };
  for (const { results } of files) for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] += results.counts[k];
  const seedsRun = [...times.values()].reduce((a, b) => a + b, 0);
  const elapsedMs = Math.max(...files.map((f) => f.results.elapsedMs));
  return {
    protocol: first.protocol, bugs: first.bugs, from: first.from, seeds: first.seeds, files: files.length, seedsRun, missing, duplicated, outside, counts,
    failures: files.flatMap((f) => f.results.failures).sort((a, b) => a.seed - b.seed),
    elapsedMs, seedsPerMinute: files.reduce((a, f) => a + f.results.seedsPerMinute, 0),
    codeVersions: [...new Set(files.map((f) => f.results.codeVersion))].sort(),
    marks: mergeMarks(files.map((f) => f.results.coverage)),
    anomalies: mergeAnomalies(files.map((f) => f.results.anomalies)),
  };
}

/** The shards' anomaly tallies combined, or null when a shard's results predate them (the union would be unknown). */
function mergeAnomalies(tallies: readonly FuzzResults['anomalies'][]): AnomalyCount[] | null {
  if (tallies.some((t) => t === undefined)) return null;
  const all = new AnomalyTally();
  for (const t of tallies) all.merge(t!);
  return all.result();
}

function mergeMarks(covs: readonly FuzzResults['coverage'][]): CampaignCoverage | null {
  if (covs.some((c) => c === undefined)) return null;
  const all = covs as NonNullable<FuzzResults['coverage']>[];
  const keys = new Set(all.flatMap((c) => c.keys ?? []));
  const marks = all[0]!.marks.map((m) => {
    const same = all.map((c) => c.marks.find((x) => x.name === m.name));
    const firsts = same.map((x) => x?.firstSeed ?? null).filter((x): x is number => x !== null);
    return { name: m.name, description: m.description, firstSeed: firsts.length === 0 ? null : Math.min(...firsts), count: same.reduce((t, x) => t + (x?.count ?? 0), 0) };
  });
  // Without every shard's key list the union is unknown: the largest shard count is a lower bound.
  const keyCount = all.every((c) => c.keys !== undefined) ? keys.size : Math.max(...all.map((c) => c.keyCount));
  return { seeds: all.reduce((t, c) => t + c.seeds, 0), keyCount, marks };
}

export function coverageLine(m: MergedResults): string {
  const list = (xs: readonly number[]): string => `${xs.slice(0, MISSING_LISTED_MAX).join(', ')}${xs.length > MISSING_LISTED_MAX ? ', ...' : ''}`;
  if (m.missing.length === 0 && m.duplicated.length === 0 && m.outside.length === 0) return `coverage: every seed of ${m.from}..${m.from + m.seeds - 1} ran exactly once`;
  return [
    'coverage: INCOMPLETE',
    ...(m.missing.length > 0 ? [`  ${m.missing.length} seeds not run: ${list(m.missing)}`] : []),
    ...(m.duplicated.length > 0 ? [`  ${m.duplicated.length} seeds run more than once: ${list(m.duplicated)}`] : []),
    ...(m.outside.length > 0 ? [`  ${m.outside.length} seeds outside the range: ${list(m.outside)}`] : []),
  ].join('\n');
}

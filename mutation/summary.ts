// The runner's summary of one protocol's mutants: every survivor (named by the registry or not), Stryker's score, the
// score excluding the named equivalents, and the registry rows that matched nothing (stale).
import type { RegistryEntry } from './equivalent.ts';
import { matchRegistry, registryPath } from './equivalent.ts';
import type { Mutant, Tally } from './report.ts';
import { isSurvivor, scoreExcluding, strykerScore, tally } from './report.ts';

export interface Summary { tally: Tally; score: number; named: number; scoreExcluding: number; lines: string[] }

const show = (m: Mutant): string => `${m.file}:${m.line} ${m.mutator} → ${JSON.stringify(m.replacement)}${m.span === undefined ? '' : ` (replaces ${JSON.stringify(m.span)})`}`;

/** The summary as data and as the lines printed (pure, for the unit test). */
export function summarise(protocol: string, mutants: readonly Mutant[], entries: readonly RegistryEntry[], label: string): Summary {
  const t = tally(mutants);
  const { matched, unnamed, stale } = matchRegistry(mutants.filter(isSurvivor), entries);
  const score = strykerScore(t);
  const excl = scoreExcluding(t, matched.length);
  const lines: string[] = [];
  // Each unnamed survivor with its place and replacement: the list a survivor table (real slip / equivalent) is written from.
  for (const m of unnamed) lines.push(`survived ${show(m)}`);
  for (const { mutant, entry } of matched) lines.push(`named    ${show(mutant)}  [${entry.verdict}: ${entry.reason}] (${entry.where})`);
  for (const e of stale) lines.push(`stale    ${e.where}: ${e.file} ${e.mutator} → ${JSON.stringify(e.replacement)}${e.span === undefined ? '' : ` (replaces ${JSON.stringify(e.span)})`} on "${e.text}" matched no survivor`);
  lines.push(`${protocol.padEnd(11)} mutation score ${score.toFixed(1)}% at ${label}  (killed ${t.killed}, timeout ${t.timeout}, survived ${t.survived}, no coverage ${t.noCoverage}, errors ${t.errors})`);
  lines.push(`${protocol.padEnd(11)} excluding ${matched.length} named equivalents (${registryPath(protocol)}): ${excl.toFixed(1)}%  (${t.killed + t.timeout} of ${t.valid - matched.length})`);
  return { tally: t, score, named: matched.length, scoreExcluding: excl, lines };
}

export function printSummary(protocol: string, mutants: readonly Mutant[], entries: readonly RegistryEntry[], label: string): void {
  for (const l of summarise(protocol, mutants, entries, label).lines) console.log(l);
}

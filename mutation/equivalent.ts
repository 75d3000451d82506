// The equivalent-mutant registry, mutation/equivalent/<protocol>.tsv: survivors judged equivalent, cosmetic or
// observation-only, each with its reason, matched against a run's survivors so the summary can name them.
import { existsSync, readFileSync } from 'node:fs';
import type { Mutant, MutantKey } from './report.ts';
import { normalise, sameKey } from './report.ts';

export const VERDICTS = ['equivalent', 'cosmetic', 'observation'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** One row: the mutant's key, the verdict, a reason a reader can check, and where the row is (for stale reports). */
export interface RegistryEntry extends MutantKey { verdict: Verdict; reason: string; where: string }

export const registryPath = (protocol: string): string => `mutation/equivalent/${protocol}.tsv`;

/**
 * Rows are tab-separated: file path, the mutated line's trimmed source text, Stryker mutatorName, replacement
 * (whitespace runs read as one space), verdict, reason, and optionally a seventh field, the span: the source text the
 * mutant replaces, for a line with several mutants of one mutator and replacement (report.ts MutantKey); a six-field
 * row names them all. Blank lines and lines starting with `#` are skipped. A malformed row is an error naming the file
 * and line: a silently dropped row would count its mutant as a real survivor.
 */
export function parseRegistry(text: string, source: string): RegistryEntry[] {
  const out: RegistryEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const where = `${source}:${i + 1}`;
    if (raw.trim() === '' || raw.startsWith('#')) return;
    const cols = raw.split('\t');
    if (cols.length !== 6 && cols.length !== 7) throw new Error(`${where}: expected 6 or 7 tab-separated fields (file, line text, mutator, replacement, verdict, reason[, span]), got ${cols.length}`);
    const [file, lineText, mutator, replacement, verdict, reason, span] = cols as [string, string, string, string, string, string, string | undefined];
    if (!(VERDICTS as readonly string[]).includes(verdict)) throw new Error(`${where}: verdict "${verdict}" is not one of ${VERDICTS.join(', ')}`);
    if (file.trim() === '' || lineText.trim() === '' || mutator.trim() === '' || reason.trim() === '') throw new Error(`${where}: file, line text, mutator and reason must not be empty`);
    if (span !== undefined && span.trim() === '') throw new Error(`${where}: the span (seventh field) must not be empty; leave the field out to name every span`);
    out.push({ file: file.trim(), text: lineText.trim(), mutator: mutator.trim(), replacement: normalise(replacement), ...(span === undefined ? {} : { span: normalise(span) }), verdict: verdict as Verdict, reason: reason.trim(), where });
  });
  return out;
}

/** The protocol's registry, or none when the file does not exist. */
export function loadRegistry(protocol: string): RegistryEntry[] {
  const p = registryPath(protocol);
  return existsSync(p) ? parseRegistry(readFileSync(p, 'utf8'), p) : [];
}

export interface Matching {
  /** Survivors a registry row names, with the row. */
  matched: { mutant: Mutant; entry: RegistryEntry }[];
  /** Survivors no row names: real slips until judged. */
  unnamed: Mutant[];
  /** Rows that named no survivor of this run: the line changed, the mutant is now killed, or it was not sampled. */
  stale: RegistryEntry[];
}

/** Matches survivors to rows by file + trimmed line text + mutator + replacement (never by line number). */
export function matchRegistry(survivors: readonly Mutant[], entries: readonly RegistryEntry[]): Matching {
  const used = new Set<RegistryEntry>();
  const matched: Matching['matched'] = [];
  const unnamed: Mutant[] = [];
  for (const mutant of survivors) {
    const entry = entries.find((e) => sameKey(e, mutant));
    if (entry === undefined) { unnamed.push(mutant); continue; }
    used.add(entry);
    matched.push({ mutant, entry });
  }
  return { matched, unnamed, stale: entries.filter((e) => !used.has(e)) };
}

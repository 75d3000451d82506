// The prefix method: seeds 1..40 are a prefix of 1..2000, so a mutant killed at 40 seeds is killed at 2,000. Only the
// survivors of an earlier report need the longer campaign: this plans that re-run and combines the two results.
import type { RegistryEntry } from './equivalent.ts';
import { matchRegistry } from './equivalent.ts';
import type { Mutant, StrykerReport } from './report.ts';
import { isSurvivor, mutantsOf, sameKey } from './report.ts';

export interface RerunPlan {
  /** Stryker `mutate` entries (`path:line-line`): every line holding a survivor to re-run, at today's line number. */
  specs: string[];
  /** The survivors re-run, at today's line numbers. */
  rerun: Mutant[];
  /** Survivors the registry names (equivalent, cosmetic, observation): not re-run, they survive any seed count. */
  named: { mutant: Mutant; entry: RegistryEntry }[];
  /** Survivors whose line text is no longer in the file: cannot be re-run, stay survivors. */
  gone: Mutant[];
}

/** Today's line holding `text`, nearest the old line number (lines move, their text rarely changes); null when none. */
export function relocate(current: string, text: string, oldLine: number): number | null {
  let best: number | null = null;
  current.split('\n').forEach((l, i) => {
    if (l.trim() === text && (best === null || Math.abs(i + 1 - oldLine) < Math.abs(best - oldLine))) best = i + 1;
  });
  return best;
}

/**
 * The survivors of `report` to run again, minus the named ones. `readCurrent(file)` gives today's text of a file (null
 * if it is gone). Stryker mutates whole lines here, so a line's other mutants (killed before) run too: they die at the
 * same seed as before and are ignored by `combine`.
 */
export function planRerun(report: StrykerReport, entries: readonly RegistryEntry[], readCurrent: (file: string) => string | null): RerunPlan {
  const { matched, unnamed } = matchRegistry(mutantsOf(report).filter(isSurvivor), entries);
  const rerun: Mutant[] = [];
  const gone: Mutant[] = [];
  for (const m of unnamed) {
    const current = readCurrent(m.file);
    const line = current === null ? null : relocate(current, m.text, m.line);
    if (line === null) gone.push(m); else rerun.push({ ...m, line });
  }
  const specs = [...new Set(rerun.map((m) => `${m.file}:${m.line}-${m.line}`))];
  return { specs, rerun, named: matched, gone };
}

/**
 * The earlier report's mutants with each re-run survivor's status replaced by its status in the re-run (matched by
 * key); mutants not re-run keep their earlier status. A re-run survivor missing from the re-run report stays a survivor.
 */
export function combine(previous: StrykerReport, rerun: readonly Mutant[], rerunReport: StrykerReport): Mutant[] {
  const fresh = mutantsOf(rerunReport);
  const taken = new Set<Mutant>();
  return mutantsOf(previous).map((m) => {
    if (!isSurvivor(m) || !rerun.some((r) => sameKey(r, m))) return m;
    const again = fresh.find((f) => !taken.has(f) && sameKey(f, m));
    if (again === undefined) return m;
    taken.add(again);
    return { ...m, status: again.status };
  });
}

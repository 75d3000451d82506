// "Sometimes" marks and coverage keys in reports: a campaign's tally (first seed and count per mark, the never
// reached named) as terminal lines and JUnit cases, and one run's reached marks as a summary line.
import type { RunCoverage } from '../sim/index.ts';
import type { JunitCase } from './junit.ts';

export interface MarkTally {
  readonly name: string;
  readonly description: string;
  /** The lowest seed whose run reached the mark, or null when none did. */
  readonly firstSeed: number | null;
  /** How many seeds reached it. */
  readonly count: number;
}

export interface CampaignCoverage {
  /** Seeds whose coverage was collected. */
  readonly seeds: number;
  /** Distinct coverage keys over all those seeds. */
  readonly keyCount: number;
  /** Every mark the protocol declares, in its declared order. */
  readonly marks: readonly MarkTally[];
  /** The distinct keys themselves, sorted (so shards' results can be merged exactly). */
  readonly keys?: readonly string[];
}

export const neverReached = (c: CampaignCoverage): readonly string[] => c.marks.filter((m) => m.count === 0).map((m) => m.name);

/** Terminal lines: keys, reached marks with first seed and count, and the never-reached marks by name. */
export function campaignCoverageLines(c: CampaignCoverage): string[] {
  const reached = c.marks.filter((m) => m.count > 0);
  const never = neverReached(c);
  const lines = [`coverage: ${c.keyCount} distinct keys over ${c.seeds} seeds; marks reached ${reached.length}/${c.marks.length}`];
  for (const m of reached) lines.push(`  reached ${m.name}: first seed ${m.firstSeed}, ${m.count} seed${m.count === 1 ? '' : 's'}`);
  if (never.length > 0) lines.push(`  NEVER REACHED: ${never.join(', ')}`);
  return lines;
}

/** One JUnit case per mark (classname replisim.marks.<protocol>): reached ones pass, never-reached ones are skipped. */
export function markJunitCases(c: CampaignCoverage, protocol: string, bugs: readonly string[]): JunitCase[] {
  return c.marks.map((m) => ({
    name: `mark ${m.name}`,
    classname: `replisim.marks.${protocol}`,
    result: { protocol, seed: m.firstSeed ?? 0, bugs, verdict: 'pass', violation: null },
    properties: { firstSeed: m.firstSeed === null ? 'never' : String(m.firstSeed), count: String(m.count), description: m.description },
    ...(m.count === 0 ? { skipped: `never reached in ${c.seeds} seeds: ${m.description}` } : {}),
  }));
}

/** One run's marks for its summary: the reached ones with the event, then the never-reached ones. */
export function runMarksLine(cov: RunCoverage): string {
  const names = Object.keys(cov.marks);
  const hit = names.filter((n) => cov.marks[n] !== null).map((n) => `${n} (event ${cov.marks[n]!.eventIndex})`);
  const miss = names.filter((n) => cov.marks[n] === null);
  return `${cov.keys.length} keys; ${hit.length}/${names.length} marks reached${hit.length > 0 ? `: ${hit.join(', ')}` : ''}${miss.length > 0 ? `; not reached: ${miss.join(', ')}` : ''}`;
}

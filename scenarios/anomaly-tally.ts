// A campaign's design-permitted anomalies (ctx.anomaly: real hazards of the real system, never failures): per name, the
// lowest seed that showed it, how many seeds did, and how many sightings in all. Order-independent (min and sums), so a
// campaign's tally never depends on --jobs or timing, and shards' tallies merge exactly.
export interface AnomalyCount {
  readonly name: string;
  readonly firstSeed: number;
  /** Seeds in which it was reported at least once. */
  readonly seeds: number;
  /** Reports over all seeds. */
  readonly sightings: number;
}

export class AnomalyTally {
  private readonly byName = new Map<string, { firstSeed: number; seeds: number; sightings: number }>();

  /** Adds one seed's anomaly counts (RunResult.anomalies). */
  add(seed: number, anomalies: Readonly<Record<string, number>>): void {
    this.merge(Object.entries(anomalies).filter(([, n]) => n > 0).map(([name, n]) => ({ name, firstSeed: seed, seeds: 1, sightings: n })));
  }

  /** Adds a whole campaign's (or shard's) tally. */
  merge(counts: readonly AnomalyCount[]): void {
    for (const c of counts) {
      const t = this.byName.get(c.name);
      this.byName.set(c.name, t === undefined ? { ...c } : { firstSeed: Math.min(t.firstSeed, c.firstSeed), seeds: t.seeds + c.seeds, sightings: t.sightings + c.sightings });
    }
  }

  result(): AnomalyCount[] {
    return [...this.byName].map(([name, t]) => ({ name, ...t })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/** Terminal lines for a campaign summary (none when nothing was reported). */
export function anomalyLines(counts: readonly AnomalyCount[], seeds: number): string[] {
  if (counts.length === 0) return [];
  return [`permitted anomalies (hazards of the real design, not failures) in ${seeds} seeds:`,
    ...counts.map((c) => `  ${c.name}: ${c.seeds} seed${c.seeds === 1 ? '' : 's'} (first seed ${c.firstSeed}), ${c.sightings} sighting${c.sightings === 1 ? '' : 's'}`)];
}

// A campaign's coverage: the union of its seeds' coverage keys and, per "sometimes" mark, the lowest seed that
// reached it and how many did. Order-independent (min and counts), so it never depends on --jobs or timing.
import type { ProtocolModule, RunCoverage } from '../sim/index.ts';
import type { CampaignCoverage } from '../reports/index.ts';
import { reachedMarks } from './seed-report.ts';

export class CoverageTally {
  private readonly keys = new Set<string>();
  private readonly first = new Map<string, number>();
  private readonly counts = new Map<string, number>();
  private seeds = 0;

  constructor(private readonly protocol: ProtocolModule) {}

  /** Adds one seed's coverage; returns how many of its keys were new to the campaign. */
  add(seed: number, cov: RunCoverage | null): number {
    return cov === null ? 0 : this.addReached(seed, cov.keys, reachedMarks(cov.marks));
  }

  /**
   * Adds one seed's coverage as keys (all of its keys, or at least those not added before: a PassReport's newKeys) and
   * the names of the marks it reached; returns how many of the keys were new to the campaign.
   */
  addReached(seed: number, keys: readonly string[], marks: readonly string[]): number {
    this.seeds++;
    let fresh = 0;
    for (const k of keys) if (!this.keys.has(k)) { this.keys.add(k); fresh++; }
    for (const name of marks) {
      this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
      const f = this.first.get(name);
      if (f === undefined || seed < f) this.first.set(name, seed);
    }
    return fresh;
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  get keyCount(): number {
    return this.keys.size;
  }

  result(): CampaignCoverage {
    return {
      seeds: this.seeds, keyCount: this.keys.size, keys: [...this.keys].sort(),
      marks: (this.protocol.marks ?? []).map((m) => ({ name: m.name, description: m.description, firstSeed: this.first.get(m.name) ?? null, count: this.counts.get(m.name) ?? 0 })),
    };
  }
}

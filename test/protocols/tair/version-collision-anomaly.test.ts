// The checker-side anomaly version-collision (probes.ts tairAnomalyProbes, sim/anomaly-probes.ts) counts collisions
// no node can see: on seed 860606 cs0's peer-up 11 meets ds1's 11 from cs1's lineage, and no configserver takes it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';

const run = (name: string) => runScenario(loadScenarioFile(join(import.meta.dirname, `../../../scenarios/tair/${name}.json`)));

describe('tair anomaly version-collision (checker-side, any holder)', () => {
  it('seed 860606: counted although only a dataserver holds the other table', () => {
    const out = run('regress-860606-peer-up-unbuilt-collision');
    expect(out.result.verdict).toBe('pass');
    expect(out.result.anomalies['version-collision'] ?? 0).toBeGreaterThan(0);
    // No configserver took the other table: the node-side count could not have seen it.
    expect(out.result.anomalies['cs-takes-colliding-table']).toBeUndefined();
    const recs = out.result.trace.filter((t) => t.kind === 'anomaly' && t.detail.startsWith('version-collision:'));
    expect(recs.length).toBe(out.result.anomalies['version-collision']);
    expect(recs.every((t) => t.node === null)).toBe(true);
    expect(recs[0]!.detail).toMatch(/^version-collision: cs0 and ds\d hold different tables at version 11$/);
  });

  it('is 0 in a run without a collision (master-crash-return: probe no-version-collision always holds)', () => {
    const out = run('master-crash-return');
    expect(out.isPassed).toBe(true);
    expect(out.result.anomalies['version-collision']).toBeUndefined();
  });

  it('a configserver taking the other table also reports cs-takes-colliding-table (version-collision-after-restart)', () => {
    const out = run('version-collision-after-restart');
    expect(out.isPassed).toBe(true);
    expect(out.result.anomalies['cs-takes-colliding-table'] ?? 0).toBeGreaterThan(0);
    expect(out.result.anomalies['version-collision'] ?? 0).toBeGreaterThan(0);
  });
});

// Row S25: the version steps of a migration on the `ds-crash` schedule, against group_info.cpp@5cce166. The model's
// table version is Tair's server_version (what dataservers hold and mig-finish is checked against, L2161-2165): it
// moves once, +1 in check_migrate_complete when nothing is left to migrate (L2245-2246), never per finished bucket
// (set_migrating_hashtable L2423-2460 moves client_version and transition_version only). The per-bucket switch of
// hash_table and those two counters are the row's admitted deviation; this test pins what the model does instead.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';
import type { NodeId, View } from '../../../sim/index.ts';
import type { TairState } from '../../../protocols/tair/state.ts';
import { isMaster } from '../../../protocols/tair/state.ts';
import { migratingBuckets } from '../../../protocols/tair/table.ts';

const file = join(import.meta.dirname, '../../../scenarios/tair/ds-crash.json');

interface Sample { readonly atUs: number; readonly version: number; readonly moving: number; readonly reported: number; readonly dsVersions: readonly number[] }

function samples(): { passed: boolean; trail: Sample[] } {
  const trail: Sample[] = [];
  const onEvent = (_i: number, _r: unknown, v: View<unknown>): void => {
    const view = v as View<TairState>;
    const cs0 = view.node('cs0' as NodeId).state;
    if (cs0?.kind !== 'configserver' || !isMaster(cs0, 'cs0')) return;
    const dsVersions = view.nodes.flatMap((n) => (n.isUp && n.state?.kind === 'dataserver' && n.state.table !== null ? [n.state.table.version] : []));
    const s: Sample = { atUs: view.nowUs, version: cs0.table.version, moving: migratingBuckets(cs0.table).length, reported: cs0.table.migrated.length, dsVersions };
    const last = trail[trail.length - 1];
    if (last === undefined || last.version !== s.version || last.moving !== s.moving || last.reported !== s.reported || last.dsVersions.join() !== s.dsVersions.join()) trail.push(s);
  };
  const o = runScenario(loadScenarioFile(file), { run: { onEvent } });
  return { passed: o.isPassed, trail };
}

describe('tair S25: check_migrate_complete steps the server version once per migration', () => {
  const { passed, trail } = samples();
  const start = trail.findIndex((s) => s.moving > 0);
  const end = trail.findIndex((s, i) => i > start && s.moving === 0);

  it('the scenario passes and has one migration that starts and completes', () => {
    expect(passed).toBe(true);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
  });

  it('while buckets move, finish reports are taken at the build version and the version does not move', () => {
    const built = trail[start]!.version;
    const during = trail.slice(start, end);
    expect(new Set(during.map((s) => s.version))).toEqual(new Set([built]));
    expect(Math.max(...during.map((s) => s.reported))).toBeGreaterThan(0);
    // No dataserver ever holds a version between the build and the completion.
    for (const s of during) for (const v of s.dsVersions) expect(v).toBeLessThanOrEqual(built);
  });

  it('completion is one inc_version(+1) of the build version, and the dataservers take exactly that', () => {
    const built = trail[start]!.version;
    expect(trail[end]!.version).toBe(built + 1);
    const after = trail.slice(end).find((s) => s.version === built + 1 && s.dsVersions.length > 0 && s.dsVersions.every((v) => v === built + 1));
    expect(after).toBeDefined();
  });
});

// Row S25: the version steps of a migration on the `ds-crash` schedule, against group_info.cpp@5cce166. Each finished
// bucket switches at once (set_migrating_hashtable L2423-2460: hash := dest for it, client_version + 1,
// transition_version + 1 with the min_config_version floor); the server version (what dataservers take full tables
// by and mig-finish is checked against, L2161-2165) moves once, +1 in check_migrate_complete (L2245-2248), which also
// steps client_version and resets the transition version. Dataservers and clients learn switched buckets before then.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';
import type { NodeId, View } from '../../../sim/index.ts';
import type { TairState } from '../../../protocols/tair/state.ts';
import { isMaster } from '../../../protocols/tair/state.ts';
import { migratingBuckets } from '../../../protocols/tair/table.ts';

const file = join(import.meta.dirname, '../../../scenarios/tair/ds-crash.json');
const MIN_CONFIG_VERSION = 10;

interface Sample {
  readonly version: number; readonly client: number; readonly transition: number; readonly moving: number;
  /** Dataservers' (server version, transition version) and clients' client versions. */
  readonly ds: readonly string[]; readonly clients: readonly number[];
}

function samples(): { passed: boolean; trail: Sample[] } {
  const trail: Sample[] = [];
  const onEvent = (_i: number, _r: unknown, v: View<unknown>): void => {
    const view = v as View<TairState>;
    const cs0 = view.node('cs0' as NodeId).state;
    if (cs0?.kind !== 'configserver' || !isMaster(cs0, 'cs0')) return;
    const up = view.nodes.filter((n) => n.isUp);
    const ds = up.flatMap((n) => (n.state?.kind === 'dataserver' && n.state.table !== null ? [`${n.state.table.version}.${n.state.table.transitionVersion}`] : []));
    const clients = up.flatMap((n) => (n.state?.kind === 'client' && n.state.table !== null ? [n.state.table.clientVersion] : []));
    const t = cs0.table;
    const s: Sample = { version: t.version, client: t.clientVersion, transition: t.transitionVersion, moving: migratingBuckets(t).length, ds, clients };
    const last = trail[trail.length - 1];
    if (last === undefined || JSON.stringify(last) !== JSON.stringify(s)) trail.push(s);
  };
  const o = runScenario(loadScenarioFile(file), { run: { onEvent } });
  return { passed: o.isPassed, trail };
}

describe('tair S25: per-bucket switch (client/transition versions), one server version step per migration', () => {
  const { passed, trail } = samples();
  const start = trail.findIndex((s) => s.moving > 0);
  const end = trail.findIndex((s, i) => i > start && s.moving === 0 && s.transition === 0);
  const first = trail[start]!;

  it('the scenario passes and has one migration that starts and completes', () => {
    expect(passed).toBe(true);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    expect(first.transition).toBe(0);
  });

  it('each switched bucket steps the client and transition versions by one; the server version stays', () => {
    const during = trail.slice(start, end);
    for (const s of during) {
      const switched = first.moving - s.moving;
      expect(s.version).toBe(first.version);
      expect(s.client).toBe(first.client + switched);
      expect(s.transition).toBe(switched === 0 ? 0 : MIN_CONFIG_VERSION - 1 + switched);
    }
    // Every bucket switched before completion: the last sample before it has nothing moving.
    expect(during[during.length - 1]!.moving).toBe(0);
  });

  it('dataservers take switched buckets by the transition version before completion', () => {
    const during = trail.slice(start, end);
    expect(during.some((s) => s.ds.some((d) => d.startsWith(`${first.version}.`) && !d.endsWith('.0')))).toBe(true);
  });

  it('completion: server and client versions + 1, transition 0, and every dataserver takes it', () => {
    const done = trail[end]!;
    expect(done.version).toBe(first.version + 1);
    expect(done.client).toBe(first.client + first.moving + 1);
    const after = trail.slice(end).find((s) => s.version === done.version && s.ds.length > 0 && s.ds.every((d) => d === `${done.version}.0`));
    expect(after).toBeDefined();
    // Clients go by the client version (this schedule has no traffic: they learn it at the idle refresh).
    expect(trail.slice(end).some((s) => s.client === done.client && s.clients.length > 0 && s.clients.every((c) => c === done.client))).toBe(true);
  });
});

// Issue 16 row S29: the seed's permanent start-up dual master (isStartupProbeStatusKept, the default) is the permitted
// anomaly dual-master-at-startup; liveness accepts exactly that cs1, and a dual master of any other kind still fails.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';
import { oneMaster } from '../../../protocols/tair/liveness.ts';
import { tairProbes } from '../../../protocols/tair/probes.ts';
import { onLoop } from '../../../protocols/tair/cs-loop.ts';
import { defaultTairOptions } from '../../../protocols/tair/options.ts';
import type { CsState } from '../../../protocols/tair/state.ts';
import { fakeCtx, readyCs } from './cs-fixture.ts';
import { viewOf } from './view-fixture.ts';

const scenario = (name: string) => loadScenarioFile(join(import.meta.dirname, `../../../scenarios/tair/${name}.json`));
const unmet = (o: ReturnType<typeof runScenario>): string => o.expectations.filter((e) => !e.isMet).map((e) => `${e.text} (${e.detail})`).join('; ');

const cs0 = readyCs('cs0', 0);
const cs1Master: CsState = { ...readyCs('cs1', 0), masterId: 'cs1' };

describe('tair S29: the kept start-up dual master', () => {
  it('is the default: the dual master lasts to the end, reported, and the run passes (seeds 1..3)', () => {
    expect(defaultTairOptions.isStartupProbeStatusKept).toBe(true);
    const s = scenario('dual-master-at-startup');
    for (let seed = 1; seed <= 3; seed++) {
      const out = runScenario(s, { seed });
      expect(out.isPassed, `seed ${seed}: ${unmet(out)}`).toBe(true);
      expect(out.result.anomalies['dual-master-at-startup'] ?? 0).toBeGreaterThanOrEqual(1);
    }
  });

  it('isStartupProbeStatusKept false fixes it: the same schedule ends with cs0 the sole master', () => {
    const out = runScenario(scenario('dual-master-at-startup-demoted'));
    expect(out.isPassed, unmet(out)).toBe(true);
  });

  it('one-master accepts exactly a cs1 that is still the start-up dual master', () => {
    expect(oneMaster.check(viewOf({ cs0, cs1: { ...cs1Master, isStartupDualMaster: true } }))).toBeNull();
    expect(tairProbes['startup-dual-master-kept']!.check(viewOf({ cs0, cs1: { ...cs1Master, isStartupDualMaster: true } }), defaultTairOptions)).toBeNull();
    // A dual master of any other kind (a partition's take-over that never demotes) still fails.
    expect(oneMaster.check(viewOf({ cs0, cs1: cs1Master }))).toBe('cs1 is still master');
    // The excuse is for cs1 only: cs0 must still be master.
    expect(oneMaster.check(viewOf({ cs0: { ...cs0, masterId: 'cs1' }, cs1: { ...cs1Master, isStartupDualMaster: true } }))).toMatch(/cs0 is not master/);
  });

  it('the excuse ends when a DOWN-then-UP of cs0 demotes cs1', () => {
    // cs1, start-up dual master, had marked cs0 DOWN (it crashed); cs0's fresh heartbeat is an UP transition.
    const before: CsState = { ...cs1Master, isStartupDualMaster: true, peer: { status: 'down', lastTimeUs: 9_900_000 } };
    const after = onLoop(before, 'cs1', fakeCtx(10_000_000, true), defaultTairOptions, new Set());
    expect([after.masterId, after.isStartupDualMaster]).toEqual(['cs0', false]);
  });

  it('single-master-when-connected still fires on a dual master that is not the start-up one (tair/cs0-demotes)', () => {
    const out = runScenario(scenario('cs0-demotes-connected-dual-master'));
    expect(out.result.violation?.name).toBe('single-master-when-connected');
  });
});

// Crash-point catalogs and aimed fuzz plans: what a recording run lists, how plans draw triggered steps from it, the fuzz
// down budget, perturbed options, and failure files with triggered steps that replay (and shrink) from the file alone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AIMED_KINDS, drawFaultPlan, drawPerturbedOptions, recordCatalog, seconds } from '../../sim/index.ts';
import type { ProtocolModule } from '../../sim/index.ts';
import { registerProtocol, type RegOptions, type RegState } from '../support/register.ts';
import { fuzzRunConfig, runFuzzSeed } from '../../scenarios/fuzz-run.ts';
import { fuzzSeedScenario } from '../../scenarios/plan-to-scenario.ts';
import { readFailureFile, writeFailureFile } from '../../scenarios/failure-file.ts';
import { validateScenario } from '../../scenarios/load.ts';
import { runScenario } from '../../scenarios/scenario.ts';
import { shrinkScenario } from '../../scenarios/shrink.ts';
import { addTestProtocols } from '../../scenarios/registry.ts';

addTestProtocols([registerProtocol]);
const BUG = 'register/ack-before-fsync';

describe('crash-point catalog', () => {
  const writes = [100, 400, 700].map((ms, i) => ({ atUs: ms * 1000, target: 'primary', client: 0, op: { type: 'write', value: i } }));
  const protocol: ProtocolModule<RegState> = { ...registerProtocol, workload: { ...registerProtocol.workload!, generate: () => writes } };
  const c = recordCatalog({ protocol, seed: 1, options: {}, bugs: [], faultPhaseUs: seconds(1) });

  it('lists every persistence op per node and file with the role the node held', () => {
    expect(c.disk).toContainEqual({ node: 'n1', roles: ['primary'], op: 'append', file: 'log', count: 3 });
    expect(c.disk).toContainEqual({ node: 'n1', roles: ['primary'], op: 'fsync', file: 'log', count: 3 });
    // The version-0 catch-up a backup gets at connect time is not newer, so backups log only the three writes.
    expect(c.disk).toContainEqual({ node: 'n2', roles: ['backups'], op: 'append', file: 'log', count: 3 });
    expect(c.disk.every((p) => p.file === 'log')).toBe(true);
  });

  it('lists message types sent and received per node and role, and role entries', () => {
    // One catch-up replicate per backup at connect time, then one per write per backup.
    expect(c.sent).toContainEqual(expect.objectContaining({ node: 'n1', roles: ['primary'], type: 'replicate', count: 8 }));
    expect(c.received).toContainEqual(expect.objectContaining({ node: 'n3', roles: ['backups'], type: 'replicate', count: 4 }));
    expect(c.received).toContainEqual(expect.objectContaining({ node: 'n1', roles: ['primary'], type: 'ack', count: 8 }));
    // Messages also carry the largest payload they had (bytes of their JSON), for the aimed kinds' payload weighting.
    expect(c.sent.every((p) => p.bytes !== undefined && p.bytes > 10)).toBe(true);
    expect(c.roleEntries).toEqual([
      { role: 'primary', node: 'n1', count: 1 }, { role: 'backups', node: 'n2', count: 1 }, { role: 'backups', node: 'n3', count: 1 },
    ]);
  });
});

describe('crash-point catalog under timed faults', () => {
  const writes = [100, 400, 700].map((ms, i) => ({ atUs: ms * 1000, target: 'primary', client: 0, op: { type: 'write', value: i } }));
  const protocol: ProtocolModule<RegState> = { ...registerProtocol, workload: { ...registerProtocol.workload!, generate: () => writes } };
  const faults = [{ atUs: 300_000, kind: 'crash' as const, target: 'n3', mode: 'process' as const, forUs: 200_000 }];
  const c = recordCatalog({ protocol, seed: 1, options: {}, bugs: [], faultPhaseUs: seconds(1), faults });

  it('records under the seed\'s timed faults, listing when each point was seen after the first fault', () => {
    const log = c.disk.find((p) => p.node === 'n1' && p.op === 'append' && p.file === 'log')!;
    // Writes after the crash at 300 ms are late; the one at 100 ms is not.
    expect(log.lateUs?.length).toBeGreaterThan(0);
    expect(log.lateUs!.length).toBe(log.count - 1);
    expect(log.lateUs!.every((t) => t >= 300_000)).toBe(true);
    const noFaults = recordCatalog({ protocol, seed: 1, options: {}, bugs: [], faultPhaseUs: seconds(1) });
    expect(noFaults.disk.some((p) => p.lateUs !== undefined)).toBe(false);
  });
});

describe('aimed fuzz plans', () => {
  const seeds = Array.from({ length: 8 }, (_, i) => i + 1);

  it('add one to three triggered steps from the catalog beside the unchanged timed plan', () => {
    for (const seed of seeds) {
      const { plan } = fuzzRunConfig({ protocol: registerProtocol, seed });
      const timed = drawFaultPlan(seed, registerProtocol.nodes(registerProtocol.defaultOptions), registerProtocol.faultBudget);
      expect(plan.steps.slice(0, timed.steps.length)).toEqual(timed.steps);
      const aimed = plan.steps.slice(timed.steps.length);
      expect(aimed.every((s) => s.when !== undefined)).toBe(true);
      expect(aimed.filter((s) => s.kind !== 'heal').length).toBeGreaterThanOrEqual(1);
      expect(aimed.filter((s) => s.kind === 'crash').length).toBeLessThanOrEqual(3);
      expect(plan.kinds.filter((k) => (AIMED_KINDS as readonly string[]).includes(k)).length).toBeGreaterThanOrEqual(1);
    }
  });

  it('are a pure function of the seed, and --faults timed draws none', () => {
    expect(fuzzRunConfig({ protocol: registerProtocol, seed: 5 }).plan).toEqual(fuzzRunConfig({ protocol: registerProtocol, seed: 5 }).plan);
    expect(fuzzRunConfig({ protocol: registerProtocol, seed: 5, faults: 'timed' }).plan.steps.some((s) => s.when)).toBe(false);
  });

  it('never take more nodes down at once than the protocol\'s budget', () => {
    for (const seed of seeds) {
      let most = 0;
      runFuzzSeed({ protocol: registerProtocol, seed, run: { onEvent: (_i, _r, view) => {
        if (view.phase === 'faults') most = Math.max(most, view.nodes.filter((n) => !n.isUp || n.isPaused).length);
      } } });
      expect(most, `seed ${seed}`).toBeLessThanOrEqual(registerProtocol.faultBudget.maxDownNodes);
    }
  });
});

describe('perturbed options', () => {
  const perturbed: ProtocolModule<RegState, never, RegOptions> = {
    ...(registerProtocol as unknown as ProtocolModule<RegState, never, RegOptions>),
    faultBudget: { ...registerProtocol.faultBudget, fuzzOptions: { reconnectDelayUs: 200_000 }, perturb: { pingIntervalUs: { min: 20_000, max: 40_000 }, reconnectDelayUs: { oneOf: [50_000, 900_000] } } },
  };

  it('draws each declared option within its range about half the time, per seed, merged over fuzzOptions', () => {
    const draws = Array.from({ length: 40 }, (_, i) => drawPerturbedOptions(i + 1, perturbed.faultBudget.perturb));
    const pings = draws.map((d) => d['pingIntervalUs']).filter((v) => v !== undefined) as number[];
    expect(pings.length).toBeGreaterThan(10);
    expect(pings.length).toBeLessThan(30);
    expect(pings.every((v) => Number.isInteger(v) && v >= 20_000 && v <= 40_000)).toBe(true);
    expect(new Set(draws.map((d) => d['reconnectDelayUs']))).toEqual(new Set([undefined, 50_000, 900_000]));
    expect(drawPerturbedOptions(7, perturbed.faultBudget.perturb)).toEqual(drawPerturbedOptions(7, perturbed.faultBudget.perturb));
    const seed = draws.findIndex((d) => d['pingIntervalUs'] !== undefined) + 1;
    const r = runFuzzSeed({ protocol: perturbed, seed });
    expect(r.options['pingIntervalUs']).toBe(draws[seed - 1]!['pingIntervalUs']);
    expect(r.fuzzOptions['reconnectDelayUs']).toBe(draws[seed - 1]!['reconnectDelayUs'] ?? 200_000);
    expect(runFuzzSeed({ protocol: perturbed, seed, faults: 'timed' }).options['pingIntervalUs']).toBe(registerProtocol.defaultOptions.pingIntervalUs);
  });
});

describe('failure files with triggered steps', () => {
  const dir = mkdtempSync(join(tmpdir(), 'replisim-aimed-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replay from the file alone to the same trace hash, and shrink can drop triggered steps', () => {
    let seed = 1;
    let r = runFuzzSeed({ protocol: registerProtocol, seed, bugs: [BUG] });
    const isAimedFailure = () => r.verdict !== 'pass' && r.plan.steps.some((s) => s.when) && r.untriggered.length < r.plan.steps.filter((s) => s.when).length;
    // The first such seed is 94 on the sixth 2026-12-05 session's draw (mute burst, burst split, durable chain beside
    // the older kinds); it was below 40 before them.
    while (!isAimedFailure() && seed < 120) r = runFuzzSeed({ protocol: registerProtocol, seed: ++seed, bugs: [BUG] });
    expect(isAimedFailure(), 'an aimed seed below 120 fails').toBe(true);
    const path = writeFailureFile({
      origin: 'fuzz', source: `fuzz seed ${seed}`, protocol: 'register', seed, bugs: [BUG],
      scenario: fuzzSeedScenario({ protocol: 'register', seed, bugs: [BUG], steps: r.plan.steps, kinds: r.plan.kinds, faultPhaseUs: registerProtocol.faultBudget.fuzzFaultPhaseUs, options: r.fuzzOptions, downBudget: r.downBudget }),
      verdict: r.verdict, violation: r.violation && { name: r.violation.name, message: r.violation.message, eventIndex: r.violation.eventIndex },
      traceHash: r.traceHash, exitCode: 1,
    }, dir);
    const f = readFailureFile(path);
    const replay = runScenario(validateScenario(path, f.scenario)).result;
    expect([replay.verdict, replay.traceHash]).toEqual([r.verdict, r.traceHash]);
    const shrunk = shrinkScenario(f.scenario, registerProtocol, { verdict: r.verdict, name: r.violation!.name }, { runsMax: 300, timeBudgetMs: 60_000 });
    expect(shrunk.after.steps).toBeLessThan(shrunk.before.steps);
    const again = runScenario(validateScenario('shrunk', shrunk.scenario)).result;
    expect([again.verdict, again.violation?.name]).toEqual([r.verdict, r.violation!.name]);
  });
});

// Row S2: a nameserver that boots with the VIP spends initialize() uninitialized, asking its peer's role
// (establish_peer_role_, nameserver.cpp@0365c90 L150-174); only the heart, keepalives, DS heartbeats and block
// reports are served meanwhile; a MASTER answer stops it at start-up. Each case records ns1's status over time
// (and the client history: refused while uninitialized).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario, validateScenario } from '../../../scenarios/scenario.ts';
import { readFileSync } from 'node:fs';
import type { NodeId, View } from '../../../sim/index.ts';
import { asNs } from '../../../protocols/tfs/state.ts';

const dir = join(import.meta.dirname, '../../../scenarios/tfs');
type Loaded = ReturnType<typeof loadScenarioFile>;

const unmet = (o: ReturnType<typeof runScenario>): string =>
  `${o.result.verdict} ${o.result.violation?.name ?? ''}: ${o.expectations.filter((e) => !e.isMet).map((e) => `${e.text} (${e.detail})`).join('; ')}`;

/** Run and return when ns1 left 'uninitialized' and which client answers it gave before. */
function watchNs1(s: Loaded): { outcome: ReturnType<typeof runScenario>; statusAt0: string; initializedAtUs: number | null; dsConnsInInit: number } {
  let statusAt0 = '';
  let initializedAtUs: number | null = null;
  let dsConnsInInit = 0;
  const onEvent = (_i: number, _r: unknown, view: View<unknown>): void => {
    const ns1 = asNs(view.node('ns1' as NodeId).state as never);
    if (ns1 === undefined) return;
    if (statusAt0 === '') statusAt0 = ns1.status;
    if (ns1.status === 'uninitialized') dsConnsInInit = Math.max(dsConnsInInit, Object.keys(ns1.dsConns).length);
    if (initializedAtUs === null && ns1.status === 'initialized') initializedAtUs = view.nowUs;
  };
  const outcome = runScenario(s, { run: { onEvent } });
  return { outcome, statusAt0, initializedAtUs, dsConnsInInit };
}

describe('tfs S2: the UNINITIALIZE phase of initialize()', () => {
  const file = join(dir, 'master-crash.json');
  const base = loadScenarioFile(file);
  /** master-crash's options with other steps (raw JSON, validated as a scenario file). */
  const variant = (steps: unknown[]): Loaded =>
    validateScenario('variant', { ...JSON.parse(readFileSync(file, 'utf8')), steps, expect: [{ verdict: 'pass' }] });

  it('a VIP holder boots uninitialized and is INITIALIZED once its peer answers SLAVE (one round trip)', () => {
    const { outcome, statusAt0, initializedAtUs } = watchNs1(variant([]));
    expect(outcome.isPassed, unmet(outcome)).toBe(true);
    expect(statusAt0).toBe('uninitialized');
    expect(initializedAtUs).not.toBeNull();
    expect(initializedAtUs!).toBeGreaterThan(0);
    expect(initializedAtUs!).toBeLessThan(Number(base.options?.['keepaliveTimeoutUs']));
  });

  it('with the peer down it waits keepaliveTriesMax x keepaliveTimeoutUs, then becomes master anyway', () => {
    const { outcome, initializedAtUs, dsConnsInInit } = watchNs1(variant([{ at: '0s', kind: 'crash', target: 'ns2', mode: 'machine', for: '2s' }]));
    expect(outcome.isPassed, unmet(outcome)).toBe(true);
    const timeoutUs = Number(base.options?.['keepaliveTimeoutUs']);
    expect(initializedAtUs).toBe(2 * timeoutUs);
    // Meanwhile DS heartbeats are taken (the DSs register), client requests are refused; afterwards they succeed.
    expect(dsConnsInInit).toBeGreaterThan(0);
    const answered = outcome.result.history.filter((h) => h.returnUs !== null);
    const early = answered.filter((h) => h.returnUs! < 2 * timeoutUs);
    expect(early.length).toBeGreaterThan(0);
    expect(early.every((h) => (h.result as { ok: boolean; error?: string }).error === 'EXIT_ROLE_ERROR')).toBe(true);
    expect(answered.some((h) => h.returnUs! > 2 * timeoutUs && (h.result as { ok: boolean }).ok)).toBe(true);
  });

  it('a restart with the VIP while the peer still answers MASTER stops at start-up (startup-role-conflict)', () => {
    const o = runScenario(loadScenarioFile(join(dir, 'startup-role-conflict.json')));
    expect(o.isPassed, unmet(o)).toBe(true);
  });
});

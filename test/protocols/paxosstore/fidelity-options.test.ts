// Issue 16's last PaxosStore rows as options (P7 isPreAuthEnabled, P8 writeRejectLeaseUs, S27 getAllRspQueueMax +
// getAllRspServiceUs): each scenario reaches its probe only because of its option (the scenario files themselves run in
// scenarios.test.ts; clean fuzz seeds with each option forced on: fuzz-options.test.ts, in the long suite).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';
import { valueOwner } from '../../../protocols/paxosstore/record.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';

const dir = join(import.meta.dirname, '../../../scenarios/paxosstore');

const CASES = [
  { file: 'pre-auth', probe: 'pre-auth-chosen', off: { isPreAuthEnabled: false } },
  { file: 'write-reject-lease', probe: 'lease-rejected', off: { writeRejectLeaseUs: 0 } },
  { file: 'getall-rsp-queue-full', probe: 'getall-rsp-requeued', off: { getAllRspQueueMax: 0, getAllRspServiceUs: 0 } },
] as const;

describe('paxosstore: 2017 / real-queue behaviours behind named options', () => {
  for (const c of CASES) {
    it(`${c.file}: the probe ${c.probe} holds with the option and never without it (the default)`, () => {
      const s = loadScenarioFile(join(dir, `${c.file}.json`));
      const probeMet = (options: Record<string, unknown>): boolean => {
        const o = runScenario({ ...s, options: { ...s.options, ...options } });
        expect(o.result.verdict).toBe('pass');
        return o.expectations.find((e) => e.text.includes(c.probe))!.isMet;
      };
      expect(probeMet({})).toBe(true);
      expect(probeMet(c.off)).toBe(false);
    });
  }

  it('the pre-auth scenario: a1 proposed at number 1 once its own value was chosen; a2 (no pre-auth) prepared above n', () => {
    const o = runScenario(loadScenarioFile(join(dir, 'pre-auth.json')));
    const a1 = o.result.finalStates['a1'] as NodeState;
    expect(a1.preAuthProposals).toBeGreaterThan(0);
    const entries = a1.entities['e0']!.entries;
    const byA2 = Object.values(entries).map((e) => e.records[0]!).filter((r) => r.isChosen && r.value !== null && valueOwner(r.value.id) === 1);
    expect(byA2.length).toBe(1);
    expect(byA2[0]!.accepted).toBeGreaterThan(3);
  });
});

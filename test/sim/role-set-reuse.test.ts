// Role-entry triggers compare each role's members with the last changed event's (sim/triggers.ts matchAfterEvent); a
// member list equal to the last one reuses its set instead of building a Map and a Set per changed event. The runs of
// aimed fuzz seeds (whose plans wait on role entries) must equal, hash, verdict and untriggered steps, the plain runs
// that build every set afresh (setRoleSetReuse(false)), for every protocol, with a bug flag too.
import { afterEach, describe, expect, it } from 'vitest';
import { ms, runSimulation, seconds } from '../../sim/index.ts';
import type { NodeId, ProtocolModule, RunResult, ScheduledOp } from '../../sim/index.ts';
import { registerProtocol, type RegState } from '../support/register.ts';
import { setRoleSetReuse } from '../../sim/triggers.ts';
import { fuzzRunConfig } from '../../scenarios/fuzz-run.ts';
import { findProtocol } from '../../scenarios/registry.ts';

afterEach(() => setRoleSetReuse(true));

describe('role sets reused by role-entry triggers', () => {
  for (const name of ['zab', 'tair', 'tfs', 'paxosstore']) {
    it(`${name}: reused sets give the runs fresh sets give`, () => {
      const protocol = findProtocol(name)!;
      // Seeds whose aimed plans have role-entry steps that fire, in every protocol (found by running seeds 1-40).
      const runs: [number, readonly string[]][] = [[18, []], [30, []], [33, []], [36, []]];
      if (protocol.bugs.length > 0) runs.push([33, [protocol.bugs[0]!.id]]);
      let fired = 0;
      for (const [seed, bugs] of runs) {
        const { config } = fuzzRunConfig({ protocol, seed, bugs });
        setRoleSetReuse(true);
        const reused = runSimulation(config);
        setRoleSetReuse(false);
        const fresh = runSimulation(config);
        const outcome = (r: typeof reused): object => ({ traceHash: r.traceHash, verdict: r.verdict, violation: r.violation, events: r.events, untriggered: r.untriggered });
        expect(outcome(reused), `${name} seed ${seed} ${bugs.join()}`).toEqual(outcome(fresh));
        const roleSteps = (config.faults ?? []).filter((s) => s.when !== undefined && 'role' in s.when);
        fired += roleSteps.filter((s) => !reused.untriggered.includes(s)).length;
      }
      // Some role-entry steps fired (runs whose role triggers never fire would agree whatever the sets).
      expect(fired).toBeGreaterThan(0);
    });
  }
});

// A role handed from one node to another in one event: the member list keeps its length, so only comparing the ids
// finds the entry.
const handOver: ProtocolModule<RegState> = { ...registerProtocol, roles: (view) => ({ ...registerProtocol.roles(view, registerProtocol.defaultOptions), leader: [(view.nowUs < ms(600) ? 'n1' : 'n2') as NodeId] }) };
const writes: ScheduledOp[] = [100, 400, 700, 1000].map((atMs, i) => ({ atUs: ms(atMs), target: 'primary', client: 0, op: { type: 'write', value: i + 1 } }));

describe('role sets: a hand-over', () => {
  it('a node entering a role in the event another leaves it fires the trigger, reused or fresh', () => {
    const run = (): RunResult => runSimulation({
      protocol: handOver, seed: 5, faultPhaseUs: seconds(2), skipLiveness: true, traceFull: true, workload: writes,
      faults: [{ atUs: ms(300), kind: 'pause', target: 'trigger', forUs: ms(5), when: { role: 'leader' } }],
    });
    const reused = run();
    setRoleSetReuse(false);
    const fresh = run();
    const pauses = reused.trace.filter((t) => t.kind === 'fault' && t.detail.startsWith('pause n2'));
    expect(pauses).toHaveLength(1);
    expect(pauses[0]!.atUs).toBeGreaterThanOrEqual(ms(600));
    expect(reused.traceHash).toBe(fresh.traceHash);
  });
});

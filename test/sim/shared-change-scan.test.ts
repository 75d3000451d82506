// The invariant checks, the anomaly watcher and coverage share one change tracker in a run (sim/node-change.ts lookAt:
// one scan of the nodes per changed event, not three). Exact only because the three look after the same events: the
// run each seed gives must equal, hash, verdict, coverage and anomalies, the plain run where each keeps its own tracker
// (setChangeScanSharing(false)), along aimed fuzz seeds of every protocol, scoped checks, and with bug flags on.
import { afterEach, describe, expect, it } from 'vitest';
import { runSimulation } from '../../sim/index.ts';
import type { RunResult } from '../../sim/index.ts';
import { setChangeScanSharing } from '../../sim/run.ts';
import { fuzzRunConfig } from '../../scenarios/fuzz-run.ts';
import { findProtocol } from '../../scenarios/registry.ts';

function outcome(r: RunResult): object {
  return { traceHash: r.traceHash, verdict: r.verdict, violation: r.violation, events: r.events, coverage: r.coverage, anomalies: r.anomalies, untriggered: r.untriggered };
}

afterEach(() => setChangeScanSharing(true));

describe('shared change scan', () => {
  for (const name of ['zab', 'tair', 'tfs', 'paxosstore']) {
    it(`${name}: one tracker for checks, anomalies and coverage gives the runs a tracker each gives`, () => {
      const protocol = findProtocol(name)!;
      const runs: [number, readonly string[]][] = [[3, []], [101, []], [7001, []], [7002, []]];
      for (const [i, b] of protocol.bugs.slice(0, 3).entries()) runs.push([11 + i, [b.id]]);
      let keys = 0;
      for (const [seed, bugs] of runs) {
        const { config } = fuzzRunConfig({ protocol, seed, bugs });
        const scoped = { ...config, invariantChecks: 'scoped' as const };
        setChangeScanSharing(true);
        const shared = runSimulation(scoped);
        setChangeScanSharing(false);
        const plain = runSimulation(scoped);
        expect(outcome(shared), `${name} seed ${seed} ${bugs.join()}`).toEqual(outcome(plain));
        keys += shared.coverage?.keys.length ?? 0;
      }
      expect(keys).toBeGreaterThan(0);
    });
  }
});

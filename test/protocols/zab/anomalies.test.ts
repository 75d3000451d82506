// The design-permitted anomalies the clean protocol reports are reached by fuzz seeds, which still pass.
import { describe, expect, it } from 'vitest';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { zabProtocol } from '../../../protocols/zab/index.ts';

describe('zab: permitted anomalies happen and do not fail the run', () => {
  it.each([
    [119, 'timed', 'zk-4394-commit-before-uptodate'],
    // Aimed seeds on the eleventh session's final perturbation (isUpdatingEpochMarked and tickTime/syncLimit drawn,
    // options.ts ZAB_PERTURB), which moved every aimed seed's options again (1480812 and 111 before; 28 and 43 before
    // the ninth session's observers and port scanners): the first follower-ahead-of-leader and the first
    // sync-read-from-deposed-leader of the clean campaign over seeds 1..2,000 (`fuzz --from 1 --seeds 2000 --json`).
    [328, 'aimed', 'follower-ahead-of-leader'],
    [43, 'aimed', 'sync-read-from-deposed-leader'],
    // 3.8's epoch crash window (FIDELITY S4, eleventh session): the first of 28 seeds in 1..2,000 (default fuzz).
    [107, 'aimed', 'epoch-crash-window-unbootable'],
  ] as const)('fuzz seed %i (%s faults) reports %s and passes', (seed, faults, anomaly) => {
    const r = runFuzzSeed({ protocol: zabProtocol, seed, faults });
    expect(r.anomalies[anomaly] ?? 0).toBeGreaterThan(0);
    expect(r.verdict).toBe('pass');
  });
});

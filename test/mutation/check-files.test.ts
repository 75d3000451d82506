// The files left out of mutation samples as checks: every naming the protocols use for a check file.
import { describe, expect, it } from 'vitest';
import { isCheckFile } from '../../mutation/check-files.ts';

describe('mutation: check files', () => {
  it('matches each naming of a check file', () => {
    for (const f of ['invariants.ts', 'invariants-load.ts', 'lease-invariant.ts', 'invariant-records.ts', 'liveness.ts', 'liveness-tail.ts', 'probes.ts', 'sequential-model.ts', 'ds-disk-check.ts', 'vip-lost-count-check.ts', 'keepalive-refusal.ts', 'redundant-probes.ts', 'report-probes.ts', 'probes-fidelity.ts']) {
      expect(isCheckFile(f), f).toBe(true);
    }
  });
  it('leaves protocol code in the sample', () => {
    for (const f of ['ns-role.ts', 'cs-handlers.ts', 'paxos.ts', 'learner-sync.ts', 'checker.ts', 'check-empty.ts', 'probe-uuid.ts']) expect(isCheckFile(f), f).toBe(false);
  });
});

// committed-durable-on-quorum after a SNAP: a learner crashed mid-SNAP still holds its fsynced log (no false alarm),
// and the invariant still fires on a real loss of durability (the two bug flags it exists for).
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario } from '../../../scenarios/scenario.ts';

describe('zab: committed-durable-on-quorum across a SNAP sync', () => {
  it('no alarm when a learner crashes after receiving SNAP, before its new snapshot is durable (durability swarm seed 77)', () => {
    const o = runScenario(loadScenario('zab/snap-crash-before-snapshot-write'));
    // The aimed crash (after snapshot.tmp is written, before its fsync) must have fired, or the scenario proves nothing.
    expect(o.result.untriggered).toEqual([]);
    expect(o.result.violation).toBeNull();
    expect(o.result.verdict).toBe('pass');
  });

  for (const name of ['zab/bug-ack-before-fsync', 'zab/bug-commit-without-quorum']) {
    it(`still fires on a true violation (${name})`, () => {
      const o = runScenario(loadScenario(name));
      expect(o.result.violation?.name).toBe('committed-durable-on-quorum');
    });
  }
});

// committed-durable-on-quorum's excuse acked-history-from-page-cache (page-cache-excuse.ts): excused and counted only
// for a copy read back from the page cache after a process crash and lost in a machine crash; neighbours still fail.
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario } from '../../../scenarios/scenario.ts';
import type { LoadedScenario } from '../../../scenarios/scenario.ts';

const base = (): LoadedScenario => loadScenario('zab/acked-history-from-page-cache');

describe('zab: acked-history-from-page-cache (fuzz seed 1670067)', () => {
  it('a learner ACKs NEWLEADER with txns read back from the page cache, then loses them in a machine crash: counted, not a violation', () => {
    const o = runScenario(base());
    expect(o.result.untriggered).toEqual([]);
    expect(o.result.violation).toBeNull();
    expect(o.result.anomalies['acked-history-from-page-cache']).toBe(1);
  });

  it('the same plan with the first crash a machine crash (no page-cache read-back) has no excuse to give', () => {
    const s = base();
    const steps = s.steps.map((st) => ('when' in st && st.when !== undefined && 'disk' in st.when && st.kind === 'crash' ? { ...st, mode: 'machine' as const, unsynced: 'lost' as const } : st));
    const o = runScenario({ ...s, steps, expect: [] });
    expect(o.result.anomalies['acked-history-from-page-cache'] ?? 0).toBe(0);
  });

  for (const name of ['zab/bug-ack-before-fsync', 'zab/bug-commit-without-quorum']) {
    it(`a copy lost by another path still fails (${name})`, () => {
      const o = runScenario(loadScenario(name));
      expect(o.result.violation?.name).toBe('committed-durable-on-quorum');
      expect(o.result.anomalies['acked-history-from-page-cache'] ?? 0).toBe(0);
    });
  }
});

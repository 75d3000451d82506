// P6 (issue 16): Certain's PlogWorker group-commits PLog records (max_plog_batch_size 20: option plogBatchMax, default
// 20); a batch never exceeds the option, and plogBatchMax 0 (every record written and fsync'd on its own, the model
// before) never batches. The scenario's other expectations (pass, linearizable, all caught up) hold either way.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';
import { DEFAULT_OPTIONS } from '../../../protocols/paxosstore/options.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';

const file = join(import.meta.dirname, '../../../scenarios/paxosstore/plog-group-commit.json');
const unmet = (o: ReturnType<typeof runScenario>): string => o.expectations.filter((e) => !e.isMet).map((e) => `${e.text}: ${e.detail}`).join('; ');

describe('paxosstore: PLog group commit (plog-group-commit)', () => {
  it('the default is Certain\'s max_plog_batch_size, 20', () => {
    expect(DEFAULT_OPTIONS.plogBatchMax).toBe(20);
  });

  it('batches of several records, none above plogBatchMax, on seeds 1..5 and with a batch cap of 2', () => {
    const s = loadScenarioFile(file);
    for (const [seed, max] of [[1, 20], [2, 20], [3, 20], [4, 20], [5, 20], [1, 2]] as const) {
      const o = runScenario({ ...s, options: { ...s.options, plogBatchMax: max } }, { seed });
      expect(o.isPassed, `seed ${seed} max ${max}: ${unmet(o)}`).toBe(true);
      const states = Object.values(o.result.finalStates as Record<string, NodeState>);
      expect(Math.max(...states.map((st) => st.plogWriter.maxBatch))).toBeLessThanOrEqual(max);
    }
  });

  it('plogBatchMax 0 writes every record on its own: no batch, the run still passes', () => {
    const s = loadScenarioFile(file);
    const o = runScenario({ ...s, options: { ...s.options, plogBatchMax: 0 }, expect: [{ verdict: 'pass' }, { probe: 'plog-group-commit', never: true }, { probe: 'all-caught-up', atEnd: true }] });
    expect(o.isPassed, unmet(o)).toBe(true);
  });
});

// P9 (issue 16): an OpLogSyncMessage that reaches a master goes to transfer_log_msg_, whose retry loop at @0365c90
// never sends (ret starts as TFS_SUCCESS) and nothing answers: the message is dropped and the sender's send_log_
// times out, re-sends (dropped again) and gives the batch up after its three tries.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';
import { asNs } from '../../../protocols/tfs/state.ts';
import type { TfsState } from '../../../protocols/tfs/state.ts';
import type { View } from '../../../sim/index.ts';

const file = join(import.meta.dirname, '../../../scenarios/tfs/oplog-sync-reaches-new-master.json');

/** Runs the scenario and returns, per nameserver, the most oplog batches it dropped as master. */
function dropsOf(s: ReturnType<typeof loadScenarioFile>): { outcome: ReturnType<typeof runScenario>; drops: Record<string, number> } {
  const drops: Record<string, number> = { ns1: 0, ns2: 0 };
  const outcome = runScenario(s, {
    run: {
      onEvent: (_i, _recs, view) => {
        for (const n of (view as View<TfsState>).nodes) {
          const ns = asNs(n.state);
          if (ns !== undefined) drops[n.id] = Math.max(drops[n.id] ?? 0, ns.oplogSyncDroppedAsMaster);
        }
      },
    },
  });
  return { outcome, drops };
}

describe('tfs P9: an oplog batch that reaches a master is dropped (oplog-sync-reaches-new-master)', () => {
  const s = loadScenarioFile(file);

  it('every try of the held batch reaches ns2 as master and is dropped; ns1 gives the batch up', () => {
    const { outcome, drops } = dropsOf(s);
    expect(outcome.isPassed, outcome.expectations.filter((e) => !e.isMet).map((e) => e.text).join('; ')).toBe(true);
    // send_log_'s three tries (oplogSendTriesMax): the first and second were held by the clog, the third went straight.
    expect(drops).toEqual({ ns1: 0, ns2: 3 });
    expect(outcome.result.anomalies['oplog-batch-given-up']).toBe(1);
  });

  it('holds on seeds 1..10 (a client op every ~30 ms keeps a batch in flight when the clog starts)', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const o = runScenario({ ...s, seed });
      expect(o.isPassed, `seed ${seed}: ${o.expectations.filter((e) => !e.isMet).map((e) => e.text).join('; ')}`).toBe(true);
    }
  });

  it('without the clog, ns1 answers MASTER in time: ns2 exits on the role conflict and no batch reaches a master', () => {
    const steps = s.steps.filter((st) => st.kind !== 'clog');
    const { outcome, drops } = dropsOf({ ...s, steps, expect: [{ verdict: 'pass' }] });
    expect(outcome.result.verdict).toBe('pass');
    expect(drops).toEqual({ ns1: 0, ns2: 0 });
    expect(outcome.result.anomalies['role-conflict-exit'] ?? 0).toBeGreaterThanOrEqual(1);
    expect(outcome.result.anomalies['oplog-batch-given-up'] ?? 0).toBe(0);
  });
});

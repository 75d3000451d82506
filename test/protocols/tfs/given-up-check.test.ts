// given-up-within-acked: one oplog judged (0 <= givenUpCount <= ackedCount); the clean give-up scenario passes it; the
// mutation survivor ns-oplog.ts:80 (`inflight.endSeqno - o.ackedCount` → `+`, planted here as its arithmetic on the
// give-up step) fails it, while every other check passes the run (the inflated count only loosens acked-records-applied).
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../sim/index.ts';
import type { Actor, Ctx, Input, ProtocolModule } from '../../../sim/index.ts';
import { tfsProtocol } from '../../../protocols/tfs/index.ts';
import type { TfsMsg, TfsOptions, TfsState } from '../../../protocols/tfs/index.ts';
import type { MasterOplog } from '../../../protocols/tfs/state.ts';
import { givenUpProblem } from '../../../protocols/tfs/given-up-check.ts';
import { loadScenario } from '../../../scenarios/scenario.ts';
import { scenarioRunConfig } from '../../../scenarios/to-run-config.ts';

type P = ProtocolModule<TfsState, TfsMsg, TfsOptions>;

/** The survivor planted: a give-up adds endSeqno + ackedCount instead of endSeqno - ackedCount (2 x ackedCount more). */
function inflatesGiveUp(withCheck: boolean): P {
  const real = tfsProtocol.actor;
  const handle = (s: TfsState, input: Input<TfsMsg>, ctx: Ctx<TfsMsg>, o: TfsOptions, b: ReadonlySet<string>): TfsState => {
    const next = real.handle(s, input, ctx, o, b);
    if (s.kind !== 'ns' || next.kind !== 'ns' || s.oplog === null || next.oplog === null) return next;
    if (next.oplog.leaseKey !== s.oplog.leaseKey || next.oplog.givenUpCount <= s.oplog.givenUpCount) return next;
    return { ...next, oplog: { ...next.oplog, givenUpCount: next.oplog.givenUpCount + 2 * s.oplog.ackedCount } };
  };
  const actor: Actor<TfsState, TfsMsg, TfsOptions> = { boot: real.boot, handle };
  const invariants = withCheck ? tfsProtocol.invariants : tfsProtocol.invariants.filter((x) => x.name !== 'given-up-within-acked');
  return { ...tfsProtocol, actor, invariants };
}

const oplog = (ackedCount: number, givenUpCount: number): MasterOplog => ({ leaseKey: 'k1', ackedCount, givenUpCount } as unknown as MasterOplog);

/** oplog-send-gives-up: a clog right after a flush, three tries, one batch given up after earlier batches were acked. */
const run = (protocol: P, seed: number) => {
  const s = loadScenario('tfs/oplog-send-gives-up');
  return runSimulation(scenarioRunConfig({ ...s, seed }, protocol as unknown as ProtocolModule));
};

describe('tfs: given-up-within-acked', () => {
  it('judges one oplog: given up within moved past passes; more than moved past, or below 0, fails', () => {
    expect(givenUpProblem('ns1', oplog(0, 0))).toBeNull();
    expect(givenUpProblem('ns1', oplog(12, 12))).toBeNull();
    expect(givenUpProblem('ns1', oplog(12, 4))).toBeNull();
    expect(givenUpProblem('ns1', oplog(12, 13))).toMatch(/ns1's oplog \(lease k1\) counts 13 records given up but has moved past only 12/);
    expect(givenUpProblem('ns1', oplog(3, -1))).toMatch(/counts -1 records given up/);
  });

  it('holds on the clean give-up scenario (seeds 1..3), where a batch is given up', () => {
    for (let seed = 1; seed <= 3; seed++) {
      const r = run(tfsProtocol, seed);
      expect(r.anomalies['oplog-batch-given-up'], `seed ${seed}`).toBeGreaterThanOrEqual(1);
      expect(r.verdict, `seed ${seed}: ${r.violation?.message}`).toBe('pass');
    }
  });

  it('sees the planted survivor; without the check the same run passes every other check', () => {
    const r = run(inflatesGiveUp(true), 1);
    expect(r.violation?.name).toBe('given-up-within-acked');
    expect(run(inflatesGiveUp(false), 1).verdict).toBe('pass');
  });
});

// vip-lost-count-kept: one step judged (the count and the time kept while the VIP stays away); clean runs pass it; the
// mutation survivor ns-role.ts:52 onVipNews `if (isLocal === s.isVipLocal) return s` → `if (false)` (every repeated
// ping without the VIP restarts the time and the count) passes every other check and fails it.
import { describe, expect, it } from 'vitest';
import { runSimulation, seconds } from '../../../sim/index.ts';
import type { Actor, Ctx, FaultStep, Input, ProtocolModule } from '../../../sim/index.ts';
import { FAST_OPTIONS, tfsProtocol } from '../../../protocols/tfs/index.ts';
import type { NsState, TfsMsg, TfsOptions, TfsState } from '../../../protocols/tfs/index.ts';
import { vipLostCountProblem } from '../../../protocols/tfs/vip-lost-count-check.ts';

type P = ProtocolModule<TfsState, TfsMsg, TfsOptions>;

/** The survivor planted: an ha-ping that leaves a nameserver without the VIP it already lacked restarts both fields. */
function restartsOnRepeat(withCheck: boolean): P {
  const real = tfsProtocol.actor;
  const handle = (s: TfsState, input: Input<TfsMsg>, ctx: Ctx<TfsMsg>, o: TfsOptions, b: ReadonlySet<string>): TfsState => {
    const next = real.handle(s, input, ctx, o, b);
    if (s.kind !== 'ns' || next.kind !== 'ns' || input.type !== 'message' || input.msg.type !== 'ha-ping') return next;
    if (s.isVipLocal || next.isVipLocal || input.msg.holder === s.self) return next;
    return { ...next, vipLostAtUs: ctx.nowUs, checksSinceVipLost: 0 };
  };
  const actor: Actor<TfsState, TfsMsg, TfsOptions> = { boot: real.boot, handle };
  const invariants = withCheck ? tfsProtocol.invariants : tfsProtocol.invariants.filter((x) => x.name !== 'vip-lost-count-kept');
  return { ...tfsProtocol, actor, invariants };
}

/** The master's machine down for 3 s: the VIP moves to ns2, and ns1 comes back without it. */
const MASTER_DOWN: FaultStep[] = [{ atUs: seconds(4), kind: 'crash', target: 'ns1', mode: 'machine', forUs: seconds(3) }];

const run = (protocol: P, seed: number, faults: readonly FaultStep[] = []) =>
  runSimulation({ protocol, seed, options: FAST_OPTIONS, faultPhaseUs: seconds(12), faults });

const ns = (isVipLocal: boolean, vipLostAtUs: number | null, checksSinceVipLost: number): NsState =>
  ({ kind: 'ns', isVipLocal, vipLostAtUs, checksSinceVipLost } as unknown as NsState);

describe('tfs: vip-lost-count-kept', () => {
  it('judges one step: kept or grown passes; moved time or a lower count without the VIP fails; a VIP change passes', () => {
    expect(vipLostCountProblem('ns2', ns(false, 5, 1), ns(false, 5, 2))).toBeNull();
    expect(vipLostCountProblem('ns2', ns(false, 5, 2), ns(false, 9, 0))).toMatch(/ns2 still without the VIP moved the time it lost it from 5 to 9/);
    expect(vipLostCountProblem('ns2', ns(false, 5, 2), ns(false, 5, 0))).toMatch(/counted its check_ passes since back from 2 to 0/);
    expect(vipLostCountProblem('ns2', ns(true, null, 0), ns(false, 9, 0))).toBeNull();
    expect(vipLostCountProblem('ns2', ns(false, 5, 3), ns(true, null, 3))).toBeNull();
  });

  it('holds on clean runs, with and without a failover', () => {
    for (const [seed, faults] of [[1, []], [2, MASTER_DOWN]] as const) {
      const r = run(tfsProtocol, seed, faults);
      expect(r.verdict, `seed ${seed}: ${r.violation?.message}`).toBe('pass');
    }
  });

  it('a nameserver restarting the count at every ping without the VIP passes every other check and fails vip-lost-count-kept', () => {
    expect(run(restartsOnRepeat(false), 1).verdict).toBe('pass');
    const r = run(restartsOnRepeat(true), 1);
    expect(r.verdict).toBe('violation');
    expect(r.violation?.name).toBe('vip-lost-count-kept');
  });
});

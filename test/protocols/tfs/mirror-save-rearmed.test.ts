// tair-save-rearmed: clean runs pass it; the mutation survivor ns-role.ts onTairSave `setTimer('tair-save', …)` →
// `setTimer("", …)` (the master saves once, then holds a timer that never saves again) passes every other check and
// fails it.
import { describe, expect, it } from 'vitest';
import { runSimulation, seconds } from '../../../sim/index.ts';
import type { Actor, Ctx, FaultStep, Input, ProtocolModule } from '../../../sim/index.ts';
import { FAST_OPTIONS, tfsProtocol } from '../../../protocols/tfs/index.ts';
import type { TfsMsg, TfsOptions, TfsState } from '../../../protocols/tfs/index.ts';

type P = ProtocolModule<TfsState, TfsMsg, TfsOptions>;

/** The survivor planted: a tair-save timer's handler arms its successor under the name "" (ignored by onTimer). */
function renamedSave(withCheck: boolean): P {
  const real = tfsProtocol.actor;
  const handle = (s: TfsState, input: Input<TfsMsg>, ctx: Ctx<TfsMsg>, o: TfsOptions, b: ReadonlySet<string>): TfsState => {
    if (s.kind !== 'ns' || input.type !== 'timer' || input.name !== 'tair-save') return real.handle(s, input, ctx, o, b);
    const c = Object.create(ctx) as Ctx<TfsMsg>;
    c.setTimer = (name, afterUs, data) => ctx.setTimer(name === 'tair-save' ? '' : name, afterUs, data);
    return real.handle(s, input, c, o, b);
  };
  const actor: Actor<TfsState, TfsMsg, TfsOptions> = { boot: real.boot, handle };
  const invariants = withCheck ? tfsProtocol.invariants : tfsProtocol.invariants.filter((x) => x.name !== 'tair-save-rearmed');
  return { ...tfsProtocol, actor, invariants };
}

/** The master's machine down for 3 s: the VIP moves, the other NS becomes master and arms its own saves. */
const MASTER_DOWN: FaultStep[] = [{ atUs: seconds(4), kind: 'crash', target: 'ns1', mode: 'machine', forUs: seconds(3) }];
/** ns1 paused for 3 s (its timers wait), then its clock set 5 s ahead (its save falls due at once) and made fast. */
const PAUSE_AND_CLOCK: FaultStep[] = [
  { atUs: seconds(3), kind: 'pause', target: 'ns1', forUs: seconds(3) },
  { atUs: seconds(8), kind: 'clock-offset', target: 'ns1', offsetUs: seconds(5) },
  { atUs: seconds(9), kind: 'clock-drift', target: 'ns1', driftPpm: 200_000 },
];

const run = (protocol: P, seed: number, faults: readonly FaultStep[] = []) =>
  runSimulation({ protocol, seed, options: FAST_OPTIONS, faultPhaseUs: seconds(12), faults });

describe('tfs: tair-save-rearmed', () => {
  it('holds on clean runs: plain, a failover, a pause, a clock jump and drift on the master', () => {
    for (const [seed, faults] of [[1, []], [2, MASTER_DOWN], [3, PAUSE_AND_CLOCK]] as const) {
      const r = run(tfsProtocol, seed, faults);
      expect(r.verdict, `seed ${seed}: ${r.violation?.message}`).toBe('pass');
    }
  });

  it('a master whose save re-arms under another name passes every other check and fails tair-save-rearmed', () => {
    expect(run(renamedSave(false), 1).verdict).toBe('pass');
    const r = run(renamedSave(true), 1);
    expect(r.verdict).toBe('violation');
    expect(r.violation?.name).toBe('tair-save-rearmed');
    // The first save runs at gate-open + 1 s; its successor is due 1 s later: caught within a few seconds.
    expect(r.violation!.atUs).toBeLessThan(seconds(5));
  });
});

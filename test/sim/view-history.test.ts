// The View's client history, client plan and heal instant: what checks read instead of client facts noted in node state.
import { describe, expect, it } from 'vitest';
import { clientHistory, clientPlan, healedAtUs, ms, runSimulation, seconds } from '../../sim/testing.ts';
import type { LivenessPredicate, ScheduledOp, View } from '../../sim/testing.ts';
import { registerProtocol } from '../support/register.ts';
import type { RegState } from '../support/register.ts';

const HEAL_US = seconds(1);
const TAIL_CLIENT = 9;

/** A progress check written on the history: a write planned after the heal must return ok (vacuous if none is planned). */
const tailWriteOk: LivenessPredicate<RegState> = {
  name: 'tail-write-ok',
  description: 'a client write issued after the heal returns ok',
  check(view: View<RegState>) {
    if (!clientPlan(view).some((s) => s.client === TAIL_CLIENT)) return null;
    return clientHistory(view).some((h) => h.client === TAIL_CLIENT && h.outcome === 'ok' && (h.result as { ok: boolean }).ok) ? null : 'no tail write returned ok';
  },
};

const protocol = { ...registerProtocol, liveness: [...registerProtocol.liveness, tailWriteOk] };
const early: ScheduledOp = { atUs: ms(100), target: 'n1', client: 0, op: { type: 'write', value: 1 } };
const tail = (target: string): ScheduledOp => ({ atUs: HEAL_US + ms(200), target, client: TAIL_CLIENT, op: { type: 'write', value: 2 } });
type OnEvent = NonNullable<Parameters<typeof runSimulation>[0]['onEvent']>;
const run = (workload: readonly ScheduledOp[], onEvent?: OnEvent) =>
  runSimulation({ protocol, seed: 1, faultPhaseUs: HEAL_US, workload, ...(onEvent !== undefined ? { onEvent } : {}) });

describe('kernel: the view shows the client history and plan', () => {
  it('is the kernel\'s own history array, updated in place as calls return, and the plan is there before any call', () => {
    const seen: { index: number; history: unknown; ops: number; outcome: string | undefined; plan: number }[] = [];
    const r = run([early], (index, _records, view) => {
      const h = clientHistory(view);
      seen.push({ index, history: view.history, ops: h.length, outcome: h[0]?.outcome, plan: clientPlan(view).length });
    });
    expect(r.verdict, r.violation?.message).toBe('pass');
    expect(seen[0]!.ops).toBe(0);
    expect(seen.every((s) => s.plan === 1)).toBe(true);
    // The same array every event (no copy), and it is the run's result history.
    expect(seen.every((s) => s.history === r.history)).toBe(true);
    expect(seen.some((s) => s.outcome === 'pending')).toBe(true);
    expect(seen.at(-1)!.outcome).toBe('ok');
  });

  it('a check on the history waits for the tail write to return ok', () => {
    const r = run([early, tail('n1')]);
    expect(r.verdict, r.violation?.message).toBe('pass');
    // Not reached at the heal (the plan says a tail write is coming), only once it returned.
    expect(r.livenessReachedAtUs).toBeGreaterThan(HEAL_US + ms(200));
    expect(r.history.find((h) => h.client === TAIL_CLIENT)?.returnUs).toBe(r.livenessReachedAtUs);
  });

  it('is vacuous when the plan has no tail op, and fails when every tail write is refused', () => {
    const none = run([early]);
    expect(none.verdict).toBe('pass');
    expect(none.livenessReachedAtUs).toBeLessThan(HEAL_US + ms(200));
    // n2 is a backup: it answers every client {ok: false}.
    const refused = run([early, tail('n2')]);
    expect(refused.verdict).toBe('liveness');
    expect(refused.violation?.name).toBe('tail-write-ok');
  });

  it('says when the heal happened: null before it, the fault phase\'s end from the heal event on', () => {
    const seen: { nowUs: number; phase: string; heal: number | null }[] = [];
    const r = run([early], (_index, _records, view) => { seen.push({ nowUs: view.nowUs, phase: view.phase, heal: healedAtUs(view) }); });
    expect(r.verdict, r.violation?.message).toBe('pass');
    expect(seen.filter((s) => s.phase === 'faults').every((s) => s.heal === null)).toBe(true);
    const after = seen.filter((s) => s.phase === 'liveness');
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((s) => s.heal === HEAL_US)).toBe(true);
    // A hand-built view has no heal: null.
    expect(healedAtUs({ nowUs: 0, phase: 'liveness', nodes: [], node: () => { throw new Error('none'); }, isNetworkHealed: true, aliasHolder: () => null, canConnect: () => true })).toBeNull();
  });
});

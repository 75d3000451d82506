// The keepalive refusal of a nameserver that may not act (ns-lease.ts:70, `if (!mayAct) return reply(s, false, 'role', ...)`):
// the observation it leaves (keepaliveRefusal), its probe and "sometimes" mark, and the scripted scenario that drives it
// (scenarios/tfs/keepalive-refused-by-vip-slave.json; also run with every other tfs scenario by scenarios.test.ts).
// Why: judged fuzz runs reached the path about once in 60 seeds, so its two mutants survived 40-seed mutation runs.
import { join } from 'node:path';
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import type { ConnId, View } from '../../../sim/index.ts';
import { runSimulation } from '../../../sim/index.ts';
import { loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';
import { DEFAULT_OPTIONS } from '../../../protocols/tfs/options.ts';
import { FAST_OPTIONS, tfsProtocol } from '../../../protocols/tfs/index.ts';
import type { NsState, TfsState } from '../../../protocols/tfs/index.ts';
import { onKeepalive } from '../../../protocols/tfs/ns-lease.ts';
import { TFS_MARKS } from '../../../protocols/tfs/coverage.ts';
import { KEEPALIVE_REFUSAL_PROBES } from '../../../protocols/tfs/keepalive-refusal.ts';
import { fakeCtx, viewOf } from './fake-view.ts';

const SCENARIO = join(import.meta.dirname, '../../../scenarios/tfs/keepalive-refused-by-vip-slave.json');
const MARK = TFS_MARKS.find((m) => m.name === 'keepalive-refused-may-not-act')!;
const PROBE = KEEPALIVE_REFUSAL_PROBES['keepalive-refused-may-not-act']!;

const r0 = runSimulation({ protocol: tfsProtocol, seed: 3, options: FAST_OPTIONS, faultPhaseUs: 1_000_000, faults: [] });
const states = r0.finalStates as Record<string, TfsState>;
const master = Object.values(states).find((s) => s.kind === 'ns' && s.role === 'master') as NsState;
const slave = Object.values(states).find((s) => s.kind === 'ns' && s.role === 'slave') as NsState;
const conn = 1 as unknown as ConnId;
const login = (id: number) => ({ type: 'ns-keepalive' as const, id, kind: 'LOGIN' as const, leaseKey: null });

describe('tfs: a keepalive refused by a nameserver that may not act', () => {
  it('a slave refuses with error role and notes the refusal, its count and its context; nothing else in its state changes', () => {
    const { ctx, sent } = fakeCtx(7_000_000);
    expect(slave.keepaliveRefusal).toBeUndefined();
    const once = onKeepalive(slave, login(1), conn, ctx, DEFAULT_OPTIONS, new Set());
    expect(sent.at(-1)).toMatchObject({ type: 'ns-keepalive-reply', ok: false, error: 'role' });
    expect(once.keepaliveRefusal).toEqual({ count: 1, atUs: 7_000_000, kind: 'LOGIN', role: 'slave', status: 'initialized', isVipLocal: false });
    expect({ ...once, keepaliveRefusal: undefined }).toEqual({ ...slave, keepaliveRefusal: undefined });
    const twice = onKeepalive(once, { type: 'ns-keepalive', id: 2, kind: 'RENEW', leaseKey: 'x' }, conn, ctx, DEFAULT_OPTIONS, new Set());
    expect(twice.keepaliveRefusal).toMatchObject({ count: 2, kind: 'RENEW' });
  });

  it('a master that may act notes no refusal: not when it grants, not when it refuses a stale RENEW (error renew)', () => {
    const { ctx, sent } = fakeCtx(7_000_000);
    const granted = onKeepalive(master, login(1), conn, ctx, DEFAULT_OPTIONS, new Set());
    expect(sent.at(-1)).toMatchObject({ ok: true });
    expect(granted.keepaliveRefusal).toBeUndefined();
    const stale = onKeepalive(master, { type: 'ns-keepalive', id: 2, kind: 'RENEW', leaseKey: 'not-a-lease' }, conn, ctx, DEFAULT_OPTIONS, new Set());
    expect(sent.at(-1)).toMatchObject({ ok: false, error: 'renew' });
    expect(stale.keepaliveRefusal).toBeUndefined();
  });

  it('a master whose VIP check steps it down (isVipCheckedBeforeEachAct) refuses as the slave it became', () => {
    const { ctx: base, sent } = fakeCtx(7_000_000);
    // The step-down re-staggers the DSs' report times (ns-report-periodic.ts): it draws from ctx.prng.
    const ctx = new Proxy(base, { get: (t, k) => (k === 'prng' ? { int: () => 0 } : (t as unknown as Record<string | symbol, unknown>)[k]) });
    const lost = produce(master, (d) => { d.isVipLocal = false; });
    const s = onKeepalive(lost, login(1), conn, ctx, { ...DEFAULT_OPTIONS, isVipCheckedBeforeEachAct: true }, new Set());
    expect(sent.at(-1)).toMatchObject({ ok: false, error: 'role' });
    expect(s.keepaliveRefusal).toMatchObject({ count: 1, role: 'slave', isVipLocal: false });
  });

  it('the probe and the mark hold exactly when some nameserver noted a refusal', () => {
    const { ctx } = fakeCtx(7_000_000);
    const before = viewOf(states);
    expect(MARK.check(before)).toBe(false);
    expect(PROBE.check(before, {})).toBe('no nameserver refused a keepalive');
    const after = viewOf({ ...states, [slave.self]: onKeepalive(slave, login(1), conn, ctx, DEFAULT_OPTIONS, new Set()) });
    expect(MARK.check(after)).toBe(true);
    expect(PROBE.check(after, {})).toBeNull();
  });

  it('scenario keepalive-refused-by-vip-slave: ns2, an initialized slave holding the VIP, refuses ns1\'s LOGIN at 3.502 s, before it switches', () => {
    let first: { atUs: number; refuser: NsState; vip: string | null } | null = null;
    let isMarkFirst = false;
    const o = runScenario(loadScenarioFile(SCENARIO), {
      run: {
        onEvent: (_i, _r, view: View<unknown>) => {
          const v = view as View<TfsState>;
          const isMarked = MARK.check(v);
          if (first !== null || !isMarked) return;
          const n = v.nodes.find((x) => x.state?.kind === 'ns' && x.state.keepaliveRefusal !== undefined)!;
          first = { atUs: v.nowUs, refuser: n.state as NsState, vip: v.aliasHolder('vip') };
          isMarkFirst = PROBE.check(v, {}) === null;
        },
      },
    });
    expect(o.isPassed, o.expectations.filter((e) => !e.isMet).map((e) => `${e.text}: ${e.detail}`).join('; ')).toBe(true);
    expect(first).not.toBeNull();
    const f = first!;
    expect(isMarkFirst).toBe(true);
    // After ns1's check_ pass at 3.5 s (step-down, LOGIN) and before ns2's second role ask gives up at 4.001 s.
    expect(f.atUs).toBeGreaterThan(3_500_000);
    expect(f.atUs).toBeLessThan(4_001_000);
    expect(f.vip).toBe('ns2');
    expect(f.refuser.self).toBe('ns2');
    expect(f.refuser.keepaliveRefusal).toEqual({ count: 1, atUs: f.refuser.keepaliveRefusal!.atUs, kind: 'LOGIN', role: 'slave', status: 'initialized', isVipLocal: true });
    expect(f.refuser.roleAsk).not.toBeNull();
    expect(o.result.coverage?.marks[MARK.name]).toBeTruthy();
  }, 120_000);
});

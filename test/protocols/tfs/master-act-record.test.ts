// lastMasterAct is recorded where a master act is performed, with the role and status it was done in: a keepalive
// answered with success by a node that may not act (the ns-lease.ts:64 mutation slip) is visible to the checks.
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import type { ConnId } from '../../../sim/index.ts';
import { runSimulation } from '../../../sim/index.ts';
import { DEFAULT_OPTIONS } from '../../../protocols/tfs/options.ts';
import { FAST_OPTIONS, tfsProtocol } from '../../../protocols/tfs/index.ts';
import type { NsState, TfsState } from '../../../protocols/tfs/index.ts';
import type { NsCtx } from '../../../protocols/tfs/ns-support.ts';
import { onKeepalive } from '../../../protocols/tfs/ns-lease.ts';
import { noteMasterAct } from '../../../protocols/tfs/ns-role.ts';

const r0 = runSimulation({ protocol: tfsProtocol, seed: 3, options: FAST_OPTIONS, faultPhaseUs: 1_000_000, faults: [] });
const states = r0.finalStates as Record<string, TfsState>;
const master = Object.values(states).find((s) => s.kind === 'ns' && s.role === 'master') as NsState;
const slave = Object.values(states).find((s) => s.kind === 'ns' && s.role === 'slave') as NsState;
const sent: unknown[] = [];
const ctx = new Proxy({ nowUs: 5_000_000 }, {
  get: (t, k) => (k === 'send' ? (_c: unknown, m: unknown) => sent.push(m) : k in t ? (t as Record<string, unknown>)[k as string] : () => 0),
}) as unknown as NsCtx;

describe('tfs: master acts are recorded as performed', () => {
  it('a LOGIN answered with success records answer-keepalive in role master, initialized, with the VIP', () => {
    const s = onKeepalive(produce(master, (d) => { d.lastMasterAct = null; }), { type: 'ns-keepalive', id: 1, kind: 'LOGIN', leaseKey: null }, 1 as unknown as ConnId, ctx, DEFAULT_OPTIONS, new Set());
    expect(sent.at(-1)).toMatchObject({ type: 'ns-keepalive-reply', ok: true });
    expect(s.lastMasterAct).toMatchObject({ what: 'answer-keepalive', role: 'master', status: 'initialized', isVipLocal: true });
  });

  it('a slave answering keepalives is refused; an act noted anyway carries role slave and its VIP state', () => {
    const refused = onKeepalive(produce(slave, (d) => { d.lastMasterAct = null; }), { type: 'ns-keepalive', id: 2, kind: 'LOGIN', leaseKey: null }, 1 as unknown as ConnId, ctx, DEFAULT_OPTIONS, new Set());
    expect(sent.at(-1)).toMatchObject({ ok: false, error: 'role' });
    expect(refused.lastMasterAct).toBeNull();
    const noted = noteMasterAct(produce(slave, (d) => { d.checksSinceVipLost = 2; }), ctx, 'answer-keepalive');
    expect(noted.lastMasterAct).toMatchObject({ role: 'slave', isVipLocal: false, checksSinceVipLost: 2 });
  });
});

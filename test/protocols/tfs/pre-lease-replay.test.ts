// acked-records-applied across a LOGIN reply that arrives after the master's first batch (fuzz seed 829364, issue 18).
import { describe, expect, it } from 'vitest';
import { produce } from 'immer';
import { runSimulation } from '../../../sim/index.ts';
import type { TimerId } from '../../../sim/index.ts';
import { FAST_OPTIONS, tfsProtocol } from '../../../protocols/tfs/index.ts';
import type { NsState, TfsState } from '../../../protocols/tfs/index.ts';
import { onKeepaliveReply } from '../../../protocols/tfs/ns-lease.ts';
import type { NsCtx } from '../../../protocols/tfs/ns-support.ts';
import { viewOf } from './fake-view.ts';

const acked = tfsProtocol.invariants.find((i) => i.name === 'acked-records-applied')!;

/** onKeepaliveReply only cancels the keepalive timer. */
const ctx = { cancelTimer: () => undefined } as unknown as NsCtx;

describe('tfs: batches replayed before the slave learns its lease', () => {
  const r = runSimulation({ protocol: tfsProtocol, seed: 3, options: FAST_OPTIONS, faultPhaseUs: 6_000_000, faults: [] });
  const states = r.finalStates as Record<string, TfsState>;
  const master = states['ns1'] as NsState;
  const slave = states['ns2'] as NsState;
  const leaseKey = master.oplog!.leaseKey;
  /** The slave as it was when the LOGIN reply arrived: everything under the lease replayed, but accounted apart. */
  const beforeReply = (pre: NsState['preLeaseApplied']): NsState => produce(slave, (d) => {
    d.applied = null; d.lease = null;
    d.preLeaseApplied = pre as typeof d.preLeaseApplied;
    d.keepalive = { id: 99, tries: 1, timerId: 1 as unknown as TimerId, kind: 'LOGIN', sentAtUs: 0 };
  });
  const reply = { type: 'ns-keepalive-reply' as const, id: 99, ok: true, error: null, leaseKey, leaseUs: 1_000_000, loggedCount: 0 };

  it('the clean run shipped records the master counts delivered', () => {
    expect(r.verdict).toBe('pass');
    expect(master.oplog!.ackedCount).toBeGreaterThan(0);
    expect(slave.applied?.leaseKey).toBe(leaseKey);
  });

  it('no alarm: the LOGIN reply adopts what the slave replayed under that lease before it', () => {
    const after = onKeepaliveReply(beforeReply(slave.applied), reply, ctx);
    expect(after.applied?.count).toBe(slave.applied!.count);
    expect(after.preLeaseApplied).toBeNull();
    expect(acked.check(viewOf({ ...states, ns2: after }))).toBeNull();
  });

  it('still a violation when the slave never replayed them (nothing accounted under that lease)', () => {
    const after = onKeepaliveReply(beforeReply(null), reply, ctx);
    expect(after.applied?.count).toBe(0);
    expect(acked.check(viewOf({ ...states, ns2: after }))).toMatch(/counts \d+ records delivered, ns2 answered for 0/);
  });

  it('still a violation when what was replayed belongs to another lease', () => {
    const after = onKeepaliveReply(beforeReply({ ...slave.applied!, leaseKey: `${leaseKey}-other` }), reply, ctx);
    expect(after.applied?.count).toBe(0);
    expect(acked.check(viewOf({ ...states, ns2: after }))).toMatch(/delivered/);
  });
});

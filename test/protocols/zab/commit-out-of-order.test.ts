// FIDELITY P14: FollowerZooKeeperServer.commit exits (System.exit, UNMATCHED_TXN_COMMIT) when a COMMIT is not for the
// first pending txn. Unreachable through faults in this model (one FIFO connection; sync, NEWLEADER and forwarding are
// queued in one step), so this drives the follower's handler directly: the anomaly is reported and the process exits
// (ctx.exit, whose kernel side test/sim/exit.test.ts covers), restarted by the supervisor after supervisorRestartUs.
import { describe, expect, it } from 'vitest';
import type { ConnId, Ctx, Input, NodeId } from '../../../sim/index.ts';
import { loadScenario, runScenario } from '../../../scenarios/scenario.ts';
import { zabActor } from '../../../protocols/zab/node.ts';
import type { ZabMsg } from '../../../protocols/zab/messages.ts';
import type { LearnerRole, ZabNode } from '../../../protocols/zab/state.ts';
import { DEFAULT_ZAB_OPTIONS } from '../../../protocols/zab/options.ts';
import { makeZxid } from '../../../protocols/zab/zxid.ts';

// n1 follows n2 in epoch 2, up to date, with 1:1 and 2:1 delivered.
const finals = runScenario(loadScenario('zab/sync-read-from-deposed-leader')).result.finalStates as Record<string, ZabNode>;
const n1 = finals['n1']!;

/** A Ctx that records what the handler does (ids count up; no kernel). */
function recordingCtx(): { ctx: Ctx<ZabMsg>; calls: { name: string; args: unknown[] }[] } {
  const calls: { name: string; args: unknown[] }[] = [];
  let id = 1_000_000;
  const ctx = new Proxy({ self: 'n1', nowUs: 30_000_000, prng: { int: () => 0, next: () => 0 } } as unknown as Ctx<ZabMsg>, {
    get(target, prop) {
      if (prop in target) return (target as unknown as Record<string | symbol, unknown>)[prop];
      return (...args: unknown[]) => { calls.push({ name: String(prop), args }); return ++id; };
    },
  });
  return { ctx, calls };
}

function deliver(s: ZabNode, msgs: readonly ZabMsg[]): { s: ZabNode; calls: { name: string; args: unknown[] }[] } {
  const { ctx, calls } = recordingCtx();
  const conn = (n1.role as LearnerRole).connId as ConnId;
  for (const msg of msgs) {
    const input: Input<ZabMsg> = { type: 'message', from: 'n2' as NodeId, msg, connId: conn };
    s = zabActor.handle(s, input, ctx, DEFAULT_ZAB_OPTIONS, new Set());
  }
  return { s, calls };
}

const proposal = (counter: number): ZabMsg => ({ type: 'proposal', entry: { zxid: makeZxid(2, counter), epoch: 2, txn: { kind: 'error', path: '/x', err: 'no-node' }, origin: null } });
const anomalies = (calls: { name: string; args: unknown[] }[]): unknown[] => calls.filter((c) => c.name === 'anomaly').map((c) => c.args[0]);
const exits = (calls: { name: string; args: unknown[] }[]): unknown[][] => calls.filter((c) => c.name === 'exit').map((c) => c.args);
/** The exit is the last thing the handler does: nothing after it (a reply, a send, a timer) would happen anyway. */
const lastCall = (calls: { name: string; args: unknown[] }[]): string => calls[calls.length - 1]!.name;

describe('zab: COMMIT that is not the first pending txn (FollowerZooKeeperServer.commit)', () => {
  it('starts from a follower up to date in epoch 2', () => {
    expect(n1.state).toBe('FOLLOWING');
    expect((n1.role as LearnerRole).step).toBe('uptodate');
    expect(n1.committedCount).toBe(n1.history.length);
  });

  it('the next pending txn commits normally', () => {
    const { s, calls } = deliver(n1, [proposal(2), proposal(3), { type: 'commit', zxid: makeZxid(2, 2) }]);
    expect(anomalies(calls)).toEqual([]);
    expect(exits(calls)).toEqual([]);
    expect(s.state).toBe('FOLLOWING');
    expect(s.committedCount).toBe(n1.committedCount + 1);
  });

  it('a COMMIT skipping a pending txn: anomaly commit-out-of-order, the process exits (supervisor restart 1 s), nothing delivered', () => {
    const { s, calls } = deliver(n1, [proposal(2), proposal(3), { type: 'commit', zxid: makeZxid(2, 3) }]);
    expect(anomalies(calls)).toEqual(['commit-out-of-order']);
    expect(exits(calls)).toEqual([['Committing zxid 2:3 but next pending txn 2:2 (UNMATCHED_TXN_COMMIT)', 1_000_000]]);
    expect(lastCall(calls)).toBe('exit');
    expect(s.committedCount).toBe(n1.committedCount);
  });

  it('with supervisorRestartUs 0 (no supervisor) the exit asks for no restart', () => {
    const { ctx, calls } = recordingCtx();
    const input: Input<ZabMsg> = { type: 'message', from: 'n2' as NodeId, msg: { type: 'commit', zxid: makeZxid(2, 3) }, connId: (n1.role as LearnerRole).connId as ConnId };
    const opts = { ...DEFAULT_ZAB_OPTIONS, supervisorRestartUs: 0 };
    const s = zabActor.handle(zabActor.handle(n1, { ...input, msg: proposal(2) }, ctx, opts, new Set()), input, ctx, opts, new Set());
    expect(exits(calls)).toEqual([['Committing zxid 2:3 but next pending txn 2:2 (UNMATCHED_TXN_COMMIT)', undefined]]);
    expect(s.committedCount).toBe(n1.committedCount);
  });

  it('a COMMIT of an already delivered zxid while a txn is pending exits too (3.8 compares with the first pending)', () => {
    const { calls } = deliver(n1, [proposal(2), { type: 'commit', zxid: n1.history[n1.history.length - 1]!.zxid }]);
    expect(anomalies(calls)).toEqual(['commit-out-of-order']);
    expect(exits(calls)).toHaveLength(1);
    expect(lastCall(calls)).toBe('exit');
  });

  it('a COMMIT with nothing pending is only warned about', () => {
    const { s, calls } = deliver(n1, [{ type: 'commit', zxid: makeZxid(2, 5) }]);
    expect(anomalies(calls)).toEqual([]);
    expect(exits(calls)).toEqual([]);
    expect(s.state).toBe('FOLLOWING');
  });
});

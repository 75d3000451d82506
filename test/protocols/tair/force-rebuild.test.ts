// force-rebuild-caused (thirteenth session, for the twelfth session's survivor cs-handlers.ts:120 `isForceRebuild:
// false` → `true`): hand-made steps with and without one of set_force_rebuild's reasons; a planted slip that leaves the
// force set on every table written from the peer (what the mutant does) passes every other check and fails this one on
// seed 1; the clean protocol passes the same seed.
import { describe, expect, it } from 'vitest';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import type { Actor, Input, ProtocolModule } from '../../../sim/index.ts';
import { tairProtocol } from '../../../protocols/tair/index.ts';
import type { TairMsg } from '../../../protocols/tair/messages.ts';
import type { TairOptions } from '../../../protocols/tair/options.ts';
import type { CsState, TairState } from '../../../protocols/tair/state.ts';
import { forceProblem } from '../../../protocols/tair/force-rebuild-invariant.ts';
import { readyCs } from './cs-fixture.ts';

type P = ProtocolModule<TairState, TairMsg, TairOptions>;

/** cs-handlers.ts:120 planted: a table written from the peer (pulled or pushed) leaves a forced rebuild. */
const writtenTableForces = (withCheck: boolean): P => ({
  ...tairProtocol,
  invariants: withCheck ? tairProtocol.invariants : tairProtocol.invariants.filter((x) => x.name !== 'force-rebuild-caused'),
  actor: {
    ...tairProtocol.actor,
    handle: (s: TairState, i: Input<TairMsg>, c, o, b) => {
      const next = tairProtocol.actor.handle(s, i, c, o, b);
      if (s.kind !== 'configserver' || next.kind !== 'configserver' || i.type !== 'message' || i.msg.type !== 'server-table' || i.msg.what !== 'data') return next;
      return i.msg.table !== null && next.table === i.msg.table ? { ...next, isForceRebuild: true } : next;
    },
  } as Actor<TairState, TairMsg, TairOptions>,
});

const withDs = (s: CsState, ds: string, status: CsState['ds'][string]['status']): CsState => ({ ...s, ds: { ...s.ds, [ds]: { ...s.ds[ds]!, status } } });

describe('tair: force-rebuild-caused', () => {
  const base = readyCs('cs1', 10_000_000);
  const ds = Object.keys(base.ds)[0]!;

  it('judges one step: a force newly held needs a start-up 0 entry or a dataserver STANDBY <-> ALIVE', () => {
    const forced = { ...base, isForceRebuild: true };
    // No reason: a written table (versions moved), a loop step, anything else.
    expect(forceProblem('cs1', base, { ...forced, table: { ...base.table, version: 12 } })).toMatch(/cs1 now holds a forced rebuild \(table 12, phase ready\) with no start-up 0 entry/);
    expect(forceProblem('cs1', base, { ...forced, curTimeUs: 11_000_000 })).toMatch(/no start-up 0 entry/);
    // set_server_alive, the not-ready report, and a new master's start-up with a 0 entry (emptyTable has them all).
    expect(forceProblem('cs1', withDs(base, ds, 'standby'), withDs(forced, ds, 'alive'))).toBeNull();
    expect(forceProblem('cs1', base, withDs(forced, ds, 'standby'))).toBeNull();
    expect(forceProblem('cs1', { ...base, phase: 'syncing' }, forced)).toBeNull();
    // A dataserver going DOWN is no reason (the loop queues that build itself); a force already held is not judged again.
    expect(forceProblem('cs1', base, withDs(forced, ds, 'down'))).toMatch(/no start-up 0 entry/);
    expect(forceProblem('cs1', forced, { ...forced, curTimeUs: 11_000_000 })).toBeNull();
    expect(forceProblem('cs1', base, base)).toBeNull();
  });

  it('a written table that keeps a forced rebuild fails on seed 1 and passes every other check; the clean protocol passes seed 1', () => {
    expect(runFuzzSeed({ protocol: tairProtocol, seed: 1 }).verdict).toBe('pass');
    expect(runFuzzSeed({ protocol: writtenTableForces(false), seed: 1 }).verdict).toBe('pass');
    const r = runFuzzSeed({ protocol: writtenTableForces(true), seed: 1 });
    expect(r.violation?.name).toBe('force-rebuild-caused');
  });
});

// group.conf reaches the slave only as Tair sends it (fuzz seed 300420): on a mtime change with the slave ALIVE, and
// again on a reopened link only when that push may have been lost with a broken connection.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConnId, NodeId } from '../../../sim/index.ts';
import { loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';
import { onCsConn } from '../../../protocols/tair/cs-handlers.ts';
import { pushGroupFile } from '../../../protocols/tair/cs-common.ts';
import { onLoop } from '../../../protocols/tair/cs-loop.ts';
import { defaultTairOptions } from '../../../protocols/tair/options.ts';
import type { CsState } from '../../../protocols/tair/state.ts';
import { fakeCtx, readyCs } from './cs-fixture.ts';

const o = defaultTairOptions;
const conn = (n: number) => n as unknown as ConnId;
const opened = (n: number) => ({ type: 'conn-opened' as const, connId: conn(n), peer: 'cs1' as NodeId, isInitiator: true, address: 'cs1' as never });
const closed = (n: number) => ({ type: 'conn-closed' as const, connId: conn(n), peer: 'cs1' as NodeId, reason: 'broken' as never });
/** cs0 is master with an open link to cs1 on connection 7. */
const master = (): CsState => ({ ...readyCs('cs0', 1_000_000), links: { cs1: { connId: conn(7), isOpen: true, queue: [] } } });
/** cs0 after its link to cs1 broke and was dialled again on connection 1 (the fake ctx's first id). */
const reopened = (s: CsState) => {
  const ctx = fakeCtx(2_000_000, true, 'cs0');
  const dialled: CsState = { ...s, links: { cs1: { connId: conn(1), isOpen: false, queue: [] } } };
  onCsConn(dialled, opened(1), 'cs0', ctx, o);
  return ctx.sent.map((m) => (m.type === 'server-table' ? m.what : m.type));
};

describe('tair: group.conf resend on a reopened link', () => {
  it('resends the table but not group.conf when no push of the file was lost', () => {
    expect(reopened(master())).toEqual(['data']);
  });

  it('resends group.conf when the connection its push went on broke before the next loop', () => {
    const pushed = pushGroupFile(master(), 'cs1', fakeCtx(1_000_000, true, 'cs0'));
    expect(pushed.confPushConn).toBe(conn(7));
    const broken = onCsConn(pushed, closed(7), 'cs0', fakeCtx(1_100_000, false, 'cs0'), o);
    expect(broken.isConfResendDue).toBe(true);
    expect(reopened(broken)).toEqual(['data', 'conf']);
  });

  it('counts a push whose connection is still open at the next loop as delivered', () => {
    const pushed = pushGroupFile(master(), 'cs1', fakeCtx(1_000_000, true, 'cs0'));
    const looped = onLoop(pushed, 'cs0', fakeCtx(2_000_000, true, 'cs0'), o, new Set());
    expect(looped.confPushConn).toBeNull();
    const broken = onCsConn(looped, closed(7), 'cs0', fakeCtx(2_100_000, false, 'cs0'), o);
    expect(reopened(broken)).toEqual(['data']);
  });

  it('seed 300420 (shrunk): the slave that was DOWN at the edit never gets the file and follows the master', () => {
    const out = runScenario(loadScenarioFile(join(import.meta.dirname, '../../../scenarios/tair/slave-down-misses-group-conf-edit.json')));
    expect(out.result.verdict, out.result.violation?.message ?? '').toBe('pass');
    expect(out.isPassed).toBe(true);
  });
});

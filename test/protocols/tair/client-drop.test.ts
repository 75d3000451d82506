// client-drops-table-for-newer (tenth session, for the ninth session's survivor client.ts:59 `msg.version >
// s.configVersion` → `true`): a planted slip that drops the table on a kv answer at any other client version, older
// ones too, fails the check on a fuzz seed, and the clean protocol passes the same seed with every check in place.
import { describe, expect, it } from 'vitest';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import type { Actor, Input, ProtocolModule } from '../../../sim/index.ts';
import { tairProtocol } from '../../../protocols/tair/index.ts';
import type { TairMsg } from '../../../protocols/tair/messages.ts';
import type { TairOptions } from '../../../protocols/tair/options.ts';
import type { ClientState, TairState } from '../../../protocols/tair/state.ts';
import { dropProblem } from '../../../protocols/tair/client-drop-invariant.ts';

type P = ProtocolModule<TairState, TairMsg, TairOptions>;

/** client.ts:59 with the version test forced true: any kv answer at another (non-zero) client version drops the table. */
const dropsOnAnyVersion: P = {
  ...tairProtocol,
  actor: {
    ...tairProtocol.actor,
    handle: (s: TairState, i: Input<TairMsg>, c, o, b) => {
      const next = tairProtocol.actor.handle(s, i, c, o, b);
      if (s.kind !== 'client' || next.kind !== 'client' || i.type !== 'message' || i.msg.type !== 'kv-reply') return next;
      const req = i.msg.req;
      const isOther = i.msg.version !== s.configVersion && i.msg.version !== 0 && s.pending.some((p) => p.req === req);
      return isOther && next.table !== null ? { ...next, table: null } : next;
    },
  } as Actor<TairState, TairMsg, TairOptions>,
};

const client = (table: ClientState['table'], configVersion: number, newConfigVersion: number): ClientState =>
  ({ kind: 'client', table, configVersion, newConfigVersion, csIndex: 0, pending: [], nextReq: 1, lastRefreshUs: 0, links: {} });
const someTable = { version: 12, clientVersion: 12, transitionVersion: 0, hash: [['ds1']], dest: [['ds1']] } as unknown as ClientState['table'];

describe('tair: client-drops-table-for-newer', () => {
  it('judges one client step: a drop on news of a newer version passes, on an older or equal one fails', () => {
    expect(dropProblem('c1', client(someTable, 12, 12), client(null, 12, 13))).toBeNull();
    expect(dropProblem('c1', client(someTable, 12, 12), client(null, 12, 11))).toMatch(/c1 dropped its table at client version 12 on news of version 11, not a newer one/);
    expect(dropProblem('c1', client(someTable, 12, 12), client(null, 12, 12))).toMatch(/not a newer one/);
    expect(dropProblem('c1', client(someTable, 12, 12), client(someTable, 12, 11))).toBeNull();
    expect(dropProblem('c1', client(null, 12, 13), client(null, 12, 11))).toBeNull();
  });

  it('a client that drops its table on an older version fails on seed 3; the clean protocol passes it', () => {
    expect(runFuzzSeed({ protocol: tairProtocol, seed: 3 }).verdict).toBe('pass');
    const r = runFuzzSeed({ protocol: dropsOnAnyVersion, seed: 3 });
    expect(r.violation?.name).toBe('client-drops-table-for-newer');
  });
});

// messages.ts answers isIntact from a ring of the messages seal() stamped last, and sends shared sealed objects (the
// dataserver heartbeat, the four heartbeat answers, a new block's announcement to each server, the agent's ping to
// both nameservers). This shows the ring's answer is the full check's for every message delivered in fuzz seeds
// (damaged copies included) and for planted copies, and that each constant is what sealing a fresh literal gives.
import { describe, expect, it } from 'vitest';
import { crcOf } from '../../../sim/index.ts';
import type { ProtocolModule } from '../../../sim/index.ts';
import { tfsProtocol } from '../../../protocols/tfs/index.ts';
import type { TfsMsg, TfsOptions, TfsState } from '../../../protocols/tfs/index.ts';
import { DS_HEARTBEAT, heartbeatReply, isIntact, seal } from '../../../protocols/tfs/messages.ts';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';

type P = ProtocolModule<TfsState, TfsMsg, TfsOptions>;

/** The full check: the sum is the CRC of what it covers (messages.ts `covered`). */
function fullCheck(m: TfsMsg): boolean {
  const { sum, ...rest } = m as TfsMsg & { sum?: number };
  const cover = m.type === 'oplog-sync' ? { ...rest, data: undefined } : rest;
  return typeof sum === 'number' && crcOf(cover) === sum;
}

describe('tfs sealed ring: isIntact against the full check', () => {
  it('answers as the full check for every message delivered in fuzz seeds, damaged ones included', () => {
    let count = 0;
    let damaged = 0;
    let shared = 0;
    const seen = new Set<object>();
    const real = tfsProtocol.actor;
    const protocol: P = {
      ...tfsProtocol,
      actor: {
        ...real,
        handle: (s, input, ctx, o, b) => {
          if (input.type === 'message') {
            const m = input.msg;
            const want = fullCheck(m);
            expect(isIntact(m), JSON.stringify(m)).toBe(want);
            count++;
            if (!want) damaged++;
            if (seen.has(m)) shared++;
            seen.add(m);
          }
          return real.handle(s, input, ctx, o, b);
        },
      },
    };
    for (const seed of [1000, 1001, 1002, 1003, 7000, 7001]) runFuzzSeed({ protocol, seed });
    expect(count).toBeGreaterThan(3000);
    // Shared objects were delivered more than once; some seeds damage messages in transit.
    expect(shared).toBeGreaterThan(100);
    expect(damaged).toBeGreaterThan(0);
  });

  it('finds a damaged copy of a message still in the ring, and a message sealed too long ago, by the full check', () => {
    const m = seal({ type: 'new-block', blockId: 100101, tag: 'ns1:7:100101' } as TfsMsg & { type: 'new-block' });
    expect(isIntact(m)).toBe(true);
    expect(isIntact(m)).toBe(true); // taken twice: a message sent to two servers
    const copy = { ...m };
    expect(isIntact(copy)).toBe(true); // not in the ring: the full check, which passes
    expect(isIntact({ ...m, blockId: 100102 })).toBe(false);
    expect(isIntact({ ...m, tag: 'ns1:7:100102' })).toBe(false);
    expect(isIntact({ ...m, sum: (m.sum! + 1) >>> 0 })).toBe(false);
    for (let i = 0; i < 600; i++) seal({ type: 'ha-pong', n: i, role: 'master' });
    expect(isIntact(m)).toBe(true);
  });

  it('sends constants equal to sealing a fresh literal', () => {
    expect(JSON.stringify(DS_HEARTBEAT)).toBe(JSON.stringify(seal({ type: 'ds-heartbeat' })));
    for (const role of ['master', 'slave'] as const) {
      for (const isReportWanted of [false, true]) {
        const fresh = seal({ type: 'ds-heartbeat-reply', role, isReportWanted });
        expect(JSON.stringify(heartbeatReply(role, isReportWanted))).toBe(JSON.stringify(fresh));
        expect(Object.isFrozen(heartbeatReply(role, isReportWanted))).toBe(true);
      }
    }
    expect(Object.isFrozen(DS_HEARTBEAT)).toBe(true);
  });
});

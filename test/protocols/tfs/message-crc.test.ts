// message-crc.ts folds a message's transport checksum from TFS's per-type member tables (by sim's shape-crc.ts) instead
// of the generic canonical fold. This shows both give the same sum for every message delivered in fuzz seeds (damaged
// copies included), that the fast fold answers for all but a few of them, and that what TFS's tables do not describe
// (a type or op not listed, a sealed message) is left to the generic fold. test/sim/shape-crc.test.ts checks the fold
// itself (escapes, undefined and extra members, odd numbers, non-plain objects).
import { describe, expect, it } from 'vitest';
import { canonicalJson, crc32, crcOf } from '../../../sim/index.ts';
import type { ProtocolModule } from '../../../sim/index.ts';
import { tfsProtocol } from '../../../protocols/tfs/index.ts';
import type { TfsMsg, TfsOptions, TfsState } from '../../../protocols/tfs/index.ts';
import { unsealedMessageCrc } from '../../../protocols/tfs/message-crc.ts';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';

type P = ProtocolModule<TfsState, TfsMsg, TfsOptions>;

/** The generic answer: crcOf of what the sum covers (messages.ts `covered`, for a message without a sum). */
const generic = (m: TfsMsg): number => crcOf(m.type === 'oplog-sync' ? { ...m, data: undefined } : m);

/** A delivered message without its sum, as seal() sees it. */
function unsealed(m: TfsMsg): TfsMsg {
  const { sum: _, ...rest } = m as TfsMsg & { sum?: number };
  return rest as TfsMsg;
}

describe('tfs message-crc: table fold against the generic canonical fold', () => {
  it('gives the generic sum for every message delivered in fuzz seeds', () => {
    const seen: TfsMsg[] = [];
    const real = tfsProtocol.actor;
    const protocol: P = { ...tfsProtocol, actor: { ...real, handle: (s, input, ctx, o, b) => { if (input.type === 'message') seen.push(input.msg); return real.handle(s, input, ctx, o, b); } } };
    for (const seed of [1000, 1001, 1002, 7000]) runFuzzSeed({ protocol, seed });
    expect(seen.length).toBeGreaterThan(2000);
    const types = new Set<string>();
    let fast = 0;
    for (const m of seen) {
      const u = unsealed(m);
      const got = unsealedMessageCrc(u);
      if (got === null) continue;
      fast++;
      types.add(m.type);
      expect(got, JSON.stringify(u)).toBe(generic(u));
    }
    expect(fast).toBeGreaterThan(seen.length * 0.99);
    expect(types.size).toBeGreaterThan(15);
  });

  it('agrees on every listed shape, optional members present and absent, odd numbers included', () => {
    const msgs: TfsMsg[] = [
      { type: 'new-block', blockId: 100101, tag: 'ns1:7:100101' },
      { type: 'new-block', blockId: 100101, tag: 'ns1:7:100101', mirror: 100000 },
      { type: 'oplog-sync', leaseKey: 'k', batchId: 3, startSeqno: 1, recordCount: 2, alloc: true, length: 4, data: [1, 2, 3, 4] },
      { type: 'client-req', id: 1, op: { type: 'read-block', nth: -7 } },
      { type: 'client-req', id: 1, op: { type: 'create-block' } },
      { type: 'client-resp', id: 2, result: { ok: true, blockId: 5, servers: ['ds1', 'ds2'] } },
      { type: 'client-resp', id: 2, result: { ok: true, blockId: 5 } },
      { type: 'client-resp', id: 2, result: { ok: false, error: 'EXIT_NO_BLOCK' } },
      { type: 'ns-keepalive-reply', id: 0, ok: false, error: null, leaseKey: null, leaseUs: 1.5, loggedCount: -0 },
      { type: 'tair-advanced', id: 3, value: Number.NaN, mirror: 2 ** 60 },
      // Digits by integer division up to 2^31 - 1, by double division past it (message-crc.ts number).
      { type: 'tair-advanced', id: 2147483647, value: 2147483648, mirror: -2147483648 },
      { type: 'tair-advanced', id: 0, value: 10, mirror: -1999999999 },
      { type: 'tair-advanced', id: 9, value: 1000000000, mirror: 2 ** 53 - 1 },
      { type: 'block-report', blocks: [] },
      { type: 'block-report', blocks: [1, 2e21, -3, 4.25] },
      { type: 'replicate-block-done', seqno: 1, blockId: 2, source: 'ds1', dest: 'ds2', isMove: false, isFailed: true },
      { type: 'ha-ping', epochUs: 0, n: 9, holder: 'ns2\u00e9\u4e2d' },
      { type: 'ds-heartbeat' },
    ];
    for (const m of msgs) expect(unsealedMessageCrc(m), JSON.stringify(m)).toBe(generic(m));
    // The table's step is sim/crc32.ts's: a text folded here and there gives one CRC.
    const m = msgs[0]!;
    expect(unsealedMessageCrc(m)).toBe(crc32(canonicalJson(m)));
  });

  it('leaves to the generic fold what the tables do not describe exactly', () => {
    const planted: unknown[] = [
      { type: 'new-block', blockId: 1, tag: 't', extra: 1 }, // a member no table lists
      { type: 'client-req', id: 1, op: { type: 'create-block', x: 1 } }, // a nested member no table lists
      { type: 'client-req', id: 1, op: { type: 'no-such-op' } }, // a nested shape not listed
      { type: 'client-resp', id: 1, result: { ok: 1, error: 'x' } }, // a result that is neither
      { type: 'ds-heartbeat', sum: 5 }, // already sealed
      { type: 'no-such-type' },
    ];
    for (const m of planted) expect(unsealedMessageCrc(m as TfsMsg), JSON.stringify(m)).toBeNull();
    // A slip the count check guards: with the extra member the generic sum differs from the listed members' one.
    expect(generic(planted[0] as TfsMsg)).not.toBe(unsealedMessageCrc({ type: 'new-block', blockId: 1, tag: 't' }));
  });
});
